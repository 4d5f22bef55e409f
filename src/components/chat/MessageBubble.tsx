import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { memo } from 'react';
import { shownText } from '../../store/transcript';
import { useChatStore } from '../../store/useChatStore';
import { CopyButton } from '../common/CopyButton';
import { MarkdownContent } from '../markdown/MarkdownContent';
import { DeliveryStatusIcon } from './DeliveryStatusIcon';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

type MessageBubbleProps = { messageKey: string };

/** One message. It subscribes to its own entry, so a streamed delta re-renders only this bubble. */
export const MessageBubble = memo(function MessageBubble({ messageKey }: MessageBubbleProps) {
  const message = useChatStore((s) => s.messages[messageKey]);
  // A streaming reply's text grows in streamingText, not in messages (see store/types.ts).
  const content = useChatStore((s) => {
    const current = s.messages[messageKey];
    return current ? shownText(current, s.streamingText) : '';
  });
  const retryMessage = useChatStore((s) => s.retryMessage);
  if (!message) return null;
  const fromUser = message.role === 'user';
  const time = timeFormat.format(new Date(message.timestamp));

  return (
    <Box
      component="article"
      aria-label={fromUser ? 'You said' : 'Assistant said'}
      sx={{ display: 'flex', justifyContent: fromUser ? 'flex-end' : 'flex-start', mb: 2 }}
    >
      <Paper
        elevation={0}
        variant={fromUser ? 'elevation' : 'outlined'}
        sx={{
          px: 2,
          py: 1.25,
          maxWidth: fromUser ? { xs: '88%', sm: '75%' } : { xs: '100%', sm: '92%' },
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
            {content}
          </Typography>
        ) : (
          <MarkdownContent content={content} />
        )}
        {message.stopped && (
          <Typography variant="caption" sx={{ display: 'block', color: 'text.secondary', mt: 0.5 }}>
            Stopped
          </Typography>
        )}
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
          <Typography variant="caption" sx={{ opacity: 0.75 }}>
            {time}
          </Typography>
          {message.deliveryStatus && <DeliveryStatusIcon status={message.deliveryStatus} />}
          {!fromUser && !message.streaming && <CopyButton text={content} label="Copy answer" />}
        </Box>
        {message.deliveryStatus === 'failed' && message.clientMessageId && (
          <Button
            size="small"
            variant="contained"
            color="inherit"
            onClick={() => retryMessage(message.clientMessageId!)}
            sx={{ mt: 0.5, color: 'text.primary' }}
          >
            Retry
          </Button>
        )}
      </Paper>
    </Box>
  );
});
