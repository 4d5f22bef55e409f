import Button from '@mui/material/Button';
import { useChatStore } from '../../store/useChatStore';

type RetryButtonProps = { clientMessageId: string };

/** Sends a failed message again. */
export function RetryButton({ clientMessageId }: RetryButtonProps) {
  const retryMessage = useChatStore((s) => s.retryMessage);
  return (
    <Button
      size="small"
      variant="contained"
      color="inherit"
      onClick={() => retryMessage(clientMessageId)}
      sx={{ mt: 0.5, color: 'text.primary' }}
    >
      Retry
    </Button>
  );
}
