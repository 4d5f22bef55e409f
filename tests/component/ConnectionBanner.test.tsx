import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectionBanner } from '../../src/components/chat/ConnectionBanner';
import type { ConnectionState } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

beforeEach(() => resetStore());

describe('ConnectionBanner', () => {
  it.each<[ConnectionState, RegExp, boolean]>([
    [{ kind: 'connecting' }, /Connecting/, false],
    [{ kind: 'reconnecting', attempt: 2, maxAttempts: 3 }, /attempt 2 of 3/, false],
    [{ kind: 'offline', reason: 'attempts_exhausted' }, /Cannot reach the assistant/, true],
    [{ kind: 'offline', reason: 'browser_offline' }, /You are offline/, true],
    [
      { kind: 'closed_by_server', code: 1008, reason: 'Token expired' },
      /closed the connection: Token expired/,
      true,
    ],
  ])('tells the user about %o', (connection, text, offersReconnect) => {
    resetStore({ connection });
    renderWithTheme(<ConnectionBanner />);
    expect(screen.getByRole('alert')).toHaveTextContent(text);
    expect(!!screen.queryByRole('button', { name: 'Reconnect' })).toBe(offersReconnect);
  });

  it('says nothing while the connection is open', () => {
    resetStore({ connection: { kind: 'open' } });
    renderWithTheme(<ConnectionBanner />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
