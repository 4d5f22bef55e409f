import List from '@mui/material/List';
import ListSubheader from '@mui/material/ListSubheader';
import { memo, useId, useMemo } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { labelClock } from './relativeTime';
import { groupByDay, startOfLocalDay } from './sessionGroups';
import { SessionRow } from './SessionRow';

type SessionGroupListProps = {
  /** The rows to render, most recent first. */
  sessions: SessionInfo[];
  currentSessionId: string | null;
  /** The list's clock (useNow): the groups change when its day does. */
  now: number;
  onPick: (sessionId: string) => void;
};

/**
 * The conversations under their day headers. A list of groups, each a list item holding its
 * header and a list of its rows labelled by that header: a screen reader counts rows, not
 * headers, and says which group it is in. Headers stick to the top while their rows scroll.
 * Memoized: each key typed in the search renders the list's parent at once, and these rows
 * only when the (deferred) matches change.
 */
export const SessionGroupList = memo(function SessionGroupList({
  sessions,
  currentSessionId,
  now,
  onPick,
}: SessionGroupListProps) {
  const today = startOfLocalDay(now);
  const groups = useMemo(() => groupByDay(sessions, today), [sessions, today]);
  const id = useId();

  return (
    <List dense disablePadding aria-label="Conversations" sx={{ px: 1, pb: 1 }}>
      {groups.map((group) => (
        <li key={group.key}>
          <ListSubheader
            component="div"
            id={`${id}-${group.key}`}
            sx={{ lineHeight: '32px', fontWeight: 600, fontSize: 'caption.fontSize' }}
          >
            {group.label}
          </ListSubheader>
          <List dense disablePadding aria-labelledby={`${id}-${group.key}`}>
            {group.sessions.map((session) => (
              <SessionRow
                key={session.sessionId}
                session={session}
                selected={session.sessionId === currentSessionId}
                now={labelClock(session.lastActivityAt, now)}
                onPick={onPick}
              />
            ))}
          </List>
        </li>
      ))}
    </List>
  );
});
