import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import { memo } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { relativeTime, timeLeft } from './relativeTime';
import { SessionMenu } from './SessionMenu';

type SessionRowProps = {
  session: SessionInfo;
  selected: boolean;
  /** The time its labels are worked out for (labelClock: it changes when they may). */
  now: number;
  onPick: (sessionId: string) => void;
};

/**
 * One conversation of the drawer. Memoized: the list is refreshed after every answer, and
 * only the rows whose session, selection or labels changed render again.
 */
export const SessionRow = memo(function SessionRow({
  session,
  selected,
  now,
  onPick,
}: SessionRowProps) {
  return (
    <ListItem
      disablePadding
      secondaryAction={<SessionMenu session={session} />}
      sx={{
        '& .MuiListItemSecondaryAction-root': { right: 4 },
        // Rows out of view cost no layout or paint; the size stands in until first shown.
        contentVisibility: 'auto',
        containIntrinsicSize: 'auto 60px',
      }}
    >
      <ListItemButton
        selected={selected}
        aria-current={selected ? 'page' : undefined}
        onClick={() => onPick(session.sessionId)}
        sx={{ borderRadius: 2, pr: 5 }}
      >
        <ListItemText
          primary={session.title || 'New conversation'}
          secondary={`${relativeTime(session.lastActivityAt, now)} · ${timeLeft(session.expiresAt, now)}`}
          slotProps={{ primary: { noWrap: true } }}
        />
      </ListItemButton>
    </ListItem>
  );
});
