import { act, render, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDocumentTitle } from '../../src/app/useDocumentTitle';
import type { SessionInfo } from '../../src/protocol/types';
import { useChatStore } from '../../src/store/useChatStore';
import { resetStore } from '../support/renderWithStore';

function session(sessionId: string, title: string) {
  const now = new Date().toISOString();
  return {
    sessionId,
    title,
    createdAt: now,
    lastActivityAt: now,
    expiresAt: now,
    messageCount: 2,
  } satisfies SessionInfo;
}

beforeEach(() => {
  document.title = 'Before the app';
  resetStore({
    currentSessionId: 's-1',
    sessions: [session('s-1', 'EC2 costs'), session('s-2', 'Budget review'), session('s-3', '')],
  });
});

describe('the browser tab’s title', () => {
  it('is the open conversation’s title, then the app’s name', () => {
    const { unmount } = renderHook(() => useDocumentTitle());
    expect(document.title).toBe('EC2 costs · FinOps Assistant');

    act(() => useChatStore.setState({ currentSessionId: 's-2' }));
    expect(document.title).toBe('Budget review · FinOps Assistant');

    act(() =>
      useChatStore.setState((s) => ({
        sessions: s.sessions.map((it) =>
          it.sessionId === 's-2' ? { ...it, title: 'Q4 budget' } : it,
        ),
      })),
    );
    expect(document.title).toBe('Q4 budget · FinOps Assistant');

    // A conversation without a title yet, and a new chat without a session.
    act(() => useChatStore.setState({ currentSessionId: 's-3' }));
    expect(document.title).toBe('FinOps Assistant');
    act(() => useChatStore.setState({ currentSessionId: 's-1' }));
    act(() => useChatStore.setState({ currentSessionId: null }));
    expect(document.title).toBe('FinOps Assistant');

    unmount();
    expect(document.title).toBe('Before the app');
  });

  it('follows a session that arrives after it opened', () => {
    resetStore({ currentSessionId: 's-9', sessions: [] });
    renderHook(() => useDocumentTitle());
    expect(document.title).toBe('FinOps Assistant');
    act(() => useChatStore.setState({ sessions: [session('s-9', 'Savings Plans')] }));
    expect(document.title).toBe('Savings Plans · FinOps Assistant');
  });
});

describe('the app', () => {
  it('keeps the tab’s title', async () => {
    const { App } = await import('../../src/app/App');
    render(<App />);
    expect(document.title).toBe('EC2 costs · FinOps Assistant');
  });
});
