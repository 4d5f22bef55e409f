import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazySessionActions } from '../../src/components/sessions/lazySessionActions';
import { SessionDrawer } from '../../src/components/sessions/SessionDrawer';
import { SessionList } from '../../src/components/sessions/SessionList';
import type { SessionInfo } from '../../src/protocol/types';
import type { UiMessage } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

// The list fetches the rows' menu when idle; here before a test ends, not after.
beforeAll(() => LazySessionActions.loaded());
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A session last active `minutesAgo`, with two messages on the server. */
function session(sessionId: string, title: string, minutesAgo = 5) {
  const last = Date.now() - minutesAgo * MINUTE;
  return {
    sessionId,
    title,
    createdAt: new Date(last - DAY).toISOString(),
    lastActivityAt: new Date(last).toISOString(),
    expiresAt: new Date(last + 7 * DAY).toISOString(),
    messageCount: 2,
  } satisfies SessionInfo;
}

function message(sessionId: string, key: string, role: UiMessage['role'], content: string) {
  return { key, sessionId, role, content, timestamp: new Date().toISOString() } as UiMessage;
}

const search = () => screen.getByRole('searchbox', { name: 'Search conversations' });
/** Replaces the query at once (one render per search, not one per key). */
async function searchFor(query: string) {
  await userEvent.clear(search());
  await userEvent.paste(query);
}
/** The titles of the rows shown, in order. */
const titles = () =>
  within(screen.getByRole('list', { name: 'Conversations' }))
    .getAllByRole('button', { name: /^Actions for / })
    .map((button) => button.getAttribute('aria-label')!.replace('Actions for ', ''));

beforeEach(() =>
  resetStore({
    currentSessionId: 's-1',
    sessions: [
      session('s-1', 'EC2 costs in March'),
      session('s-2', 'Café budget for Zürich', 10),
      session('s-3', 'Rightsizing', 20),
      session('s-4', 'Weekly review', 30),
    ],
    messages: {
      'm-1': message('s-3', 'm-1', 'user', 'Which instances are idle?'),
      'm-2': message('s-3', 'm-2', 'assistant', 'Buy **Savings Plans** for the steady load.'),
      'm-3': message('s-4', 'm-3', 'system', 'Could not reach the assistant: savings'),
    },
    order: { 's-3': ['m-1', 'm-2'], 's-4': ['m-3'] },
  }),
);

describe('searching the conversations', () => {
  it('filters by title, ignoring case and accents', async () => {
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    await searchFor('cafe ZURICH');
    expect(titles()).toEqual(['Café budget for Zürich']);
    await searchFor('BÚDGET');
    expect(titles()).toEqual(['Café budget for Zürich']);
    await searchFor('  ec2   march ');
    expect(titles()).toEqual(['EC2 costs in March']);
  });

  it('finds conversations by the messages loaded, not the app’s own notes', async () => {
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    await searchFor('savings plans');
    expect(titles()).toEqual(['Rightsizing']);
    await searchFor('idle');
    expect(titles()).toEqual(['Rightsizing']);
    // Only Weekly review's note says "reach": not searched.
    await searchFor('reach');
    expect(screen.queryByRole('list', { name: 'Conversations' })).toBeNull();
  });

  it('says when nothing matches, and clears the search from there', async () => {
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    await searchFor('kubernetes');
    expect(screen.queryByRole('list', { name: 'Conversations' })).toBeNull();
    expect(
      screen.getByText('No conversations match “kubernetes”', { ignore: '[role=status]' }),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('No conversations match “kubernetes”');

    await userEvent.click(screen.getByRole('button', { name: 'Show all conversations' }));
    expect(search()).toHaveValue('');
    expect(search()).toHaveFocus();
    expect(titles()).toHaveLength(4);
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('tells screen readers how many conversations match', async () => {
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    await userEvent.type(search(), 'r');
    expect(screen.getByRole('status')).toHaveTextContent('4 conversations match');
    await userEvent.type(search(), 'ight');
    expect(screen.getByRole('status')).toHaveTextContent('1 conversation matches');
  });

  it('clears with Escape, and with its clear button', async () => {
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    await userEvent.type(search(), 'weekly');
    expect(titles()).toEqual(['Weekly review']);
    expect(search()).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(search()).toHaveValue('');
    expect(titles()).toHaveLength(4);

    await searchFor('weekly');
    await userEvent.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(search()).toHaveValue('');
    expect(search()).toHaveFocus();
    expect(titles()).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Clear search' })).toBeNull();
  });

  it('pages through the matches as it does through every conversation', async () => {
    // Alternately "Budget n" and "EC2 review n", most recent first.
    const sessions = Array.from({ length: 100 }, (_, i) =>
      session(`s-${i}`, i % 2 ? `EC2 review ${i}` : `Budget ${i}`, i),
    );
    resetStore({ currentSessionId: 's-0', sessions });
    renderWithTheme(<SessionList onPicked={() => undefined} />);
    await userEvent.click(search());
    await userEvent.paste('ec2');
    // Every match is an EC2 review: 50 of them, the first 40 rendered.
    expect(titles()).toHaveLength(40);
    expect(titles()[0]).toBe('EC2 review 1');
    expect(titles()[39]).toBe('EC2 review 79');
    await userEvent.click(screen.getByText('Show older conversations'));
    expect(titles()).toHaveLength(50);
    expect(titles().every((title) => title.startsWith('EC2 review'))).toBe(true);
    expect(screen.queryByText('Show older conversations')).toBeNull();

    // A new search starts again from the first rows.
    await userEvent.click(search());
    await userEvent.keyboard('{Escape}');
    expect(titles()).toHaveLength(40);
    expect(titles()[1]).toBe('EC2 review 1');
    expect(screen.getByText('Show older conversations')).toBeInTheDocument();
  }, 30_000);
});

describe('searching on a phone', () => {
  it('empties the search with Escape before closing the drawer', async () => {
    const onClose = vi.fn();
    renderWithTheme(<SessionDrawer mobileOpen onClose={onClose} />);
    // The slide-over arrives as a chunk of its own; while it is open, the page behind it is
    // hidden from the accessibility tree, the hidden side panel with it.
    const drawer = await screen.findByRole('presentation');
    const field = await within(drawer).findByRole('searchbox', { name: 'Search conversations' });
    await userEvent.type(field, 'weekly');
    await userEvent.keyboard('{Escape}');
    expect(field).toHaveValue('');
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });
});
