import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import Button from '@mui/material/Button';
import { lastMessage } from '../../store/selectors';
import type { UiMessage } from '../../store/types';
import { useChatStore } from '../../store/useChatStore';
import { returnToComposer } from './composerFocus';
import { RetryButton } from './RetryButton';

/** What "Continue" asks: the assistant has the stopped answer in its context. */
export const CONTINUE_TEXT = 'Continue';

type MessageStateProps = { message: UiMessage };

/**
 * What happened to a message, in words: a question asked again, a stopped answer (the latest
 * one offers to continue) or an incomplete one, a question answered but not saved (storage
 * was down), or one that failed, with why and a way forward.
 */
export function MessageState({ message }: MessageStateProps) {
  const canContinue = useChatStore(
    (s) => message.stopped === true && lastMessage(s)?.key === message.key,
  );
  const sendMessage = useChatStore((s) => s.sendMessage);
  const failed = message.deliveryStatus === 'failed' && message.clientMessageId !== undefined;
  const notes = [
    message.askedAgain && 'Asked again',
    message.stopped && 'Stopped',
    message.incomplete && 'This answer was cut off before the end.',
    message.notSaved && 'Not saved: this turn is not kept in the conversation history.',
  ].filter((note): note is string => typeof note === 'string');
  if (notes.length === 0 && !failed) return null;
  const continueAnswer = () => {
    if (sendMessage(CONTINUE_TEXT, 'button')) returnToComposer();
  };
  return (
    <Box sx={{ mt: 0.5 }}>
      {notes.map((note) => (
        // 0.9 on the user's blue keeps the words at 5:1.
        <Typography
          key={note}
          variant="caption"
          sx={{ display: 'block', opacity: message.role === 'user' ? 0.9 : 0.8 }}
        >
          {note}
        </Typography>
      ))}
      {canContinue && (
        <Button size="small" variant="outlined" onClick={continueAnswer} sx={{ mt: 0.5 }}>
          Continue
        </Button>
      )}
      {failed && (
        <>
          {/* In words, not only the icon's shape and colour. */}
          <Typography variant="caption" sx={{ display: 'block', fontWeight: 600 }}>
            Not delivered
          </Typography>
          {message.failure && (
            <Typography variant="caption" sx={{ display: 'block' }}>
              {message.failure}
            </Typography>
          )}
          <RetryButton clientMessageId={message.clientMessageId!} />
        </>
      )}
    </Box>
  );
}
