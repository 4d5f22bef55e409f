import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useChatStore } from '../../store/useChatStore';
import { relativeTime } from './relativeTime';
import { SessionMenu } from './SessionMenu';

type SessionListProps = { onPicked: () => void };

/** The user's conversations, most recent first; kept for 7 days after their last message. */
export function SessionList({ onPicked }: SessionListProps) {
  const sessions = useChatStore((s) => s.sessions);
  const currentSessionId = useChatStore((s) => s.currentSessionId);
  const switchSession = useChatStore((s) => s.switchSession);

  if (sessions.length === 0) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary', p: 2 }}>
        Your conversations appear here and are kept for 7 days.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Conversations" sx={{ px: 1 }}>
      {sessions.map((session) => (
        <ListItem
          key={session.sessionId}
          disablePadding
          secondaryAction={<SessionMenu session={session} />}
          sx={{ '& .MuiListItemSecondaryAction-root': { right: 4 } }}
        >
          <ListItemButton
            selected={session.sessionId === currentSessionId}
            aria-current={session.sessionId === currentSessionId ? 'page' : undefined}
            onClick={() => {
              switchSession(session.sessionId);
              onPicked();
            }}
            sx={{ borderRadius: 2, pr: 5 }}
          >
            <ListItemText
              primary={session.title || 'New conversation'}
              secondary={`${relativeTime(session.lastActivityAt)} · expires ${relativeTime(session.expiresAt)}`}
              slotProps={{ primary: { noWrap: true }, secondary: { noWrap: true } }}
            />
          </ListItemButton>
        </ListItem>
      ))}
    </List>
  );
}
