// The one place that starts the chat: rehydrate, then create the service, wire it both ways
// and connect. main.tsx calls it once; tests pass their own store, socket factory and clock.

import { WebSocketChatService } from '../services/WebSocketChatService';
import type { WebSocketChatServiceOptions } from '../services/WebSocketChatService';
import { engineOf, flushStorage } from './createChatStore';
import type { ChatStore } from './createChatStore';
import { chatStore } from './useChatStore';

export interface StartChatOptions extends Omit<WebSocketChatServiceOptions, 'userId'> {
  /** A deployment-supplied user id; otherwise the stored (or a new random) one is used. */
  userId?: string;
  /** Defaults to the app's store. */
  store?: ChatStore;
}

/** Starts the chat; returns the function that stops it (closes the socket, clears timers). */
export function startChat(options: StartChatOptions): () => void {
  const { store = chatStore, userId, ...serviceOptions } = options;
  // NOTE: a synchronous storage (localStorage) rehydrates synchronously, so the stored
  // userId and outbox are in the state before the first socket opens.
  void store.persist.rehydrate();
  if (userId && store.getState().userId !== userId) store.setState({ userId });

  const engine = engineOf(store);
  const service = new WebSocketChatService({ ...serviceOptions, userId: store.getState().userId });
  const detach = engine.attach(service, serviceOptions.clock);
  const offFrame = service.onFrame((frame) => engine.onFrame(frame));
  const offStatus = service.onStatusChange((state) => engine.onConnectionChange(state));
  service.connect();
  return () => {
    offFrame();
    offStatus();
    service.close();
    detach();
    // What the page did last is kept, as a pagehide would keep it.
    flushStorage(store);
  };
}
