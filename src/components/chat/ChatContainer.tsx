import Box from '@mui/material/Box';
import { ChatHeader } from './ChatHeader';
import { ChatInput } from './ChatInput';
import { ConnectionBanner } from './ConnectionBanner';
import { FollowUps } from './FollowUps';
import { MessageList } from './MessageList';
import { NoticeStack } from './NoticeStack';
import { TypingIndicator } from './TypingIndicator';

/** The chat screen: header, status, transcript, and the composer pinned to the bottom. */
export function ChatContainer() {
  return (
    <Box
      sx={{
        height: '100dvh',
        display: 'flex',
        flexDirection: 'column',
        bgcolor: 'background.default',
      }}
    >
      <ChatHeader />
      <ConnectionBanner />
      <NoticeStack />
      <MessageList />
      <Box
        sx={{
          maxWidth: 880,
          width: '100%',
          mx: 'auto',
          px: { xs: 1.5, sm: 3 },
          pt: 0.5,
          // Keep the composer above the home indicator on phones.
          pb: 'max(12px, env(safe-area-inset-bottom))',
        }}
      >
        <TypingIndicator />
        <FollowUps />
        <ChatInput />
      </Box>
    </Box>
  );
}
