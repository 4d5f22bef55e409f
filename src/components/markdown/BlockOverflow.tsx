import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { CopyButton } from '../common/CopyButton';

type BlockOverflowProps = {
  shown: number;
  total: number;
  /** What is counted, plural: "rows", "lines". */
  unit: string;
  /** The whole block, for the clipboard. */
  copyText: string;
  copyLabel: string;
  onShowAll: () => void;
};

const count = new Intl.NumberFormat();

/** Says that a very large table or code block is shown in part, with the way to the rest. */
export function BlockOverflow({
  shown,
  total,
  unit,
  copyText,
  copyLabel,
  onShowAll,
}: BlockOverflowProps) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mt: 0.5 }}>
      <Typography variant="caption" sx={{ color: 'text.secondary' }}>
        Showing the first {count.format(shown)} of {count.format(total)} {unit}.
      </Typography>
      <Button size="small" onClick={onShowAll}>
        Show all {unit}
      </Button>
      <CopyButton text={copyText} label={copyLabel} />
    </Box>
  );
}
