// Per-message subscriptions: a bubble hears about its own message and nothing else.
//
// Why: every bubble subscribing to the whole store means every store change (a streamed
// delta, 100 a second) runs a selector in each of thousands of bubbles. One store listener
// here finds which messages changed (by key, through the records' identity) and wakes only
// their bubbles, so a delta costs the same with 2,000 messages loaded as with none.

import { useSyncExternalStore } from 'react';
import { shownText } from './transcript';
import type { ChatState, UiMessage } from './types';
import { chatStore } from './useChatStore';

type Listener = () => void;

const listeners = new Map<string, Set<Listener>>();
let stopListening: (() => void) | null = null;

function notify(key: string) {
  listeners.get(key)?.forEach((listener) => listener());
}

function onStoreChange(state: ChatState, previous: ChatState) {
  if (state.messages !== previous.messages) {
    for (const key of listeners.keys()) {
      if (state.messages[key] !== previous.messages[key]) notify(key);
    }
  }
  if (state.streamingText !== previous.streamingText) {
    for (const key of Object.keys(state.streamingText)) {
      if (state.streamingText[key] !== previous.streamingText[key]) notify(key);
    }
    for (const key of Object.keys(previous.streamingText)) {
      if (!(key in state.streamingText)) notify(key);
    }
  }
}

/** Calls `listener` whenever the message under `key`, or its streamed text, changes. */
export function subscribeToMessage(key: string, listener: Listener): () => void {
  let forKey = listeners.get(key);
  if (!forKey) {
    forKey = new Set();
    listeners.set(key, forKey);
  }
  forKey.add(listener);
  stopListening ??= chatStore.subscribe(onStoreChange);
  return () => {
    forKey.delete(listener);
    if (forKey.size === 0) listeners.delete(key);
    if (listeners.size === 0) {
      stopListening?.();
      stopListening = null;
    }
  };
}

/** The message under `key`; re-renders only when that message changes. */
export function useMessage(key: string): UiMessage | undefined {
  return useSyncExternalStore(
    (listener) => subscribeToMessage(key, listener),
    () => chatStore.getState().messages[key],
  );
}

/** The text the message under `key` shows now: its streamed text so far, or its content. */
export function readShownText(key: string): string {
  const state = chatStore.getState();
  const message = state.messages[key];
  return message ? shownText(message, state.streamingText) : '';
}
