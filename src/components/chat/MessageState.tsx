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
 * "Continue", under the latest answer if it was stopped. Its own component, so that only a
 * stopped answer listens to which message is the latest, not every bubble.
 */
function ContinueButton({ messageKey }: { messageKey: string }) {
  const latest = useChatStore((s) => lastMessage(s)?.key === messageKey);
  if (!latest) return null;
  const continueAnswer = () => {
    if (useChatStore.getState().sendMessage(CONTINUE_TEXT, 'button')) returnToComposer();
  };
  return (
    <Button size="small" variant="outlined" onClick={continueAnswer} sx={{ mt: 0.5 }}>
      Continue
    </Button>
  );
}

/**
 * What happened to a message, in words: a question asked again, a stopped answer (the latest
 * one offers to continue) or an incomplete one, a question answered but not saved (storage
 * was down), or one that failed, with why and a way forward.
 */
export function MessageState({ message }: MessageStateProps) {
  const failed = message.deliveryStatus === 'failed' && message.clientMessageId !== undefined;
  const notes = [
    message.askedAgain && 'Asked again',
    message.stopped && 'Stopped',
    message.incomplete && 'This answer was cut off before the end.',
    message.notSaved && 'Not saved: this turn is not kept in the conversation history.',
  ].filter((note): note is string => typeof note === 'string');
  if (notes.length === 0 && !failed) return null;
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
      {message.stopped && <ContinueButton messageKey={message.key} />}
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
