import { useMemo } from 'react';
import type { SessionInfo } from '../../protocol/types';
import { useChatStore } from '../../store/useChatStore';
import { queryWords, sessionMatches } from './sessionSearch';

/**
 * The sessions that match `query` (all of them for an empty one), in their order. Only a
 * search reads the transcripts: without one the list does not render again when a message
 * arrives. A streamed reply changes `streamingText`, not `messages`, so while searching the
 * list is filtered again when a message is placed or settles, not on every delta.
 */
export function useMatchingSessions(sessions: SessionInfo[], query: string): SessionInfo[] {
  const words = useMemo(() => queryWords(query), [query]);
  const searching = words.length > 0;
  const messages = useChatStore((s) => (searching ? s.messages : undefined));
  const order = useChatStore((s) => (searching ? s.order : undefined));
  return useMemo(() => {
    if (!messages || !order) return sessions;
    return sessions.filter((session) =>
      sessionMatches(words, session, order[session.sessionId], messages),
    );
  }, [sessions, words, messages, order]);
}
