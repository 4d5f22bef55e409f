import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { memo, useRef, useState } from 'react';
import { useMessage } from '../../store/useMessage';
import { MarkdownArea, MarkdownContent } from '../markdown/MarkdownContent';
import { returnToComposer } from './composerFocus';
import { DeliveryStatusIcon } from './DeliveryStatusIcon';
import { EditMessageForm } from './EditMessageForm';
import { EDIT_LABEL, MessageActions } from './MessageActions';
import { MessageErrorBoundary } from './MessageErrorBoundary';
import { MessageState } from './MessageState';
import { useShownText } from './useShownText';

// In the browser's locale, as its user reads dates and times: "14:05" (en-GB) or "02:05 PM"
// (en-US) today, "3 Dec, 14:05" or "Dec 3, 02:05 PM" another day, the year added when it is
// not this one.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const yearDateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * When a message was written: the time of day today, with the date on other (local calendar)
 * days; nothing for a timestamp that is not a date (it comes from the network). Worked out
 * when the bubble renders: one on screen at midnight says the time alone until it renders again.
 */
function timeOf(timestamp: string, now = new Date()): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return '';
  if (date.getFullYear() !== now.getFullYear()) return yearDateTimeFormat.format(date);
  const today = date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return (today ? timeFormat : dateTimeFormat).format(date);
}

type MessageBubbleProps = { messageKey: string };

type AnswerTextProps = { messageKey: string; streaming?: boolean; cutOff?: boolean };

/**
 * An answer's text, as far as it has arrived. The one part of a bubble that a streamed
 * update renders again, at most every 100 ms (useShownText).
 */
function AnswerText({ messageKey, streaming, cutOff }: AnswerTextProps) {
  const content = useShownText(messageKey);
  return (
    <MessageErrorBoundary text={content}>
      <MarkdownContent content={content} streaming={streaming} cutOff={cutOff} />
    </MessageErrorBoundary>
  );
}

/**
 * One message. It hears only about its own message (useMessage); while a reply streams,
 * only its AnswerText renders again, so a delta re-renders this bubble's text alone.
 */
export const MessageBubble = memo(function MessageBubble({ messageKey }: MessageBubbleProps) {
  const message = useMessage(messageKey);
  const answer = useRef<HTMLDivElement>(null);
  const article = useRef<HTMLElement>(null);
  const [editing, setEditing] = useState(false);
  if (!message) return null;
  const fromUser = message.role === 'user';
  const time = timeOf(message.timestamp);

  return (
    <Box
      component="article"
      ref={article}
      aria-label={fromUser ? 'You said' : 'Assistant said'}
      // Where the reader is, for the transcript to keep when older messages come (MessageList).
      data-message-key={messageKey}
      sx={{ display: 'flex', justifyContent: fromUser ? 'flex-end' : 'flex-start', mb: 2 }}
    >
      {editing ? (
        <EditMessageForm
          initial={message.content}
          onDone={(sent) => {
            setEditing(false);
            // Sent: the new message is at the bottom, and writing is next. Cancelled: back to
            // the button that opened the edit.
            if (sent) returnToComposer();
            else
              requestAnimationFrame(() =>
                article.current
                  ?.querySelector<HTMLElement>(`[aria-label="${EDIT_LABEL}"]`)
                  ?.focus(),
              );
          }}
        />
      ) : (
        <Paper
          elevation={0}
          variant={fromUser ? 'elevation' : 'outlined'}
          sx={{
            px: 2,
            py: 1.25,
            // An answer takes its full width from its first word: grown to fit its content, it
            // widened as a table streamed in, and every chart in it was drawn again each time.
            ...(fromUser
              ? { maxWidth: { xs: '88%', sm: '75%' } }
              : { width: { xs: '100%', sm: '92%' } }),
            minWidth: 0,
            bgcolor: fromUser ? 'primary.main' : 'background.paper',
            color: fromUser ? 'primary.contrastText' : 'text.primary',
            borderRadius: 3,
            borderBottomRightRadius: fromUser ? 4 : undefined,
            borderBottomLeftRadius: fromUser ? undefined : 4,
          }}
        >
          {fromUser ? (
            <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {message.content}
            </Typography>
          ) : (
            <MarkdownArea ref={answer}>
              <AnswerText
                messageKey={messageKey}
                streaming={message.streaming}
                cutOff={message.incomplete || message.stopped}
              />
            </MarkdownArea>
          )}
          <MessageState message={message} />
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75, mt: 0.5, flexWrap: 'wrap' }}>
            {message.agentsUsed?.map((agent) => (
              <Chip
                key={agent}
                label={agent}
                size="small"
                variant="outlined"
                sx={{ height: 20, fontSize: 11 }}
              />
            ))}
            <Box sx={{ flexGrow: 1 }} />
            {/* On the user's blue, 0.75 made the time 4.2:1, under AA's 4.5:1. */}
            <Typography variant="caption" sx={{ opacity: fromUser ? 0.9 : 0.75 }}>
              {time}
            </Typography>
            {message.deliveryStatus && <DeliveryStatusIcon status={message.deliveryStatus} />}
            <MessageActions message={message} answer={answer} onEdit={() => setEditing(true)} />
          </Box>
        </Paper>
      )}
    </Box>
  );
});
