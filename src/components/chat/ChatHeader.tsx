import MenuIcon from '@mui/icons-material/Menu';
import TuneIcon from '@mui/icons-material/Tune';
import AppBar from '@mui/material/AppBar';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useChatStore } from '../../store/useChatStore';
import { lazyWithPreload } from '../common/lazyWithPreload';
import { ThemeToggle } from '../common/ThemeToggle';
import { Hint } from '../common/Hint';

const PreferencesDialog = lazyWithPreload(() =>
  import('../preferences/PreferencesDialog').then((m) => m.PreferencesDialog),
);

type ChatHeaderProps = { onOpenSessions: () => void };

export function ChatHeader({ onOpenSessions }: ChatHeaderProps) {
  const title = useChatStore(
    (s) => s.sessions.find((session) => session.sessionId === s.currentSessionId)?.title,
  );
  const [preferencesOpen, setPreferencesOpen] = useState(false);
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
          onClick={onOpenSessions}
          sx={{ display: { md: 'none' } }}
        >
          <MenuIcon />
        </IconButton>
        <Typography
          variant="h6"
          component="h1"
          noWrap
          sx={{ fontSize: '1.05rem', fontWeight: 600, flexShrink: 0 }}
        >
          FinOps Assistant
        </Typography>
        {title && (
          <Typography
            noWrap
            sx={{
              color: 'text.secondary',
              minWidth: 0,
              flexShrink: 1,
              display: { xs: 'none', sm: 'block' },
            }}
          >
            · {title}
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
              setPreferencesOpen(true);
            }}
          >
            <TuneIcon />
          </IconButton>
        </Hint>
        <ThemeToggle />
      </Toolbar>
      <PreferencesDialog open={preferencesOpen} onClose={() => setPreferencesOpen(false)} />
    </AppBar>
  );
}
