import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { SessionDrawer } from '../sessions/SessionDrawer';
import { AnswerAnnouncer } from './AnswerAnnouncer';
import { ChatHeader } from './ChatHeader';
import { ChatInput } from './ChatInput';
import { ConnectionBanner } from './ConnectionBanner';
import { FailedMessagesBar } from './FailedMessagesBar';
import { MessageList } from './MessageList';
import { NoticeStack } from './NoticeStack';
import { SkipToComposer } from './SkipToComposer';
import { StopButton } from './StopButton';
import { TypingIndicator } from './TypingIndicator';
import { COLUMN_MAX_WIDTH, COLUMN_PADDING_X } from '../common/layout';
import { lazyWithPreload } from '../common/lazyWithPreload';
import { useShortcuts } from './useShortcuts';

const ShortcutsDialog = lazyWithPreload(() =>
  import('./ShortcutsDialog').then((m) => m.ShortcutsDialog),
);

/** The conversations' search field on screen, if any (the side panel's is hidden on phones). */
function visibleSearchField(): HTMLElement | undefined {
  return [
    ...document.querySelectorAll<HTMLElement>('input[aria-label="Search conversations"]'),
  ].find((input) => input.offsetParent !== null);
}

/** The chat screen: conversations beside (or over, on phones) the transcript and composer. */
export function ChatContainer() {
  const [sessionsOpen, setSessionsOpen] = useState(false);
  // Opened by the search shortcut (phones): the slide-over's search field takes the focus.
  const [searching, setSearching] = useState(false);
  const openSessions = (toSearch: boolean) => {
    setSearching(toSearch);
    setSessionsOpen(true);
  };
  // On wide screens the conversations are a side panel, which the same button folds away.
  const wide = useMediaQuery(useTheme().breakpoints.up('md'), { noSsr: true });
  const [panelCollapsed, setPanelCollapsed] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useShortcuts({
    // On a phone the conversations are in a slide-over: open it, to its search field.
    onSearch: () => {
      if (!wide) return openSessions(true);
      // A folded side panel is unfolded first, at once, so that its field can take the focus.
      if (panelCollapsed) flushSync(() => setPanelCollapsed(false));
      visibleSearchField()?.focus();
    },
    onHelp: () => setShortcutsOpen(true),
  });
  return (
    <Box sx={{ height: '100dvh', display: 'flex', bgcolor: 'background.default' }}>
      <SkipToComposer />
      <AnswerAnnouncer />
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      <SessionDrawer
        mobileOpen={sessionsOpen}
        onClose={() => setSessionsOpen(false)}
        collapsed={panelCollapsed}
        searching={searching}
      />
      <Box component="main" sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
        <ChatHeader
          onOpenSessions={() =>
            wide ? setPanelCollapsed((collapsed) => !collapsed) : openSessions(false)
          }
          sessionsShown={wide ? !panelCollapsed : sessionsOpen}
        />
        <ConnectionBanner />
        <FailedMessagesBar />
        <NoticeStack />
        <MessageList />
        <Box
          sx={{
            maxWidth: COLUMN_MAX_WIDTH,
            width: '100%',
            mx: 'auto',
            px: COLUMN_PADDING_X,
            pt: 0.5,
            // Keep the composer above the home indicator on phones.
            pb: 'max(12px, env(safe-area-inset-bottom))',
          }}
        >
          <TypingIndicator />
          <StopButton />
          <ChatInput />
        </Box>
      </Box>
    </Box>
  );
}
