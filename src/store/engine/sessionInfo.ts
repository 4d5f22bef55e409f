// Pure helpers over the session list (`sessions`, most recent activity first).
//
// Design decisions (why):
// - An entry that did not change keeps its identity, and a list that did not change is the
//   same array: the drawer's rows are memoized on their SessionInfo, and persistence writes
//   nothing for a state whose fields are all the same objects. The list is asked for after
//   every turn (SessionList), and at hundreds of sessions rebuilding it all each time blocked
//   the page for most of a second.
// - Order is by last activity, which is a turn (touchSession), never opening a session: a
//   known session keeps its lastActivityAt and expiresAt when session_opened describes it
//   (a server may count opening as activity), so switching conversations does not reorder
//   the list. The next session_list brings the server's view of both.
// - A conversation without messages, on the server or here, is empty (isEmptySession): the
//   drawer does not list it and "New chat" reuses it instead of making another.

import { SESSION_TTL_SECONDS } from '../../protocol/limits';
import type { SessionInfo } from '../../protocol/types';

/** A session expires this long after its last activity. */
const SESSION_TTL_MS = SESSION_TTL_SECONDS * 1000;

/** Nothing in it, on the server (`messageCount`) or here (`order`: sent, queued or loaded). */
export function isEmptySession(
  session: SessionInfo,
  order: Readonly<Record<string, readonly string[] | undefined>>,
): boolean {
  return session.messageCount === 0 && (order[session.sessionId]?.length ?? 0) === 0;
}

/** The session as session_opened describes it; one already known keeps its place. */
export function upsertSession(sessions: SessionInfo[], session: SessionInfo): SessionInfo[] {
  const index = sessions.findIndex((s) => s.sessionId === session.sessionId);
  const known = sessions[index];
  if (!known) return placeByActivity(sessions, session);
  const merged = reuse(known, {
    ...session,
    lastActivityAt: known.lastActivityAt,
    expiresAt: known.expiresAt,
  });
  return merged === known ? sessions : sessions.with(index, merged);
}

/** Activity at `at`: what protocol.md fixes about it (expiresAt = lastActivityAt + TTL). */
export function touchSession(
  sessions: SessionInfo[],
  sessionId: string,
  at: string,
): SessionInfo[] {
  const session = sessions.find((s) => s.sessionId === sessionId);
  const time = Date.parse(at);
  if (!session || Number.isNaN(time) || Date.parse(session.lastActivityAt) >= time) return sessions;
  return placeByActivity(sessions, {
    ...session,
    lastActivityAt: at,
    expiresAt: new Date(time + SESSION_TTL_MS).toISOString(),
  });
}

/** The server's list, reusing the entries (and the array) of `previous` that are unchanged. */
export function mergeSessionList(
  previous: SessionInfo[],
  incoming: readonly SessionInfo[],
): SessionInfo[] {
  const known = new Map(previous.map((session) => [session.sessionId, session]));
  const merged = incoming.map((session) => {
    const old = known.get(session.sessionId);
    return old ? reuse(old, session) : session;
  });
  // protocol.md says most recent first; a list that is not is sorted rather than trusted.
  const sorted = isSortedByActivity(merged) ? merged : sortSessions(merged);
  const unchanged =
    sorted.length === previous.length && sorted.every((session, i) => session === previous[i]);
  return unchanged ? previous : sorted;
}

export function sortSessions(sessions: readonly SessionInfo[]): SessionInfo[] {
  return sessions
    .map((session) => ({ session, time: Date.parse(session.lastActivityAt) }))
    .sort((a, b) => b.time - a.time)
    .map(({ session }) => session);
}

function isSortedByActivity(sessions: readonly SessionInfo[]): boolean {
  let previous = Infinity;
  for (const session of sessions) {
    const time = Date.parse(session.lastActivityAt);
    if (time > previous) return false;
    previous = time;
  }
  return true;
}

/** `session` moved to its place by activity (it replaces any entry with its id). */
function placeByActivity(sessions: SessionInfo[], session: SessionInfo): SessionInfo[] {
  const others = sessions.filter((s) => s.sessionId !== session.sessionId);
  const time = Date.parse(session.lastActivityAt);
  const index = others.findIndex((s) => Date.parse(s.lastActivityAt) < time);
  others.splice(index < 0 ? others.length : index, 0, session);
  return others;
}

/** `old` when `next` says the same about the session, else `next`. */
function reuse(old: SessionInfo, next: SessionInfo): SessionInfo {
  const keys = Object.keys(next) as (keyof SessionInfo)[];
  const same =
    keys.length === Object.keys(old).length && keys.every((key) => old[key] === next[key]);
  return same ? old : next;
}
