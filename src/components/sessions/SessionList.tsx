import List from '@mui/material/List';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useChatStore } from '../../store/useChatStore';
import { whenIdle } from '../common/lazyWithPreload';
import { LazySessionActions } from './lazySessionActions';
import { labelClock } from './relativeTime';
import { SessionRow } from './SessionRow';
import { ShowMoreSessions } from './ShowMoreSessions';
import { useListedSessions } from './useListedSessions';
import { useNow } from './useNow';

// Rows rendered at first, and added each time the end of them comes near: a user with
// hundreds of conversations rarely scrolls far, and rendering them all took about a second.
const FIRST_ROWS = 40;
const MORE_ROWS = 100;

type SessionListProps = { onPicked: () => void };

/** The user's conversations, most recent first; kept for 7 days after their last message. */
export function SessionList({ onPicked }: SessionListProps) {
  const sessions = useListedSessions();
  const currentSessionId = useChatStore((s) => s.currentSessionId);
  const switchSession = useChatStore((s) => s.switchSession);
  const now = useNow(60_000);
  const [shown, setShown] = useState(FIRST_ROWS);
  const showMore = useCallback(() => setShown((count) => count + MORE_ROWS), []);
  // Rows mount the menu only when it is opened; its code should be here by then.
  useEffect(() => whenIdle(LazySessionActions.preload), []);
  // The rows are memoized, so what they call must not change with every render of the
  // drawer (whose onClose is a new function each time).
  const onPickedRef = useRef(onPicked);
  useLayoutEffect(() => {
    onPickedRef.current = onPicked;
  });
  const pick = useCallback(
    (sessionId: string) => {
      switchSession(sessionId);
      onPickedRef.current();
    },
    [switchSession],
  );

  if (sessions.length === 0) {
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary', p: 2 }}>
        Conversations appear here from their first message and are kept for 7 days after the last
        one.
      </Typography>
    );
  }
  return (
    <>
      <List dense aria-label="Conversations" sx={{ px: 1 }}>
        {sessions.slice(0, shown).map((session) => (
          <SessionRow
            key={session.sessionId}
            session={session}
            selected={session.sessionId === currentSessionId}
            now={labelClock(session.lastActivityAt, now)}
            onPick={pick}
          />
        ))}
      </List>
      {sessions.length > shown && <ShowMoreSessions onShowMore={showMore} />}
    </>
  );
}
