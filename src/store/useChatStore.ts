import { useStore } from 'zustand';
import { createChatStore } from './createChatStore';
import type { ChatState } from './types';

export type {
  ChatState,
  ConnectionState,
  DeliveryStatus,
  HistoryState,
  Notice,
  TypingState,
  UiMessage,
} from './types';

/** The app's one chat store (vanilla API); startChat connects it. */
export const chatStore = createChatStore();

/**
 * The bound hook. Always pass a selector that picks one field (or use useShallow): a
 * streaming delta changes `streamingText`, and only a selector on that one entry stays quiet.
 */
export const useChatStore = Object.assign(
  <T>(selector: (state: ChatState) => T): T => useStore(chatStore, selector),
  chatStore,
);
