import AddIcon from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import { useEffect, useState } from 'react';
import { useChatStore } from '../../store/useChatStore';
import { lazyWithPreload, whenIdle } from '../common/lazyWithPreload';
import { SessionList } from './SessionList';
import { returnToComposer } from '../chat/composerFocus';

// The slide-over (a Modal with its focus trap and transitions) only ever shows on phones,
// and only when asked for.
const MobileSessionDrawer = lazyWithPreload(() =>
  import('./MobileSessionDrawer').then((m) => m.MobileSessionDrawer),
);

const DRAWER_WIDTH = 288;

const SEARCH_FIELD = 'input[aria-label="Search conversations"]';

type SessionDrawerProps = {
  mobileOpen: boolean;
  onClose: () => void;
  /** Wide screens: the side panel is folded away. */
  collapsed?: boolean;
  /** Phones: the slide-over was opened to search, so its search field takes the focus. */
  searching?: boolean;
};

/** Conversations: a side panel on wide screens (which can be folded away), a slide-over on phones. */
export function SessionDrawer({
  mobileOpen,
  onClose,
  collapsed = false,
  searching = false,
}: SessionDrawerProps) {
  const newChat = useChatStore((s) => s.newChat);
  // Its code arrives when the browser is idle; it is rendered from the first time it is
  // opened on (a second list of conversations to render is work the first screen can skip).
  const [mobileWanted, setMobileWanted] = useState(false);
  if (mobileOpen && !mobileWanted) setMobileWanted(true);
  useEffect(() => whenIdle(MobileSessionDrawer.preload), []);
  useEffect(() => {
    if (mobileOpen) MobileSessionDrawer.preload();
  }, [mobileOpen]);
  const contents = (
    <Box sx={{ width: DRAWER_WIDTH, display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Box sx={{ p: 1.5 }}>
        <Button
          fullWidth
          variant="outlined"
          startIcon={<AddIcon />}
          onClick={() => {
            newChat();
            onClose();
            returnToComposer();
          }}
        >
          New chat
        </Button>
      </Box>
      {/* The search stays above the list, which scrolls by itself. */}
      <SessionList onPicked={onClose} />
    </Box>
  );

  return (
    <Box
      component="nav"
      aria-label="Conversations"
      sx={{ width: { md: collapsed ? 0 : DRAWER_WIDTH }, flexShrink: { md: 0 } }}
    >
      {mobileWanted && (
        <MobileSessionDrawer
          open={mobileOpen}
          onClose={onClose}
          onOpened={(panel) => {
            if (searching) panel.querySelector<HTMLElement>(SEARCH_FIELD)?.focus();
          }}
        >
          {contents}
        </MobileSessionDrawer>
      )}
      {/* What a permanent MUI Drawer draws, without the Drawer module: it would bring the
          Modal machinery of the temporary one into the first download. */}
      <Paper
        square
        elevation={0}
        sx={{
          display: { xs: 'none', md: collapsed ? 'none' : 'flex' },
          flexDirection: 'column',
          position: 'fixed',
          top: 0,
          left: 0,
          height: '100%',
          overflowY: 'auto',
          zIndex: 'drawer',
          borderRight: 1,
          borderColor: 'divider',
        }}
      >
        {contents}
      </Paper>
    </Box>
  );
}
