// Pure helpers over the session list (`sessions`, most recent activity first).

import type { SessionInfo } from '../../protocol/types';

/** A session expires this long after its last activity (protocol.md: TTL 604800 s). */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function upsertSession(sessions: SessionInfo[], session: SessionInfo): SessionInfo[] {
  return sortSessions([session, ...sessions.filter((s) => s.sessionId !== session.sessionId)]);
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
  return upsertSession(sessions, {
    ...session,
    lastActivityAt: at,
    expiresAt: new Date(time + SESSION_TTL_MS).toISOString(),
  });
}

export function sortSessions(sessions: SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
}
