// Builds the one chat store from its slices. persist wraps the combined store only
// (zustand slices pattern); the engine holding sockets, timers and stream bookkeeping
// stays outside the state, reachable through `engineOf` for startChat and tests. Writes to
// storage are coalesced (coalescedStorage.ts); `flushStorage` writes what is pending. Each
// write first takes in what other tabs wrote (tabSync.ts), once startChat turns that on.

import { createStore } from 'zustand/vanilla';
import { persist } from 'zustand/middleware';
import type { StateStorage } from 'zustand/middleware';
import type { Clock } from '../services/clock';
import { ChatEngine } from './chatEngine';
import { createCoalescedStorage } from './coalescedStorage';
import type { CoalescedStorage } from './coalescedStorage';
import {
  STORAGE_KEY,
  STORAGE_VERSION,
  browserStorage,
  changesUnsentWork,
  createPartialize,
  createSafeStorage,
  merge,
} from './persistence';
import { createConnectionSlice } from './slices/connectionSlice';
import { createMessagesSlice } from './slices/messagesSlice';
import { createPreferencesSlice } from './slices/preferencesSlice';
import { createSessionsSlice } from './slices/sessionsSlice';
import { createUiSlice } from './slices/uiSlice';
import { TabSync } from './tabSync';
import type { ChatState, PersistedChatState } from './types';

export interface CreateChatStoreOptions {
  /** Where the state is kept across reloads; default localStorage, null for none. */
  storage?: StateStorage | null;
  /** Storage key. */
  name?: string;
  /** Makes clientMessageIds (UUIDs by default). */
  newId?: () => string;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Times the coalesced storage writes; default the system clock. */
  clock?: Clock;
}

const STORAGE_UNAVAILABLE_NOTICE =
  'Your chat history cannot be kept on this device (browser storage is unavailable or full). The chat still works, but a reload will lose it.';

const engines = new WeakMap<object, ChatEngine>();
const writers = new WeakMap<object, CoalescedStorage<PersistedChatState>>();
const tabSyncs = new WeakMap<object, TabSync>();

export function createChatStore(options: CreateChatStoreOptions = {}) {
  const engine = new ChatEngine({ newId: options.newId, logger: options.logger });
  const storage = options.storage === undefined ? browserStorage() : (options.storage ?? undefined);

  const onAvailability = (available: boolean) => {
    if (store.getState().storageAvailable === available) return;
    store.setState({ storageAvailable: available });
    if (!available) engine.notify('warning', STORAGE_UNAVAILABLE_NOTICE);
  };

  const tabSync = new TabSync(
    options.name ?? STORAGE_KEY,
    storage,
    options.storage === undefined && storage !== undefined,
  );
  const writer = createCoalescedStorage(
    tabSync.noting(
      createSafeStorage(
        storage && tabSync.recording(storage),
        (available) => onAvailability(available),
        options.logger,
      ),
    ),
    { clock: options.clock, urgent: changesUnsentWork, beforeWrite: () => tabSync.beforeWrite() },
  );

  const store = createStore<ChatState>()(
    persist(
      (set, get, api) => {
        engine.bindStore(get, set);
        return {
          ...createConnectionSlice(engine)(set, get, api),
          ...createSessionsSlice(engine)(set, get, api),
          ...createMessagesSlice(engine)(set, get, api),
          ...createPreferencesSlice(engine)(set, get, api),
          ...createUiSlice(engine)(set, get, api),
        };
      },
      {
        name: options.name ?? STORAGE_KEY,
        version: STORAGE_VERSION,
        storage: writer,
        partialize: createPartialize(),
        // No `migrate`: the storage reads older versions itself (persistence.ts readStored).
        merge: (persisted, current) => merge(persisted, current, options.logger),
        // startChat rehydrates explicitly, before it connects.
        skipHydration: true,
      },
    ),
  );
  engines.set(store, engine);
  writers.set(store, writer);
  tabSync.bind(store, writer);
  tabSyncs.set(store, tabSync);
  if (!storage) onAvailability(false);
  return store;
}

export type ChatStore = ReturnType<typeof createChatStore>;

/** The engine behind a store made by createChatStore. */
export function engineOf(store: ChatStore): ChatEngine {
  const engine = engines.get(store);
  if (!engine) throw new Error('not a chat store made by createChatStore');
  return engine;
}

/** How a store made by createChatStore keeps in step with other tabs. */
export function tabSyncOf(store: ChatStore): TabSync {
  const tabSync = tabSyncs.get(store);
  if (!tabSync) throw new Error('not a chat store made by createChatStore');
  return tabSync;
}

/** Writes the state to storage now if a coalesced write is pending. */
export function flushStorage(store: ChatStore): void {
  writers.get(store)?.flush();
}
