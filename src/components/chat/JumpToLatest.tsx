import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import Button from '@mui/material/Button';

type JumpToLatestProps = { onJump: () => void };

/** Shown when the reader has scrolled up and new content arrived below. */
export function JumpToLatest({ onJump }: JumpToLatestProps) {
  return (
    <Button
      variant="contained"
      size="small"
      startIcon={<ArrowDownwardIcon />}
      onClick={onJump}
      sx={{
        position: 'absolute',
        bottom: 12,
        left: '50%',
        transform: 'translateX(-50%)',
        borderRadius: 5,
        boxShadow: 3,
      }}
    >
      Jump to latest
    </Button>
  );
}
