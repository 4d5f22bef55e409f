import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { UiMessage } from '../../store/types';
import { RetryButton } from './RetryButton';

type MessageStateProps = { message: UiMessage };

/**
 * What happened to a message, in words: a stopped or incomplete answer, a question answered
 * but not saved (storage was down), or one that failed, with why and a way forward.
 */
export function MessageState({ message }: MessageStateProps) {
  const failed = message.deliveryStatus === 'failed' && message.clientMessageId !== undefined;
  const notes = [
    message.stopped && 'Stopped',
    message.incomplete && 'This answer was cut off before the end.',
    message.notSaved && 'Not saved: this turn is not kept in the conversation history.',
  ].filter((note): note is string => typeof note === 'string');
  if (notes.length === 0 && !failed) return null;
  return (
    <Box sx={{ mt: 0.5 }}>
      {notes.map((note) => (
        <Typography key={note} variant="caption" sx={{ display: 'block', opacity: 0.8 }}>
          {note}
        </Typography>
      ))}
      {failed && (
        <>
          <Typography variant="caption" sx={{ display: 'block', fontWeight: 500 }}>
            {message.failure ?? 'This message was not delivered.'}
          </Typography>
          <RetryButton clientMessageId={message.clientMessageId!} />
        </>
      )}
    </Box>
  );
}
