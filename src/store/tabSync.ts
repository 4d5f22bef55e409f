// Keeps one store in step with what the app's other tabs write under the same storage key.
// Before each write this tab reads the stored value and, when another tab wrote since this
// tab last read or wrote it, takes that in first, so the write carries both; a `storage` event
// takes it in as soon as another tab writes. The merge is tabMerge.ts; the reasons, and who
// owns the connection, are in crossTab.ts.

import type { StoreApi } from 'zustand';
import type { PersistStorage, StateStorage } from 'zustand/middleware';
import type { CoalescedStorage } from './coalescedStorage';
import { readStored } from './persistence';
import { createMergeMemory, mergeOtherTab, syncedBase } from './tabMerge';
import type { TabRole } from './tabMerge';
import type { ChatState, PersistedChatState } from './types';

/** Where this tab stands: on its own (no cross-tab sync), electing, owner or follower. */
export type TabStatus = 'single' | 'electing' | TabRole;

/** Tells when another tab changed storage (the browser's `storage` event). */
export interface StorageEvents {
  /** Calls `onChange` with the key that changed (null: all of them); returns the unsubscribe. */
  subscribe(onChange: (key: string | null) => void): () => void;
}

/** What the owner does about what it took in (each runs after the merge, not inside it). */
export interface TabSyncHooks {
  /** The outbox got messages another tab wrote, or one got further there. */
  onOutboxGrew?(): void;
  /** Failed messages the user retried in another tab. */
  onRetried?(clientMessageIds: string[]): void;
  /** Preferences changed in another tab that the server has not confirmed. */
  onPreferencesChanged?(): void;
}

export class TabSync {
  /** null: not syncing (a single tab, or no Web Locks): writes are as they always were. */
  private role: TabRole | null = null;
  private status: TabStatus = 'single';
  private readonly statusListeners = new Set<() => void>();
  /** The raw value storage held when this tab last read or wrote it. */
  private lastRaw: string | null | undefined;
  private memory = createMergeMemory();
  private store: StoreApi<ChatState> | undefined;
  private writer: CoalescedStorage<PersistedChatState> | undefined;
  private hooks: TabSyncHooks = {};
  private stopListening: (() => void) | undefined;

  constructor(
    /** The storage key. */
    readonly name: string,
    private readonly storage: StateStorage | undefined,
    /** True when the storage is the browser's localStorage (other tabs can share it). */
    readonly isBrowserStorage: boolean,
  ) {}

  /** `target`, recording what this tab reads and writes under its key. */
  recording(target: StateStorage): StateStorage {
    return {
      getItem: (name) => {
        const raw = target.getItem(name);
        if (name === this.name && (typeof raw === 'string' || raw === null)) this.lastRaw = raw;
        return raw;
      },
      setItem: (name, value) => {
        const result = target.setItem(name, value);
        if (name === this.name) this.lastRaw = value;
        return result;
      },
      removeItem: (name) => {
        const result = target.removeItem(name);
        if (name === this.name) this.lastRaw = null;
        return result;
      },
    };
  }

  /** `target`, noting what each write leaves in storage (the base of the next merge). */
  noting(target: PersistStorage<PersistedChatState>): PersistStorage<PersistedChatState> {
    return {
      getItem: (name) => target.getItem(name),
      setItem: (name, value) => {
        const result = target.setItem(name, value);
        if (name === this.name && this.role) this.memory.base = syncedBase(value.state);
        return result;
      },
      removeItem: (name) => target.removeItem(name),
    };
  }

  /** Called once by the store creator. */
  bind(store: StoreApi<ChatState>, writer: CoalescedStorage<PersistedChatState>): void {
    this.store = store;
    this.writer = writer;
  }

  /** Starts syncing, as a follower until `takeOver`; call after rehydrating. */
  start(events: StorageEvents | null, hooks: TabSyncHooks): void {
    const store = this.store;
    if (!store || this.role) return;
    this.hooks = hooks;
    this.memory = createMergeMemory();
    const state = store.getState();
    this.memory.base = syncedBase(state);
    // What it read at start, other tabs have written: theirs to remove.
    for (const key of Object.keys(state.messages)) this.memory.seen.add(key);
    this.role = 'follower';
    this.setStatus('electing');
    const offEvents = events?.subscribe((key) => {
      if (key === null || key === this.name) this.absorbIfChanged();
    });
    const offStore = store.subscribe((next, previous) => this.noteRemoved(next, previous));
    this.stopListening = () => {
      offEvents?.();
      offStore();
    };
    this.absorbIfChanged();
  }

  /** This tab follows another that owns the connection. */
  follow(): void {
    if (this.role) this.setStatus('follower');
  }

  /** This tab now owns the connection: it takes in the latest first, as a follower would. */
  takeOver(): void {
    if (!this.role) return;
    this.absorbIfChanged();
    this.role = 'owner';
    this.setStatus('owner');
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.role = null;
    this.hooks = {};
    this.setStatus('single');
  }

  /** The coalesced storage's `beforeWrite`: what another tab wrote goes into this write. */
  beforeWrite(): void {
    this.absorbIfChanged();
  }

  /** Takes in what another tab wrote, if storage changed since this tab last synced. */
  absorbIfChanged(): void {
    if (!this.role) return;
    const raw = this.read();
    if (raw !== undefined && raw !== this.lastRaw) this.absorb(raw);
  }

  readonly getStatus = (): TabStatus => this.status;

  readonly subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  };

  private absorb(raw: string | null): void {
    const { store, writer, role } = this;
    if (!store || !writer || !role) return;
    this.lastRaw = raw;
    const foreign = readStoredByOtherTab(raw);
    if (!foreign) return;
    const merge = mergeOtherTab(store.getState(), foreign, role, this.memory);
    // Storage holds theirs now; a write of ours below moves the base on again.
    this.memory.base = syncedBase(foreign);
    writer.quietly(() => {
      if (Object.keys(merge.patch).length > 0) store.setState(merge.patch);
      return merge.diverged;
    });
    if (role !== 'owner') return;
    // Not inside the merge: it may run within one of the engine's own updates.
    const hooks = this.hooks;
    if (merge.outboxGrew) queueMicrotask(() => hooks.onOutboxGrew?.());
    if (merge.retried.length > 0) queueMicrotask(() => hooks.onRetried?.(merge.retried));
    if (merge.preferencesToSend) queueMicrotask(() => hooks.onPreferencesChanged?.());
  }

  /** Owner: an unsent message that leaves the outbox and the transcript was deleted here. */
  private noteRemoved(next: ChatState, previous: ChatState): void {
    if (this.role !== 'owner' || next.outbox === previous.outbox) return;
    for (const key of previous.outbox) {
      if (!next.outbox.includes(key) && !Object.hasOwn(next.messages, key)) {
        this.memory.removed.add(key);
      }
    }
  }

  private read(): string | null | undefined {
    try {
      const raw = this.storage?.getItem(this.name);
      return typeof raw === 'string' || raw === null ? raw : undefined;
    } catch {
      return undefined;
    }
  }

  private setStatus(status: TabStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}

/** What another tab wrote, validated (readStored); undefined when there is nothing usable. */
function readStoredByOtherTab(raw: string | null): Partial<PersistedChatState> | undefined {
  return raw === null ? undefined : readStored(raw, { requeue: false });
}
