// The one place that starts the chat: rehydrate, then create the service, wire it both ways
// and connect. main.tsx calls it once; tests pass their own store, socket factory and clock.
// With other tabs of the app open, only the tab that owns the connection connects
// (crossTab.ts); the others follow it through storage.

import { WebSocketChatService } from '../services/WebSocketChatService';
import type { WebSocketChatServiceOptions } from '../services/WebSocketChatService';
import { engineOf, flushStorage } from './createChatStore';
import type { ChatStore } from './createChatStore';
import { browserTabs, startCrossTab } from './crossTab';
import type { CrossTabOptions, TabConnection } from './crossTab';
import { chatStore } from './useChatStore';

export interface StartChatOptions extends Omit<WebSocketChatServiceOptions, 'userId'> {
  /** A deployment-supplied user id; otherwise the stored (or a new random) one is used. */
  userId?: string;
  /** Defaults to the app's store. */
  store?: ChatStore;
  /**
   * How the app's tabs share one connection; default the browser's Web Locks, storage events
   * and BroadcastChannel for a store on localStorage. null: this tab connects on its own.
   */
  tabs?: CrossTabOptions | null;
}

/** Starts the chat; returns the function that stops it (closes the socket, clears timers). */
export function startChat(options: StartChatOptions): () => void {
  const { store = chatStore, userId, tabs, ...serviceOptions } = options;
  // NOTE: a synchronous storage (localStorage) rehydrates synchronously, so the stored
  // userId and outbox are in the state before the first socket opens.
  void store.persist.rehydrate();
  if (userId && store.getState().userId !== userId) store.setState({ userId });

  const engine = engineOf(store);
  const connect = (): TabConnection => {
    // The user id as it is now: a tab that took over the connection has the stored one.
    const service = new WebSocketChatService({
      ...serviceOptions,
      userId: store.getState().userId,
    });
    const detach = engine.attach(service, serviceOptions.clock);
    const offFrame = service.onFrame((frame) => engine.onFrame(frame));
    const offStatus = service.onStatusChange((state) => engine.onConnectionChange(state));
    service.connect();
    return {
      pump: () => engine.pumpOutbox(),
      stop: () => {
        offFrame();
        offStatus();
        service.close();
        detach();
      },
    };
  };

  const crossTab = tabs === undefined ? browserTabs(store) : tabs;
  const stop = crossTab ? startCrossTab(store, crossTab, connect) : connect().stop;
  return () => {
    stop();
    // What the page did last is kept, as a pagehide would keep it.
    flushStorage(store);
  };
}
