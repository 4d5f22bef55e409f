import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import IconButton from '@mui/material/IconButton';
import { useEffect, useState } from 'react';
import { Hint } from './Hint';

type CopyButtonProps = {
  text: string;
  label: string;
  /** `inherit` on a coloured background (the user's bubble). */
  color?: 'default' | 'inherit';
};

export function CopyButton({ text, label, color = 'default' }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    // Clipboard access can be refused (insecure origin, permissions); the button just stays.
    navigator.clipboard?.writeText(text).then(
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
