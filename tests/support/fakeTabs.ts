// Several tabs of one origin in one test: a localStorage they share (each tab hears the
// others' writes as `storage` events, a task later, as browsers deliver them), Web Locks and
// BroadcastChannels. Each ChatTab is a store started with startChat on these.
import type { StateStorage } from 'zustand/middleware';
import { createChatStore } from '../../src/store/createChatStore';
import type { ChatStore } from '../../src/store/createChatStore';
import type { CrossTabOptions, TabChannel, TabLocks } from '../../src/store/crossTab';
import { startChat } from '../../src/store/startChat';
import type { StorageEvents } from '../../src/store/tabSync';
import { shownText } from '../../src/store/transcript';
import { TEST_URL, mockSocketFactory } from './fakeServer';
import { FakeStorage, sequentialIds } from './fakeStorage';

const quiet = { warn: () => undefined, error: () => undefined };

/** Web Locks: one holder per name, waiters granted in order, `ifAvailable` and `signal`. */
export class FakeLocks implements TabLocks {
  private readonly holders = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();

  isHeld(name: string): boolean {
    return this.holders.has(name);
  }

  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.holders.add(name);
        Promise.resolve()
          .then(() => callback({ name }))
          .then(resolve, reject)
          .finally(() => this.release(name));
      };
      if (!this.holders.has(name)) return grant();
      if (options.ifAvailable) {
        Promise.resolve()
          .then(() => callback(null))
          .then(resolve, reject);
        return;
      }
      const queue = this.waiters.get(name) ?? [];
      this.waiters.set(name, queue);
      queue.push(grant);
      options.signal?.addEventListener('abort', () => {
        const index = queue.indexOf(grant);
        if (index < 0) return;
        queue.splice(index, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  private release(name: string): void {
    const next = this.waiters.get(name)?.shift();
    if (next) next();
    else this.holders.delete(name);
  }
}

/** One origin: the storage, locks and channels its tabs share. */
export class FakeBrowser {
  readonly storage = new FakeStorage();
  readonly locks = new FakeLocks();
  private readonly storageListeners = new Set<(key: string | null) => void>();
  private readonly channels = new Set<FakeChannel>();

  /** What one more tab of this origin uses. */
  tab(): { storage: StateStorage; tabs: CrossTabOptions } {
    const shared = this.storage;
    let own: ((key: string | null) => void) | undefined;
    const notifyOthers = (key: string) => {
      for (const listener of [...this.storageListeners]) {
        if (listener !== own) setTimeout(() => listener(key), 0);
      }
    };
    const storage: StateStorage = {
      getItem: (name) => shared.getItem(name),
      setItem: (name, value) => {
        shared.setItem(name, value);
        notifyOthers(name);
      },
      removeItem: (name) => {
        shared.removeItem(name);
        notifyOthers(name);
      },
    };
    const storageEvents: StorageEvents = {
      subscribe: (onChange) => {
        own = onChange;
        this.storageListeners.add(onChange);
        return () => this.storageListeners.delete(onChange);
      },
    };
    return {
      storage,
      tabs: {
        locks: this.locks,
        storageEvents,
        openChannel: (name) => new FakeChannel(name, this.channels),
      },
    };
  }

  /** Another tab (or an old version of this one) writes `raw` under `key`. */
  writeFromElsewhere(key: string, raw: string): void {
    this.storage.setItem(key, raw);
    for (const listener of [...this.storageListeners]) setTimeout(() => listener(key), 0);
  }
}

class FakeChannel implements TabChannel {
  private readonly listeners = new Set<(event: { data: unknown }) => void>();

  constructor(
    readonly name: string,
    private readonly all: Set<FakeChannel>,
  ) {
    all.add(this);
  }

  postMessage(message: unknown): void {
    const data = JSON.stringify(message); // structured clone, near enough
    for (const other of this.all) {
      if (other === this || other.name !== this.name) continue;
      setTimeout(() => other.deliver(JSON.parse(data) as unknown), 0);
    }
  }

  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.all.delete(this);
    this.listeners.clear();
  }

  private deliver(data: unknown): void {
    for (const listener of this.listeners) listener({ data });
  }
}

/** A tab of the app: its own store, started on the browser's shared means. */
export class ChatTab {
  readonly store: ChatStore;
  private readonly tabs: CrossTabOptions;
  private stopChat: (() => void) | null = null;

  constructor(browser: FakeBrowser, idPrefix: string) {
    const { storage, tabs } = browser.tab();
    this.tabs = tabs;
    this.store = createChatStore({ storage, newId: sequentialIds(idPrefix), logger: quiet });
  }

  get state() {
    return this.store.getState();
  }

  /** startChat; `tabs: null` is what it does where the browser has no Web Locks. */
  start(tabs: CrossTabOptions | null = this.tabs): this {
    this.stopChat = startChat({
      url: TEST_URL,
      store: this.store,
      createSocket: mockSocketFactory,
      onlineSource: null,
      random: () => 0.5,
      logger: quiet,
      tabs,
    });
    return this;
  }

  /** The tab goes away (closed or reloaded). */
  close(): void {
    this.stopChat?.();
    this.stopChat = null;
  }

  /** `role:text` of the conversation on screen. */
  transcript(sessionId = this.state.currentSessionId ?? ''): string[] {
    const { order, messages, streamingText } = this.state;
    return (order[sessionId] ?? []).map((key) => {
      const message = messages[key];
      return `${message?.role}:${message ? shownText(message, streamingText) : undefined}`;
    });
  }
}
