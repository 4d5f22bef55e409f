import AddCommentIcon from '@mui/icons-material/AddComment';
import AppBar from '@mui/material/AppBar';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useChatStore } from '../../store/useChatStore';
import { ThemeToggle } from '../common/ThemeToggle';

export function ChatHeader() {
  const title = useChatStore(
    (s) => s.sessions.find((session) => session.sessionId === s.currentSessionId)?.title,
  );
  const newChat = useChatStore((s) => s.newChat);
  return (
    <AppBar
      position="static"
      color="default"
      elevation={0}
      sx={{ borderBottom: 1, borderColor: 'divider' }}
    >
      <Toolbar variant="dense" sx={{ gap: 1 }}>
        <Typography
          variant="h6"
          component="h1"
          noWrap
          sx={{ fontSize: '1.05rem', fontWeight: 600 }}
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
        <Tooltip title="New chat">
          <IconButton color="inherit" aria-label="New chat" onClick={newChat}>
            <AddCommentIcon />
          </IconButton>
        </Tooltip>
        <ThemeToggle />
      </Toolbar>
    </AppBar>
  );
}
