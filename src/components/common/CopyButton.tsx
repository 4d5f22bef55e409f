import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
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

type Outcome = 'copied' | 'refused' | null;

// Clipboard access can be refused (an insecure origin, a permission, a browser without the
// API): the button says so for a moment instead of seeming to have copied nothing.
const SAID = { copied: 'Copied', refused: 'The browser refused to copy; select the text instead' };

export function CopyButton({ label, color = 'default', ...what }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(null), outcome === 'refused' ? 4000 : 1500);
    return () => clearTimeout(timer);
  }, [outcome]);

  const copy = () => {
    writeClipboard('text' in what ? { text: what.text } : what.getContent()).then(
      () => setOutcome('copied'),
      () => setOutcome('refused'),
    );
  };

  const Icon =
    outcome === 'copied' ? CheckIcon : outcome === 'refused' ? ErrorOutlineIcon : ContentCopyIcon;
  return (
    <Hint title={outcome ? SAID[outcome] : label}>
      <IconButton
        size="small"
        color={color}
        aria-label={outcome ? `${label}: ${SAID[outcome]}` : label}
        onClick={copy}
      >
        <Icon fontSize="inherit" />
      </IconButton>
    </Hint>
  );
}
