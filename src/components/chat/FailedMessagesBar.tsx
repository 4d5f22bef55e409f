import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useChatStore } from '../../store/useChatStore';

/** When several messages could not be delivered, one button retries them all. */
export function FailedMessagesBar() {
  const failed = useChatStore(
    (s) => s.outbox.filter((id) => s.messages[id]?.deliveryStatus === 'failed').length,
  );
  const retryAllFailed = useChatStore((s) => s.retryAllFailed);
  if (failed < 2) return null;
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={retryAllFailed}>
          Retry all
        </Button>
      }
    >
      {failed} messages were not delivered.
    </Alert>
  );
}
