import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../src/protocol/types';
import { SessionList } from '../../src/components/sessions/SessionList';
import { useChatStore } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A session last active `minutesAgo`, expiring 7 days after that. */
function session(sessionId: string, minutesAgo: number, messageCount: number, title = sessionId) {
  const last = Date.now() - minutesAgo * MINUTE;
  return {
    sessionId,
    title,
    createdAt: new Date(last - DAY).toISOString(),
    lastActivityAt: new Date(last).toISOString(),
    expiresAt: new Date(last + 7 * DAY).toISOString(),
    messageCount,
  } satisfies SessionInfo;
}

/** The rows of every day group, in order (the groups are list items of the list too). */
const rows = () =>
  within(screen.getByRole('list', { name: 'Conversations' }))
    .getAllByRole('list')
    .flatMap((group) => within(group).getAllByRole('listitem'))
    .map((item) => item.textContent);

beforeEach(() => resetStore());

describe('the conversations list', () => {
  it('lists conversations from their first message on, with how long each is kept', () => {
    resetStore({
      currentSessionId: 's-new',
      sessions: [
        session('s-new', 0, 0), // the new chat on screen: empty
        session('s-written', 1, 0, 'Written, not answered yet'),
        session('s-1', 5, 2, 'EC2 costs'),
        session('s-cleared', 30, 0, 'Cleared'),
        session('s-2', 2 * 24 * 60 + 30, 4, 'Budget review'),
      ],
      order: { 's-written': ['cm-1'] },
    });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    expect(rows()).toEqual([
      expect.stringContaining('Written, not answered yet'),
      'EC2 costs5 minutes ago · 6 days left',
      'Budget review2 days ago · 4 days left',
    ]);
  });

  it('says where conversations will appear while there is none', () => {
    resetStore({ currentSessionId: 's-new', sessions: [session('s-new', 0, 0)] });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.getByText(/appear here from their first message/)).toBeInTheDocument();
  });

  it('opens the conversation picked', async () => {
    const onPicked = vi.fn();
    resetStore({
      currentSessionId: 's-1',
      sessions: [session('s-1', 5, 2, 'EC2 costs'), session('s-2', 60, 4, 'Budget review')],
    });
    renderWithTheme(<SessionList onPicked={onPicked} />);
    expect(screen.getByRole('button', { current: 'page' })).toHaveTextContent('EC2 costs');
    await userEvent.click(screen.getByText('Budget review'));
    expect(useChatStore.getState().currentSessionId).toBe('s-2');
    expect(onPicked).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { current: 'page' })).toHaveTextContent('Budget review');
  });

  it('renders the most recent conversations first and older ones when asked', async () => {
    const sessions = Array.from({ length: 60 }, (_, i) => session(`s-${i}`, i, 2, `Chat ${i}`));
    resetStore({ currentSessionId: 's-0', sessions });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    expect(rows()).toHaveLength(40);
    expect(rows()[39]).toContain('Chat 39');
    await userEvent.click(screen.getByText('Show older conversations'));
    expect(rows()).toHaveLength(60);
    expect(screen.queryByText('Show older conversations')).toBeNull();
  });
});
