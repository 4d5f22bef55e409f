import { useShallow } from 'zustand/react/shallow';
import type { SessionInfo } from '../../protocol/types';
import { isEmptySession } from '../../store/engine/sessionInfo';
import { useChatStore, type ChatState } from '../../store/useChatStore';

/** The conversations the drawer lists: all but the empty ones (see isEmptySession). */
export function useListedSessions(): SessionInfo[] {
  return useChatStore(useShallow(selectListed));
}

// Worked out again only when the sessions or a transcript's order changed, not on every set
// of the store (a streamed reply sets it tens of times a second).
let last: { sessions: SessionInfo[]; order: ChatState['order']; listed: SessionInfo[] } | undefined;

function selectListed({ sessions, order }: ChatState): SessionInfo[] {
  if (last?.sessions !== sessions || last.order !== order) {
    const listed = sessions.filter((session) => !isEmptySession(session, order));
    last = { sessions, order, listed: listed.length === sessions.length ? sessions : listed };
  }
  return last.listed;
}
