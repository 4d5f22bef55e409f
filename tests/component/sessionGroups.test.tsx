import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazySessionActions } from '../../src/components/sessions/lazySessionActions';
import { SessionList } from '../../src/components/sessions/SessionList';
import type { SessionInfo } from '../../src/protocol/types';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

// The list fetches the rows' menu when idle; here before a test ends, not after.
beforeAll(() => LazySessionActions.loaded());
const DAY = 24 * 60 * 60_000;

/** A session last active at `last` (a local time), with messages on the server. */
function session(title: string, last: Date) {
  return {
    sessionId: `s-${title}`,
    title,
    createdAt: new Date(last.getTime() - DAY).toISOString(),
    lastActivityAt: last.toISOString(),
    expiresAt: new Date(last.getTime() + 7 * DAY).toISOString(),
    messageCount: 2,
  } satisfies SessionInfo;
}

const HEADERS = ['Today', 'Yesterday', 'Previous 7 days', 'Older'];

/** Each group's header (the name of its list) and the text of its rows, in order. */
function groups() {
  const list = screen.getByRole('list', { name: 'Conversations' });
  return within(list)
    .getAllByRole('list')
    .map((group) => ({
      header: HEADERS.find((name) => within(list).queryByRole('list', { name }) === group),
      rows: within(group)
        .getAllByRole('listitem')
        .map((row) => row.textContent),
    }));
}

// Local times, so that the days are the local calendar's wherever the tests run.
const at = (day: number, hours: number, minutes = 0, seconds = 0) =>
  new Date(2026, 11, day, hours, minutes, seconds);

beforeEach(() => vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] }));
afterEach(() => vi.useRealTimers());

describe('the conversations by day', () => {
  it('groups by the local calendar day of the last activity', () => {
    vi.setSystemTime(at(10, 0, 30));
    resetStore({
      currentSessionId: null,
      sessions: [
        session('Just after midnight', at(10, 0, 5)),
        session('Late last night', at(9, 23, 55)),
        session('Yesterday morning', at(9, 0, 0)),
        session('Two days ago', at(8, 23, 59)),
        session('A week ago', at(3, 0, 0)),
        session('Eight days ago', at(2, 23, 0)),
      ],
    });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    expect(groups()).toEqual([
      { header: 'Today', rows: [expect.stringContaining('Just after midnight')] },
      {
        header: 'Yesterday',
        rows: [
          expect.stringContaining('Late last night'),
          expect.stringContaining('Yesterday morning'),
        ],
      },
      {
        header: 'Previous 7 days',
        rows: [expect.stringContaining('Two days ago'), expect.stringContaining('A week ago')],
      },
      { header: 'Older', rows: [expect.stringContaining('Eight days ago')] },
    ]);
  });
});

describe('the conversations by day, as the clock moves', () => {
  it('rolls "Today" over at midnight', () => {
    vi.setSystemTime(at(10, 23, 59, 30));
    resetStore({
      currentSessionId: null,
      sessions: [session('Evening', at(10, 21, 0)), session('Morning', at(10, 9, 0))],
    });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    expect(groups()).toEqual([
      {
        header: 'Today',
        rows: [expect.stringContaining('Evening'), expect.stringContaining('Morning')],
      },
    ]);

    act(() => vi.advanceTimersByTime(60_000));
    expect(groups()).toEqual([
      {
        header: 'Yesterday',
        rows: [expect.stringContaining('Evening'), expect.stringContaining('Morning')],
      },
    ]);
    expect(screen.getByText('Yesterday')).toHaveClass('MuiListSubheader-root');
  });
});

describe('the conversations by day, where the clocks change', () => {
  const zone = process.env.TZ;
  // Node reads TZ again when it changes; Europe/Paris skipped an hour on 29 March 2026.
  beforeEach(() => {
    process.env.TZ = 'Europe/Paris';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('counts a 23-hour day as one day', () => {
    vi.setSystemTime(new Date(2026, 2, 30, 10, 0));
    expect(new Date(2026, 2, 29, 12).getTimezoneOffset()).toBe(-120);
    resetStore({
      currentSessionId: null,
      sessions: [
        session('Sunday, after the change', new Date(2026, 2, 29, 0, 30)),
        // 24 hours before Monday's midnight, but on Saturday.
        session('Saturday night', new Date(2026, 2, 28, 23, 30)),
      ],
    });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    expect(groups()).toEqual([
      { header: 'Yesterday', rows: [expect.stringContaining('Sunday, after the change')] },
      { header: 'Previous 7 days', rows: [expect.stringContaining('Saturday night')] },
    ]);
  });
});
