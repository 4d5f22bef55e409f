import StopCircleIcon from '@mui/icons-material/StopCircle';
import Button from '@mui/material/Button';
import { useChatStore } from '../../store/useChatStore';

/** Stops the answer being written; what arrived so far stays, marked as stopped. */
export function StopButton() {
  const streaming = useChatStore((s) => {
    const keys = s.order[s.currentSessionId ?? ''];
    const last = keys?.length ? s.messages[keys[keys.length - 1]!] : undefined;
    return last?.role === 'assistant' && last.streaming === true;
  });
  const cancelReply = useChatStore((s) => s.cancelReply);
  if (!streaming) return null;
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
