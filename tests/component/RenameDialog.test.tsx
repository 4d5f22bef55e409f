import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RenameDialog } from '../../src/components/sessions/RenameDialog';
import { MAX_TITLE_CHARS } from '../../src/protocol/limits';
import type { SessionInfo } from '../../src/protocol/types';
import { useChatStore } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

const session: SessionInfo = {
  sessionId: 's-1',
  title: 'EC2 costs',
  createdAt: '2026-11-20T10:00:00.000Z',
  lastActivityAt: '2026-11-21T10:00:00.000Z',
  expiresAt: '2026-11-28T10:00:00.000Z',
  messageCount: 2,
};

/** What the dialog asked the store to rename the session to. */
let renamed: string[];

beforeEach(() => {
  renamed = [];
  resetStore({
    sessions: [session],
    renameSession: (_sessionId, title) => {
      renamed.push(title);
    },
  });
});

async function enterTitle(title: string) {
  const user = userEvent.setup();
  renderWithTheme(<RenameDialog session={session} open onClose={vi.fn()} />);
  const input = await screen.findByRole('textbox', { name: 'Title' });
  await user.clear(input);
  await user.click(input);
  await user.paste(title);
  return user;
}

describe('RenameDialog', () => {
  it('accepts a title of 61 emoji: 61 characters as the protocol counts them', async () => {
    const title = '💸'.repeat(61); // 122 UTF-16 units
    const user = await enterTitle(title);

    expect(screen.getByText(`61 / ${MAX_TITLE_CHARS}`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Rename' }));

    expect(renamed).toEqual([title]);
    expect(useChatStore.getState().notices).toEqual([]);
  });

  it('refuses a title one character over the limit', async () => {
    const user = await enterTitle('💸'.repeat(MAX_TITLE_CHARS + 1));

    expect(screen.getByText(`${MAX_TITLE_CHARS + 1} / ${MAX_TITLE_CHARS}`)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rename' })).toBeDisabled();
    await user.keyboard('{Enter}');

    expect(renamed).toEqual([]);
  });
});
