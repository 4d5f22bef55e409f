import MenuIcon from '@mui/icons-material/Menu';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import TuneIcon from '@mui/icons-material/Tune';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useChatStore } from '../../store/useChatStore';
import { lazyWithPreload } from '../common/lazyWithPreload';
import { ThemeToggle } from '../common/ThemeToggle';
import { Hint } from '../common/Hint';
import { VISUALLY_HIDDEN } from '../common/visuallyHidden';

const PreferencesDialog = lazyWithPreload(() =>
  import('../preferences/PreferencesDialog').then((m) => m.PreferencesDialog),
);

const ConversationMenu = lazyWithPreload(() =>
  import('./ConversationMenu').then((m) => m.ConversationMenu),
);

type ChatHeaderProps = {
  onOpenSessions: () => void;
  /** Whether the conversations are on screen (a wide screen's side panel). */
  sessionsShown: boolean;
};

export function ChatHeader({ onOpenSessions, sessionsShown }: ChatHeaderProps) {
  const title = useChatStore(
    (s) => s.sessions.find((session) => session.sessionId === s.currentSessionId)?.title,
  );
  const [preferencesOpen, setPreferencesOpen] = useState(false);
  // The dialog and the menu are mounted from the first time they are asked for on: a lazy
  // part arriving later would render the header again, say in the middle of an answer.
  const [preferencesWanted, setPreferencesWanted] = useState(false);
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const [menuWanted, setMenuWanted] = useState(false);
  return (
    <AppBar
      position="static"
      color="default"
      elevation={0}
      sx={{ borderBottom: 1, borderColor: 'divider' }}
    >
      <Toolbar variant="dense" sx={{ gap: 1 }}>
        <IconButton
          edge="start"
          color="inherit"
          aria-label="Conversations"
          aria-expanded={sessionsShown}
          onClick={onOpenSessions}
        >
          <MenuIcon />
        </IconButton>
        {/* On a phone there is room for one name: the conversation's, when it has one. */}
        <Typography
          variant="h6"
          component="h1"
          noWrap
          sx={{
            fontSize: '1.05rem',
            fontWeight: 600,
            flexShrink: 0,
            ...(title && { '@media (max-width: 599.95px)': VISUALLY_HIDDEN }),
          }}
        >
          FinOps Assistant
        </Typography>
        {title && (
          <Typography
            noWrap
            sx={{
              color: { xs: 'text.primary', sm: 'text.secondary' },
              fontWeight: { xs: 600, sm: 400 },
              minWidth: 0,
              flexShrink: 1,
            }}
          >
            <Box component="span" sx={{ display: { xs: 'none', sm: 'inline' } }}>
              ·{' '}
            </Box>
            {title}
          </Typography>
        )}
        <Typography sx={{ flexGrow: 1 }} />
        <Hint title="Preferences">
          <IconButton
            color="inherit"
            aria-label="Preferences"
            onPointerEnter={PreferencesDialog.preload}
            onFocus={PreferencesDialog.preload}
            onClick={() => {
              PreferencesDialog.preload();
              setPreferencesWanted(true);
              setPreferencesOpen(true);
            }}
          >
            <TuneIcon />
          </IconButton>
        </Hint>
        <ThemeToggle />
        <Hint title="Conversation actions">
          <IconButton
            color="inherit"
            edge="end"
            aria-label="Conversation actions"
            onPointerEnter={ConversationMenu.preload}
            onFocus={ConversationMenu.preload}
            onClick={(event) => {
              ConversationMenu.preload();
              setMenuWanted(true);
              setMenuAnchor(event.currentTarget);
            }}
          >
            <MoreVertIcon />
          </IconButton>
        </Hint>
      </Toolbar>
      {menuWanted && <ConversationMenu anchor={menuAnchor} onClose={() => setMenuAnchor(null)} />}
      {preferencesWanted && (
        <PreferencesDialog open={preferencesOpen} onClose={() => setPreferencesOpen(false)} />
      )}
    </AppBar>
  );
}
