import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import IconButton from '@mui/material/IconButton';
import { useEffect, useState } from 'react';
import { writeClipboard, type CopyContent } from './clipboard';
import { Hint } from './Hint';

type CopyButtonProps = (
  | { text: string }
  /** Works out what to copy when the button is pressed. */
  | { getContent: () => CopyContent }
) & {
  label: string;
  /** `inherit` on a coloured background (the user's bubble). */
  color?: 'default' | 'inherit';
};

export function CopyButton({ label, color = 'default', ...what }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    // Clipboard access can be refused (insecure origin, permissions); the button just stays.
    writeClipboard('text' in what ? { text: what.text } : what.getContent()).then(
      () => setCopied(true),
      () => undefined,
    );
  };

  return (
    <Hint title={copied ? 'Copied' : label}>
      <IconButton size="small" color={color} aria-label={label} onClick={copy}>
        {copied ? <CheckIcon fontSize="inherit" /> : <ContentCopyIcon fontSize="inherit" />}
      </IconButton>
    </Hint>
  );
}
