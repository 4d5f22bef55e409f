// What survives a reload, and how a broken or full localStorage is survived.
//
// Design decisions (why):
// - The outbox and the messages it names are always written, whatever the caps: a message
//   the user sent just before a reload must be re-sent after it.
// - Streaming assistant messages are not written: their delta bookkeeping is not persisted,
//   and the final `assistant_message` brings the whole text after the reload.
// - Each session keeps at most MAX_PERSISTED_MESSAGES_PER_SESSION of its latest messages;
//   older ones come back through `loadOlder`. localStorage is ~5 MB per origin.
// - When a write fails (quota, private mode), it is retried with only the outbox, current
//   session and settings; if that fails too the app keeps working from memory and says so.
// - Whatever is read back is validated against the one schema of what is stored
//   (persistedState.ts), at one edge: `readStored`, for this tab's own reload and for what
//   another tab wrote. A value that is not JSON, not persist's `{ state, version }`, or of a
//   version this app does not read is dropped whole; within a readable one, broken parts are
//   dropped and the rest kept. Each drop is logged with its reason, none throws.
// - `createPartialize` returns the previous result while no persisted field changed, so a
//   set that touches none (a streamed delta, typing, the connection) is no write.
// - Writes are coalesced (coalescedStorage.ts), except a change to the unsent messages: which
//   they are, the session each goes to and how far it got (`changesUnsentWork`). That is
//   written before the engine puts the message on the wire, so a reload, even one without a
//   pagehide, re-sends exactly what may not have arrived, to the session it was sent to
//   (never a second session, which would store it twice). It changes a few times per
//   message, so writing it at once costs nothing; everything else may lag by an interval.
// - Other tabs of the app share the key: each write first takes in what another tab wrote
//   (tabSync.ts, crossTab.ts), reading it with `readStored(…, { requeue: false })`.

import { z } from 'zod/mini';
import { DEFAULT_PREFERENCES } from '../protocol/preferences';
import { isoTimestamp } from '../protocol/schemas';
import type { PersistStorage, StateStorage } from 'zustand/middleware';
import { randomId } from './engine/randomId';
import {
  keyListSchema,
  persistedStateSchema,
  storedValueSchema,
  uiMessageSchema,
} from './persistedState';
import { idRecord } from './records';
import type { ChatState, PersistedChatState, UiMessage } from './types';

export const STORAGE_KEY = 'finops-chat';
/** The version of the stored shape; raise it, and migrate in `readStored`, when it changes. */
export const STORAGE_VERSION = 1;
/** Version 0 never shipped; it has the shape of version 1. */
const READABLE_VERSIONS: readonly number[] = [0, STORAGE_VERSION];
export const MAX_PERSISTED_MESSAGES_PER_SESSION = 100;

type Logger = Pick<Console, 'warn'>;

/** The fields `partialize` reads (all of PersistedChatState's, checked by the compiler). */
const PERSISTED_FIELDS = Object.keys({
  userId: true,
  currentSessionId: true,
  sessions: true,
  messages: true,
  order: true,
  outbox: true,
  drafts: true,
  preferences: true,
  preferencesDirty: true,
} satisfies Record<keyof PersistedChatState, true>) as (keyof PersistedChatState)[];

/**
 * `partialize` for one store: it hands back the same object while the persisted fields keep
 * their identity. persist partializes after every `set`, and most sets (a streamed delta, the
 * typing indicator, the connection) touch none of them; with the same object the coalesced
 * storage knows there is nothing to write, so those sets cost nothing however long the
 * transcript is.
 */
export function createPartialize(): (state: ChatState) => PersistedChatState {
  let inputs: unknown[] | undefined;
  let result: PersistedChatState | undefined;
  return (state) => {
    const next = PERSISTED_FIELDS.map((field) => state[field]);
    if (result && inputs?.every((value, i) => value === next[i])) return result;
    inputs = next;
    result = partialize(state);
    return result;
  };
}

/** The part of the state written to storage. */
export function partialize(state: ChatState): PersistedChatState {
  const messages = idRecord<UiMessage>();
  const order = idRecord<string[]>();
  const outbox = new Set(state.outbox);
  for (const [sessionId, keys] of Object.entries(state.order)) {
    const settled = keys.filter((key) => {
      const message = state.messages[key];
      return message !== undefined && !message.streaming;
    });
    const firstKept = settled.length - MAX_PERSISTED_MESSAGES_PER_SESSION;
    const kept = settled.filter((key, index) => index >= firstKept || outbox.has(key));
    for (const key of kept) messages[key] = state.messages[key] as UiMessage;
    order[sessionId] = kept;
  }
  return {
    userId: state.userId,
    currentSessionId: state.currentSessionId,
    sessions: state.sessions,
    messages,
    order,
    outbox: state.outbox.filter((key) => messages[key] !== undefined),
    drafts: state.drafts,
    preferences: state.preferences,
    preferencesDirty: state.preferencesDirty,
  };
}

/** True when `next` differs from what was last written in what a reload must re-send. */
export function changesUnsentWork(
  next: PersistedChatState,
  lastWritten: PersistedChatState | undefined,
): boolean {
  return lastWritten === undefined || unsentWork(next) !== unsentWork(lastWritten);
}

function unsentWork(state: PersistedChatState): string {
  return JSON.stringify(
    state.outbox.map((key) => {
      const message = state.messages[key];
      return [key, message?.sessionId, message?.deliveryStatus];
    }),
  );
}

/** The smallest state that still keeps the user's unsent work. */
function essentials(state: PersistedChatState): PersistedChatState {
  const messages = idRecord<UiMessage>();
  const order = idRecord<string[]>();
  for (const key of state.outbox) {
    const message = state.messages[key];
    if (!message) continue;
    messages[key] = message;
    (order[message.sessionId] ??= []).push(key);
  }
  return { ...state, sessions: [], messages, order };
}

interface ReadOptions {
  /** False for what another open tab wrote: see `sanitize`. */
  requeue?: boolean;
  logger?: Logger;
}

/**
 * What a stored value holds that this app can use. undefined, with the reason logged, for one
 * that is not JSON, not persist's `{ state, version }`, or of a version this app does not
 * read (a newer app's, or one that never existed); otherwise what `sanitize` keeps.
 */
export function readStored(
  raw: string,
  { requeue = true, logger = console }: ReadOptions = {},
): Partial<PersistedChatState> | undefined {
  const dropAll = (why: string) => {
    logger.warn(`[chat] stored state dropped: ${why}`);
    return undefined;
  };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return dropAll('not JSON');
  }
  const stored = storedValueSchema.safeParse(json);
  if (!stored.success) return dropAll('not of the expected shape');
  const { state, version } = stored.data;
  if (!READABLE_VERSIONS.includes(version)) {
    return dropAll(`version ${version} is not one this app reads`);
  }
  // Every readable version has the current shape; a new one is migrated here.
  return sanitize(state, { requeue, logger });
}

/**
 * Validates what was read and makes it consistent; unknown or broken parts are dropped, each
 * with a logged reason, except the user's unsent messages: one whose timestamp is not a date
 * gets the time it was read (its place is the order written, not its time), so nothing the
 * user wrote is lost to a corrupt value.
 * `requeue: false` keeps `sending` as it is: for what another open tab wrote (crossTab.ts),
 * where it means that tab has the message on the wire, not a send cut short by a reload.
 */
function sanitize(
  persisted: Record<string, unknown>,
  { requeue = true, logger = console }: ReadOptions = {},
): Partial<PersistedChatState> {
  const drop = (what: string, why: string) => logger.warn(`[chat] stored ${what} dropped: ${why}`);
  const read = <T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T | undefined => {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (!parsed.success) drop(what, 'not of the expected shape');
    return parsed.success ? parsed.data : undefined;
  };
  const fields = persistedStateSchema.shape;
  const result: Partial<PersistedChatState> = {};
  const userId = read(fields.userId, persisted.userId, 'user id');
  if (userId !== undefined) result.userId = userId;
  const currentSessionId = read(fields.currentSessionId, persisted.currentSessionId, 'session id');
  if (currentSessionId !== undefined) result.currentSessionId = currentSessionId;
  const preferences = read(fields.preferences, persisted.preferences, 'preferences');
  if (preferences !== undefined) result.preferences = preferences;
  const dirty = read(fields.preferencesDirty, persisted.preferencesDirty, 'preferences flag');
  if (dirty !== undefined) result.preferencesDirty = dirty;
  const drafts = entries(persisted.drafts, z.string(), 'draft', drop);
  if (drafts !== undefined) result.drafts = drafts;
  const sessions = read(z.array(z.unknown()), persisted.sessions, 'session list');
  if (sessions !== undefined) {
    result.sessions = sessions.flatMap(
      (session) => read(fields.sessions.def.element, session, 'session') ?? [],
    );
  }

  const outbox = new Set(read(fields.outbox, persisted.outbox, 'outbox') ?? []);
  const messages = entries(persisted.messages, uiMessageSchema, 'message', drop) ?? idRecord();
  for (const [key, message] of Object.entries(messages)) {
    const unsent = outbox.has(key) && message.role === 'user';
    const dated = isoTimestamp.safeParse(message.timestamp).success;
    if (message.key !== key) drop('message', 'its key does not match its entry');
    else if (message.streaming) drop('message', 'it was still streaming');
    else if (!dated && !unsent) drop('message', 'its timestamp is not a date');
    else {
      if (!dated) {
        logger.warn('[chat] stored unsent message kept with a new timestamp: not a date');
        message.timestamp = new Date().toISOString();
      }
      // A send interrupted by the reload is simply queued again.
      if (requeue && message.deliveryStatus === 'sending') message.deliveryStatus = 'queued';
      continue;
    }
    delete messages[key];
  }
  const order = idRecord<string[]>();
  const placed = new Set<string>();
  for (const [sessionId, keys] of Object.entries(
    entries(persisted.order, keyListSchema, 'order', drop) ?? {},
  )) {
    order[sessionId] = keys.filter((key) => {
      const ok = messages[key]?.sessionId === sessionId && !placed.has(key);
      placed.add(key);
      return ok;
    });
  }
  for (const key of Object.keys(messages)) {
    if (placed.has(key)) continue;
    drop('message', 'it is in no conversation');
    delete messages[key];
  }
  result.messages = messages;
  result.order = order;
  result.outbox = [...outbox].filter((key) => {
    const message = messages[key];
    return message?.role === 'user' && message.deliveryStatus !== 'answered';
  });
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An id-keyed record read from storage: a record without a prototype (records.ts) holding the
 * entries that pass `schema`. Not zod's `record`, which builds a plain object and so drops an
 * id like `__proto__` instead of keeping its entry.
 */
function entries<T>(
  raw: unknown,
  schema: z.ZodMiniType<T>,
  what: string,
  drop: (what: string, why: string) => void,
): Record<string, T> | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    drop(`${what}s`, 'not of the expected shape');
    return undefined;
  }
  const record = idRecord<T>();
  for (const key of Object.keys(raw)) {
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success) record[key] = parsed.data;
    else drop(what, 'not of the expected shape');
  }
  return record;
}

/** What a first visit has, for what storage lacks (the slices start with the same). */
function firstVisit(): PersistedChatState {
  return {
    userId: randomId(),
    currentSessionId: null,
    sessions: [],
    messages: idRecord(),
    order: idRecord(),
    outbox: [],
    drafts: idRecord(),
    preferences: DEFAULT_PREFERENCES,
    preferencesDirty: false,
  };
}

/**
 * The states `createSafeStorage` read and checked, by identity. persist hands what getItem
 * returned on to `merge` typed unknown; this finds it there without checking a long
 * transcript a second time.
 */
const checkedStates = new WeakMap<object, PersistedChatState>();

/** Merges what was read into the initial state (used as persist's `merge`). */
export function merge(persisted: unknown, current: ChatState, logger: Logger = console): ChatState {
  if (!isRecord(persisted)) return current;
  const restored = checkedStates.get(persisted) ?? sanitize(persisted, { logger });
  return { ...current, ...restored };
}

/** The browser's localStorage, or undefined where it is missing or throws on access. */
export function browserStorage(): StateStorage | undefined {
  try {
    if (typeof localStorage === 'undefined') return undefined;
    const probe = `${STORAGE_KEY}:probe`;
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return undefined;
  }
}

/**
 * A persist storage that never throws: failures are reported through `onAvailability`
 * (false when history cannot be kept, true once a write succeeds again).
 */
export function createSafeStorage(
  storage: StateStorage | undefined,
  onAvailability: (available: boolean) => void,
  logger: Logger = console,
): PersistStorage<PersistedChatState> {
  return {
    getItem(name) {
      let raw: unknown;
      try {
        raw = storage?.getItem(name);
      } catch {
        return null;
      }
      if (typeof raw !== 'string') return null;
      const restored = readStored(raw, { logger });
      if (!restored) return null;
      // persist takes a whole state at the current version: readStored has migrated it, and
      // what storage lacked is what a first visit has.
      const state = { ...firstVisit(), ...restored };
      checkedStates.set(state, state);
      return { state, version: STORAGE_VERSION };
    },
    setItem(name, value) {
      if (!storage) return;
      try {
        storage.setItem(name, JSON.stringify(value));
        onAvailability(true);
        return;
      } catch {
        // Full or forbidden: try to keep at least what must not be lost.
      }
      try {
        storage.setItem(name, JSON.stringify({ ...value, state: essentials(value.state) }));
      } catch {
        // Nothing more to try; the state lives in memory only.
      }
      onAvailability(false);
    },
    removeItem(name) {
      try {
        storage?.removeItem(name);
      } catch {
        // ignore
      }
    },
  };
}
