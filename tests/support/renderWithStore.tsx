import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { AppTheme } from '../../src/app/AppTheme';
import { useChatStore, type ChatState, type UiMessage } from '../../src/store/useChatStore';

/** Puts the app's store back to a fresh state, then applies `state`. */
export function resetStore(state: Partial<ChatState> = {}) {
  useChatStore.setState({ ...useChatStore.getInitialState(), ...state }, true);
}

/** Makes a session's transcript out of messages, in order. */
export function transcript(sessionId: string, messages: Omit<UiMessage, 'sessionId'>[]) {
  return {
    currentSessionId: sessionId,
    messages: Object.fromEntries(messages.map((m) => [m.key, { ...m, sessionId }])),
    order: { [sessionId]: messages.map((m) => m.key) },
  };
}

/** Renders in the app's theme; `rerender` keeps the theme around the new element. */
export function renderWithTheme(ui: ReactElement) {
  return render(ui, { wrapper: AppTheme });
}
