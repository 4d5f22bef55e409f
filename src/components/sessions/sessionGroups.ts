// The drawer's date groups. Days are the user's calendar days (local midnight to midnight,
// 23 or 25 hours long when the clocks change), not 24-hour periods back from now.

import type { SessionInfo } from '../../protocol/types';

export type SessionGroup = {
  /** Stable across renders and days, for keys and element ids. */
  key: 'today' | 'yesterday' | 'week' | 'older';
  label: string;
  sessions: SessionInfo[];
};

/** The local midnight that starts the day `daysBack` days before the one `time` is in. */
export function startOfLocalDay(time: number, daysBack = 0): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - daysBack).getTime();
}

/**
 * The sessions (most recent first) in groups by their last activity, each keeping that
 * order; groups without sessions are left out. `today` is the start of the local day (see
 * startOfLocalDay), so a caller can work the groups out again only when the day changes.
 * Sessions are kept 7 days, so "Older" holds only what a wrong clock or the mock server's
 * data file makes; activity after now (a clock behind the server's) counts as today.
 */
export function groupByDay(sessions: readonly SessionInfo[], today: number): SessionGroup[] {
  const groups: SessionGroup[] = [
    { key: 'today', label: 'Today', sessions: [] },
    { key: 'yesterday', label: 'Yesterday', sessions: [] },
    { key: 'week', label: 'Previous 7 days', sessions: [] },
    { key: 'older', label: 'Older', sessions: [] },
  ];
  const starts = [today, startOfLocalDay(today, 1), startOfLocalDay(today, 7)];
  for (const session of sessions) {
    const last = Date.parse(session.lastActivityAt);
    // A time that is not a date (NaN) is past every start: it goes to "Older".
    const index = starts.findIndex((start) => last >= start);
    groups[index === -1 ? 3 : index]!.sessions.push(session);
  }
  return groups.filter((group) => group.sessions.length > 0);
}
