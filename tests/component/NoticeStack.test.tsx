import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { NoticeStack } from '../../src/components/chat/NoticeStack';
import { useChatStore } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

beforeEach(() => resetStore());

it('shows each notice until the user dismisses it', async () => {
  const user = userEvent.setup();
  resetStore({
    notices: [
      {
        id: 'n-1',
        severity: 'info',
        message: 'Your previous conversation expired; this is a new one.',
      },
      {
        id: 'n-2',
        severity: 'warning',
        message: 'Your chat history cannot be kept on this device.',
      },
    ],
  });
  renderWithTheme(<NoticeStack />);
  expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual([
    'Your previous conversation expired; this is a new one.',
    'Your chat history cannot be kept on this device.',
  ]);

  await user.click(screen.getAllByRole('button', { name: 'Close' })[0]!);

  expect(screen.getAllByRole('alert')).toHaveLength(1);
  expect(useChatStore.getState().notices.map((notice) => notice.id)).toEqual(['n-2']);
});
