// Several tabs of the app over one storage: nothing a tab writes is lost, one tab talks to
// the server, and conversations, drafts and preferences stay in step across the tabs.
//
// Design decisions (why):
// - One tab owns the connection. A Web Lock (`<storage key>:connection`, held for the tab's
//   life) elects it; the other tabs follow and do not connect at all. With one sender the
//   outbox cannot be sent twice from two tabs holding the same messages, and a message
//   written in a chat without a session yet cannot end up in two new sessions (one per tab);
//   a follower's engine, connected, would also open sessions and move unsent messages on its
//   own. When the owner closes or crashes the browser grants the lock to a waiting tab, which
//   takes in the latest stored state, connects and sends what is pending.
// - Every write merges (tabSync.ts): it reads the stored value first and, when another tab
//   wrote since this tab last read or wrote, takes that in and writes the result, so no
//   write erases another's. localStorage has no compare-and-set, and the `storage` event
//   comes a task later, after such a race is lost. The `storage` event takes another tab's
//   write in at once, so what the owner hears from the server shows in every tab.
// - Merge rules (tabMerge.ts) follow from who may change what. Only the owner hears from the
//   server, so its transcript, session list and user id stand; it takes in, by
//   clientMessageId, the unsent messages other tabs wrote (the outbox is the union, newly
//   queued ones in the order they were written; the order per session is sorted again with
//   turnOrder.ts), whatever got further in another tab (answered > sent > queued or
//   sending, e.g. a previous owner's last acks: a delivery never goes backwards), and a Retry
//   pressed in another tab (failed → queued, told apart from a stale copy by what storage
//   held at the last sync; failed stays failed unless a tab moved it on). A follower shows
//   what storage holds, keeping only its own unsent messages no other tab has seen yet
//   (written again if a race dropped them). Drafts and preferences merge key by key: the
//   side that changed since the last sync wins, this tab's when both did. Which
//   conversation a tab shows stays its own (a follower follows its messages when the owner
//   moves them, e.g. a new chat getting its session id).
// - A merge whose result storage already holds is not written back, and a follower adopts
//   what the owner wrote, so two tabs do not echo writes at each other.
// - A message written in a follower needs nothing but storage to reach the owner, so it
//   survives the owner closing before it was sent. What a follower cannot do without a
//   connection goes to the owner over a BroadcastChannel (reconnect, rename, clear, delete,
//   refresh the list); the owner broadcasts its connection state, which followers show with
//   a line saying the chat is connected in another tab (ConnectionBanner, useTabRole).
// - A follower only shows what is stored: the latest messages of the conversations the owner
//   has opened. It cannot load older pages, or a conversation nobody has opened, itself.
// - Without Web Locks (very old browsers, or a store not on localStorage) a tab works on its
//   own, as before: no merging, since two connected tabs each sending what they merged would
//   send it twice.

import { tabSyncOf } from './createChatStore';
import type { ChatStore } from './createChatStore';
import type { StorageEvents } from './tabSync';
import type { ChatState, ConnectionState } from './types';

/** The part of the Web Locks API used (navigator.locks fits). */
export interface TabLocks {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** The part of BroadcastChannel used. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface CrossTabOptions {
  locks: TabLocks;
  /** Other tabs' writes as they happen; null: taken in only before this tab writes. */
  storageEvents: StorageEvents | null;
  /** null: followers cannot ask the owner to act (they say they are offline instead). */
  openChannel: ((name: string) => TabChannel) | null;
}

/** The owner's connection, made by startChat when this tab gets the lock. */
export interface TabConnection {
  /** Sends what the outbox allows now (messages another tab wrote). */
  pump(): void;
  /** Closes it for good. */
  stop(): void;
}

type Forwarded = Pick<
  ChatState,
  'reconnect' | 'refreshSessions' | 'renameSession' | 'clearSession' | 'deleteSession'
>;

type TabMessage =
  | { type: 'hello' }
  | { type: 'connection'; connection: ConnectionState }
  | { type: 'call'; action: keyof Forwarded; args: string[] };

/** The browser's means, for a store kept in localStorage where Web Locks exist; else null. */
export function browserTabs(store: ChatStore): CrossTabOptions | null {
  if (!tabSyncOf(store).isBrowserStorage) return null;
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return null;
  // NOTE: navigator.locks exists only in secure contexts: https, localhost, 127.0.0.1 (MDN,
  // Web Locks API).
  const locks = (navigator as { locks?: TabLocks }).locks;
  if (!locks) return null;
  return {
    locks,
    storageEvents: {
      subscribe(onChange) {
        const listener = (event: StorageEvent) => onChange(event.key);
        window.addEventListener('storage', listener);
        return () => window.removeEventListener('storage', listener);
      },
    },
    openChannel:
      typeof BroadcastChannel === 'undefined' ? null : (name) => new BroadcastChannel(name),
  };
}

/**
 * Elects the tab that owns the connection and keeps the store in step with the other tabs;
 * `connect` is called when this tab becomes the owner. Returns the function that stops it.
 */
export function startCrossTab(
  store: ChatStore,
  options: CrossTabOptions,
  connect: () => TabConnection,
): () => void {
  const sync = tabSyncOf(store);
  const lockName = `${sync.name}:connection`;
  const channel = openChannel(options, `${sync.name}:tabs`);
  const own = forwardedOf(store.getState());
  const abort = new AbortController();
  let role: 'electing' | 'owner' | 'follower' = 'electing';
  let stopped = false;
  let connection: TabConnection | null = null;
  let release: (() => void) | undefined;
  let stopBroadcasting: (() => void) | undefined;

  const post = (message: TabMessage) => {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel: nobody to tell.
    }
  };
  const postConnection = () =>
    post({ type: 'connection', connection: store.getState().connection });

  sync.start(options.storageEvents, {
    onOutboxGrew: () => connection?.pump(),
    onRetried: (clientMessageIds) => {
      for (const clientMessageId of clientMessageIds)
        store.getState().retryMessage(clientMessageId);
    },
    onPreferencesChanged: () => store.getState().updatePreferences({}),
  });

  const lead = (): Promise<void> | undefined => {
    if (stopped) return undefined;
    if (role === 'follower' && channel) store.setState(own);
    role = 'owner';
    sync.takeOver();
    connection = connect();
    stopBroadcasting = store.subscribe((state, previous) => {
      if (state.connection !== previous.connection) postConnection();
    });
    postConnection();
    // Held until the tab goes away (or stop): the browser then hands it to a waiting tab.
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };

  const follow = () => {
    role = 'follower';
    sync.follow();
    if (channel) store.setState(forwarders(post));
    post({ type: 'hello' });
  };

  channel?.addEventListener('message', (event) => {
    const message: unknown = event.data;
    if (stopped || !isRecord(message)) return;
    if (message.type === 'hello' && role === 'owner') postConnection();
    else if (message.type === 'connection' && role === 'follower') {
      if (isConnectionState(message.connection)) store.setState({ connection: message.connection });
    } else if (message.type === 'call' && role === 'owner') call(own, message);
  });

  // Where the lock cannot be had at all (a request that fails, not one stopped), this tab
  // works on its own, as it would without Web Locks.
  const alone = () => {
    if (stopped || role !== 'electing') return;
    sync.stop();
    connection = connect();
  };
  try {
    options.locks
      .request(lockName, { ifAvailable: true }, (lock) => {
        if (stopped) return undefined;
        if (lock) return lead();
        follow();
        options.locks.request(lockName, { signal: abort.signal }, lead).catch(() => undefined);
        return undefined;
      })
      .catch(alone);
  } catch {
    alone();
  }

  return () => {
    stopped = true;
    abort.abort();
    stopBroadcasting?.();
    connection?.stop();
    connection = null;
    release?.();
    if (role === 'follower' && channel) store.setState(own);
    channel?.close();
    sync.stop();
  };
}

function openChannel(options: CrossTabOptions, name: string): TabChannel | null {
  try {
    return options.openChannel?.(name) ?? null;
  } catch {
    return null; // e.g. an opaque origin: followers then say they are offline
  }
}

function forwardedOf(state: ChatState): Forwarded {
  const { reconnect, refreshSessions, renameSession, clearSession, deleteSession } = state;
  return { reconnect, refreshSessions, renameSession, clearSession, deleteSession };
}

/** A follower's actions that need the connection: the owner does them. */
function forwarders(post: (message: TabMessage) => void): Forwarded {
  const ask = (action: keyof Forwarded, ...args: string[]) => post({ type: 'call', action, args });
  return {
    reconnect: () => ask('reconnect'),
    refreshSessions: () => ask('refreshSessions'),
    renameSession: (sessionId, title) => ask('renameSession', sessionId, title),
    clearSession: (sessionId) => ask('clearSession', sessionId),
    deleteSession: (sessionId) => ask('deleteSession', sessionId),
  };
}

/** Runs what a follower asked for; anything malformed is ignored. */
function call(own: Forwarded, message: Record<string, unknown>): void {
  const { args } = message;
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) return;
  const [first, second] = args as string[];
  switch (message.action) {
    case 'reconnect':
      return own.reconnect();
    case 'refreshSessions':
      return own.refreshSessions();
    case 'renameSession':
      if (first !== undefined && second !== undefined) own.renameSession(first, second);
      return;
    case 'clearSession':
      if (first !== undefined) own.clearSession(first);
      return;
    case 'deleteSession':
      if (first !== undefined) own.deleteSession(first);
      return;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isConnectionState(value: unknown): value is ConnectionState {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'idle':
    case 'connecting':
    case 'open':
      return true;
    case 'reconnecting':
      return typeof value.attempt === 'number' && typeof value.maxAttempts === 'number';
    case 'offline':
      return value.reason === 'attempts_exhausted' || value.reason === 'browser_offline';
    case 'closed_by_server':
      return typeof value.code === 'number' && typeof value.reason === 'string';
    default:
      return false;
  }
}
