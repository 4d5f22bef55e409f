import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useChatStore } from '../../store/useChatStore';
import { whenIdle } from '../common/lazyWithPreload';
import { LazySessionActions } from './lazySessionActions';
import { NoMatchingSessions } from './NoMatchingSessions';
import { SearchStatus } from './SearchStatus';
import { SessionGroupList } from './SessionGroupList';
import { SessionSearch } from './SessionSearch';
import { ShowMoreSessions } from './ShowMoreSessions';
import { useListedSessions } from './useListedSessions';
import { useMatchingSessions } from './useMatchingSessions';
import { useNow } from './useNow';

// Rows rendered at first, and added each time the end of them comes near: a user with
// hundreds of conversations rarely scrolls far, and rendering them all took about a second.
const FIRST_ROWS = 40;
const MORE_ROWS = 100;

type SessionListProps = { onPicked: () => void };

/**
 * The user's conversations, most recent first under day headers, with a search above them;
 * kept for 7 days after their last message. Fills its parent's height and scrolls itself.
 */
export function SessionList({ onPicked }: SessionListProps) {
  const sessions = useListedSessions();
  const currentSessionId = useChatStore((s) => s.currentSessionId);
  const switchSession = useChatStore((s) => s.switchSession);
  const now = useNow(60_000);
  const [query, setQuery] = useState('');
  // The field shows each key at once; filtering and the rows follow when React has time.
  const searched = useDeferredValue(query).trim();
  const matching = useMatchingSessions(sessions, searched);
  const [shown, setShown] = useState(FIRST_ROWS);
  const showMore = useCallback(() => setShown((count) => count + MORE_ROWS), []);
  // A new search starts again from the first rows, at the top of the list.
  const [pagedFor, setPagedFor] = useState(searched);
  if (pagedFor !== searched) {
    setPagedFor(searched);
    setShown(FIRST_ROWS);
  }
  const scrollRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [searched]);
  const inputRef = useRef<HTMLInputElement>(null);
  const rows = useMemo(() => matching.slice(0, shown), [matching, shown]);
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
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <SessionSearch query={query} onQueryChange={setQuery} inputRef={inputRef} />
      <SearchStatus query={searched} count={matching.length} />
      <Box ref={scrollRef} sx={{ flex: 1, overflowY: 'auto' }}>
        {rows.length === 0 ? (
          <NoMatchingSessions
            query={searched}
            onClearSearch={() => {
              setQuery('');
              inputRef.current?.focus();
            }}
          />
        ) : (
          <SessionGroupList
            sessions={rows}
            currentSessionId={currentSessionId}
            now={now}
            onPick={pick}
          />
        )}
        {matching.length > shown && <ShowMoreSessions onShowMore={showMore} />}
      </Box>
    </Box>
  );
}
