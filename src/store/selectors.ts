import type { ChatState, UiMessage } from './types';

/** The newest message of the conversation on screen (a chat without a session id uses ''). */
export function lastMessage(state: ChatState): UiMessage | undefined {
  const keys = state.order[state.currentSessionId ?? ''];
  const last = keys?.[keys.length - 1];
  return last === undefined ? undefined : state.messages[last];
}
