import StopCircleIcon from '@mui/icons-material/StopCircle';
import Button from '@mui/material/Button';
import { lastMessage } from '../../store/selectors';
import { useChatStore } from '../../store/useChatStore';

/** Stops the answer being written; what arrived so far stays, marked as stopped. */
export function StopButton() {
  // Offered from the moment the assistant starts working: a stop asked for before the first
  // words arrive is held by the store and sent with them.
  const answering = useChatStore((s) => {
    const last = lastMessage(s);
    return (
      s.typing[s.currentSessionId ?? ''] !== undefined ||
      (last?.role === 'assistant' && last.streaming === true)
    );
  });
  const cancelReply = useChatStore((s) => s.cancelReply);
  if (!answering) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<StopCircleIcon />}
      onClick={cancelReply}
      sx={{ mb: 1 }}
    >
      Stop answering
    </Button>
  );
}
