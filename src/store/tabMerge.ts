// How one tab takes in what another tab of the app wrote to the storage they share. Pure and
// synchronous; when it runs, and why each field merges the way it does, is in crossTab.ts.

import type { Preferences } from '../protocol/types';
import { partialize } from './persistence';
import { idRecord } from './records';
import { withKeys } from './turnOrder';
import type { ChatState, DeliveryStatus, PersistedChatState, UiMessage } from './types';

/** The owner holds the connection and sends the outbox; followers show what it saves. */
export type TabRole = 'owner' | 'follower';

/**
 * A follower's own unsent message that another tab's write dropped is written again this many
 * times; after that its absence is taken as meant (its conversation was deleted meanwhile).
 */
export const MAX_LOST_REWRITES = 3;

/** What storage held when this tab last read or wrote it, as far as merging needs it. */
export interface SyncedBase {
  drafts: Record<string, string> | undefined;
  preferences: Preferences | undefined;
  preferencesDirty: boolean | undefined;
  /** The delivery status of each unsent message. */
  statuses: Map<string, DeliveryStatus | undefined>;
}

export function syncedBase(state: Partial<PersistedChatState>): SyncedBase {
  const statuses = new Map<string, DeliveryStatus | undefined>();
  for (const key of state.outbox ?? []) {
    statuses.set(key, state.messages ? entry(state.messages, key)?.deliveryStatus : undefined);
  }
  return {
    drafts: state.drafts,
    preferences: state.preferences,
    preferencesDirty: state.preferencesDirty,
    statuses,
  };
}

/** What a tab remembers from one merge to the next. */
export interface MergeMemory {
  base: SyncedBase | undefined;
  /** Follower: messages another tab has written; from then on they are that tab's to remove. */
  seen: Set<string>;
  /** Follower: its own unsent messages that other tabs' writes dropped, and how often. */
  lost: Map<string, number>;
  /** Owner: unsent messages it dropped (their conversation was deleted); never taken back. */
  removed: Set<string>;
}

export function createMergeMemory(): MergeMemory {
  return { base: undefined, seen: new Set(), lost: new Map(), removed: new Set() };
}

export interface TabMerge {
  /** The fields that change; the others keep their identity (and their subscribers quiet). */
  patch: Partial<ChatState>;
  /** Storage lacks something this tab holds (or holds it differently): write it. */
  diverged: boolean;
  /** Owner: messages joined the outbox or can be sent again. */
  outboxGrew: boolean;
  /** Owner: failed messages another tab's user retried. */
  retried: string[];
  /** Owner: preferences changed in another tab that the server has not confirmed. */
  preferencesToSend: boolean;
}

interface Transcript {
  messages: Record<string, UiMessage>;
  order: Record<string, string[]>;
  outbox: string[];
}

/** `local` with what another tab wrote (`foreign`, as sanitize returns it) taken in. */
export function mergeOtherTab(
  local: ChatState,
  foreign: Partial<PersistedChatState>,
  role: TabRole,
  memory: MergeMemory,
): TabMerge {
  const patch: Partial<ChatState> = {};
  let outboxGrew = false;
  let retried: string[] = [];
  if (foreign.messages && foreign.order && foreign.outbox) {
    const theirs = { messages: foreign.messages, order: foreign.order, outbox: foreign.outbox };
    const merged =
      role === 'owner'
        ? ownerTranscript(local, theirs, memory)
        : followerTranscript(local, theirs, memory);
    if (merged.messages !== local.messages) patch.messages = merged.messages;
    if (merged.order !== local.order) patch.order = merged.order;
    if (merged.outbox !== local.outbox) patch.outbox = merged.outbox;
    outboxGrew = merged.grew;
    retried = merged.retried;
  }
  if (role === 'follower') {
    if (foreign.userId !== undefined && foreign.userId !== local.userId) {
      patch.userId = foreign.userId;
    }
    if (foreign.sessions && !sameJson(foreign.sessions, local.sessions)) {
      patch.sessions = foreign.sessions;
    }
    const view = followView(local, { ...local, ...patch });
    if (view !== local.currentSessionId) patch.currentSessionId = view;
  }
  const drafts = mergeDrafts(local.drafts, foreign.drafts, memory.base?.drafts);
  if (drafts !== local.drafts) patch.drafts = drafts;
  const settings = mergePreferences(local, foreign, memory.base);
  if (settings) Object.assign(patch, settings);

  const next: ChatState = { ...local, ...patch };
  return {
    patch,
    diverged: !sameShared(partialize(next), foreign),
    outboxGrew,
    retried,
    preferencesToSend: role === 'owner' && settings?.preferencesDirty === true,
  };
}

// ---- transcript ----

const PROGRESS: Record<DeliveryStatus, number> = {
  queued: 0,
  sending: 0,
  failed: 0,
  sent: 1,
  answered: 2,
};

function progress(message: UiMessage): number {
  return message.deliveryStatus === undefined ? 0 : PROGRESS[message.deliveryStatus];
}

function pending(message: UiMessage | undefined): boolean {
  return message?.role === 'user' && message.deliveryStatus !== 'answered';
}

/**
 * The owner keeps its own transcript (it alone hears from the server) and takes in the
 * unsent messages other tabs wrote, and what only another tab can know: a message that got
 * further there (a previous owner's last acks and answers) or a Retry pressed there.
 */
function ownerTranscript(
  local: ChatState,
  foreign: Transcript,
  memory: MergeMemory,
): Transcript & { grew: boolean; retried: string[] } {
  const messages = idRecord(local.messages);
  const added: string[] = [];
  const retried: string[] = [];
  const answered = new Set<string>();
  let changed = false;
  for (const key of new Set([...local.outbox, ...foreign.outbox])) {
    const theirs = entry(foreign.messages, key);
    if (theirs?.role !== 'user') continue;
    const mine = entry(local.messages, key);
    if (!mine) {
      if (memory.removed.has(key) || !foreign.outbox.includes(key)) continue;
      // Their `sending` means their socket had it; here it waits for this one.
      messages[key] =
        theirs.deliveryStatus === 'sending' ? { ...theirs, deliveryStatus: 'queued' } : theirs;
      added.push(key);
      changed = true;
      continue;
    }
    if (progress(theirs) > progress(mine)) {
      messages[key] = theirs;
      changed = true;
      if (theirs.deliveryStatus === 'answered' && theirs.messageId) answered.add(theirs.messageId);
    } else if (
      mine.deliveryStatus === 'failed' &&
      theirs.deliveryStatus !== 'failed' &&
      memory.base?.statuses.get(key) === 'failed'
    ) {
      retried.push(key);
    }
  }
  if (answered.size > 0) {
    for (const [key, message] of Object.entries(foreign.messages)) {
      if (message.replyTo === undefined || !answered.has(message.replyTo)) continue;
      if (message.role !== 'assistant' || entry(local.messages, key)) continue;
      messages[key] = message;
    }
  }
  if (!changed) {
    return { ...pick(local), grew: false, retried };
  }
  const outbox = queuedInWrittenOrder(
    unique([...local.outbox, ...added]).filter((key) => pending(entry(messages, key))),
    messages,
  );
  return {
    messages,
    order: placeAll(local.order, messages, local.order),
    outbox: sameList(outbox, local.outbox) ? local.outbox : outbox,
    grew: true,
    retried,
  };
}

/**
 * A follower shows what storage holds (the owner's transcript), keeping only what it wrote
 * itself and no other tab has seen yet, and never moving a message's delivery backwards.
 */
function followerTranscript(
  local: ChatState,
  foreign: Transcript,
  memory: MergeMemory,
): Transcript & { grew: boolean; retried: string[] } {
  const messages = idRecord<UiMessage>();
  let same = true;
  for (const [key, theirs] of Object.entries(foreign.messages)) {
    const mine = entry(local.messages, key);
    const next = mine ? followerPick(mine, theirs, memory.base?.statuses.get(key)) : theirs;
    messages[key] = next;
    if (next !== mine) same = false;
    memory.seen.add(key);
    memory.lost.delete(key);
  }
  const kept: string[] = [];
  for (const key of local.outbox) {
    const mine = entry(local.messages, key);
    if (!mine || Object.hasOwn(messages, key) || memory.seen.has(key)) continue;
    if (memory.base?.statuses.has(key)) {
      // Storage had it when this tab last synced, and another tab's write dropped it.
      const lost = (memory.lost.get(key) ?? 0) + 1;
      memory.lost.set(key, lost);
      if (lost > MAX_LOST_REWRITES) continue;
    }
    messages[key] = mine;
    kept.push(key);
  }
  if (same && Object.keys(messages).length === Object.keys(local.messages).length) {
    // Every message is this tab's own object: only the order or outbox can differ.
    return finishFollower(local, foreign, local.messages, kept);
  }
  return finishFollower(local, foreign, messages, kept);
}

function finishFollower(
  local: ChatState,
  foreign: Transcript,
  messages: Record<string, UiMessage>,
  kept: string[],
): Transcript & { grew: boolean; retried: string[] } {
  const outbox = unique([...foreign.outbox, ...kept]).filter((key) =>
    pending(entry(messages, key)),
  );
  return {
    messages,
    order: placeAll(foreign.order, messages, local.order),
    outbox: sameList(outbox, local.outbox) ? local.outbox : outbox,
    grew: false,
    retried: [],
  };
}

function followerPick(
  mine: UiMessage,
  theirs: UiMessage,
  synced: DeliveryStatus | undefined,
): UiMessage {
  if (sameJson(mine, theirs)) return mine;
  if (mine.role === 'user') {
    const ahead = progress(theirs) - progress(mine);
    if (ahead < 0) return mine; // a delivery never goes backwards
    // Changed here (a Retry) and not written yet: theirs is only what storage had before.
    if (ahead === 0 && theirs.deliveryStatus === synced && mine.deliveryStatus !== synced) {
      return mine;
    }
  }
  return theirs;
}

/**
 * Every message in the session it names, in turn order: `primary`'s lists where they still
 * hold, the rest appended; unconfirmed messages (no place on the server yet) in the order
 * they were written, whichever tab wrote them. Unchanged lists keep their identity.
 */
function placeAll(
  primary: Record<string, string[]>,
  messages: Record<string, UiMessage>,
  previous: Record<string, string[]>,
): Record<string, string[]> {
  const lists = new Map<string, string[]>();
  const placed = new Set<string>();
  for (const [sessionId, keys] of Object.entries(primary)) {
    const list = lists.get(sessionId) ?? [];
    for (const key of keys) {
      if (placed.has(key) || entry(messages, key)?.sessionId !== sessionId) continue;
      placed.add(key);
      list.push(key);
    }
    lists.set(sessionId, list);
  }
  for (const [key, message] of Object.entries(messages)) {
    if (placed.has(key)) continue;
    placed.add(key);
    const list = lists.get(message.sessionId);
    if (list) list.push(key);
    else lists.set(message.sessionId, [key]);
  }
  const order = idRecord<string[]>();
  let same = lists.size === Object.keys(previous).length;
  for (const [sessionId, keys] of lists) {
    const before = entry(previous, sessionId);
    const next = withKeys(before, inWrittenOrder(keys, messages), messages);
    order[sessionId] = next;
    if (next !== before) same = false;
  }
  return same ? previous : order;
}

/** Confirmed messages as they are; unconfirmed ones after them, by when they were written. */
function inWrittenOrder(keys: string[], messages: Record<string, UiMessage>): string[] {
  const unconfirmed = keys.filter((key) => entry(messages, key)?.messageId === undefined);
  if (unconfirmed.length < 2) return keys;
  const written = (key: string) => Date.parse(entry(messages, key)?.timestamp ?? '') || 0;
  const confirmed = keys.filter((key) => entry(messages, key)?.messageId !== undefined);
  return [...confirmed, ...unconfirmed.sort((a, b) => written(a) - written(b))];
}

/**
 * The outbox with its last queued messages (those after anything already on its way) in the
 * order they were written, whichever tab wrote them. What is on its way stays ahead: the
 * outbox's head is what Delivery has on the wire.
 */
function queuedInWrittenOrder(outbox: string[], messages: Record<string, UiMessage>): string[] {
  let start = outbox.length;
  while (start > 0 && entry(messages, outbox[start - 1]!)?.deliveryStatus === 'queued') start -= 1;
  const written = (key: string) => Date.parse(entry(messages, key)?.timestamp ?? '') || 0;
  return [
    ...outbox.slice(0, start),
    ...outbox.slice(start).sort((a, b) => written(a) - written(b)),
  ];
}

/** The conversation this follower shows, after another tab moved or deleted it. */
function followView(before: ChatState, after: ChatState): string | null {
  const current = before.currentSessionId;
  const view = current ?? '';
  const shown = entry(before.order, view) ?? [];
  const now = entry(after.order, view) ?? [];
  if (shown.length > 0 && !shown.some((key) => now.includes(key))) {
    // Everything it showed went to another session (a new chat got its id, or an expired
    // conversation's unsent messages moved): follow them.
    for (const key of shown) {
      const sessionId = entry(after.messages, key)?.sessionId;
      if (sessionId !== undefined && sessionId !== view && sessionId !== '') return sessionId;
    }
  }
  if (
    current !== null &&
    entry(after.order, current) === undefined &&
    before.sessions.some((session) => session.sessionId === current) &&
    !after.sessions.some((session) => session.sessionId === current)
  ) {
    return null; // deleted in the owner tab
  }
  return current;
}

// ---- drafts and preferences: the side that changed since the last sync wins ----

function mergeDrafts(
  local: Record<string, string>,
  foreign: Record<string, string> | undefined,
  base: Record<string, string> | undefined,
): Record<string, string> {
  if (!foreign) return local;
  const keys = new Set([
    ...Object.keys(local),
    ...Object.keys(foreign),
    ...Object.keys(base ?? {}),
  ]);
  const drafts = idRecord<string>();
  let changed = false;
  for (const key of keys) {
    const mine = entry(local, key);
    const theirs = entry(foreign, key);
    const synced = base ? entry(base, key) : undefined;
    // Only they changed it: theirs. Otherwise this tab's (also when both did: the user is
    // typing here, and the other tab takes this value in from this tab's write).
    const value = theirs !== synced && mine === synced ? theirs : mine;
    if (value !== undefined) drafts[key] = value;
    if (value !== mine) changed = true;
  }
  return changed ? drafts : local;
}

function mergePreferences(
  local: ChatState,
  foreign: Partial<PersistedChatState>,
  base: SyncedBase | undefined,
): Pick<ChatState, 'preferences' | 'preferencesDirty'> | undefined {
  if (!foreign.preferences) return undefined;
  const theirs = {
    preferences: foreign.preferences,
    preferencesDirty: foreign.preferencesDirty ?? false,
  };
  const mine = { preferences: local.preferences, preferencesDirty: local.preferencesDirty };
  if (sameJson(theirs, mine)) return undefined;
  if (base?.preferences) {
    const synced = {
      preferences: base.preferences,
      preferencesDirty: base.preferencesDirty ?? false,
    };
    if (sameJson(theirs, synced) || !sameJson(mine, synced)) return undefined;
  }
  return theirs;
}

// ---- helpers ----

const SHARED_FIELDS = [
  'userId',
  'sessions',
  'messages',
  'order',
  'outbox',
  'drafts',
  'preferences',
  'preferencesDirty',
] as const satisfies readonly (keyof PersistedChatState)[];

/** True when storage holds what this tab would write (which conversation it shows aside). */
function sameShared(mine: PersistedChatState, stored: Partial<PersistedChatState>): boolean {
  return SHARED_FIELDS.every((field) => sameJson(mine[field], stored[field]));
}

/** Deep equality of JSON-like values; a property set to undefined counts as absent. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, index) => sameJson(value, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  if (keys.length !== Object.keys(right).filter((key) => right[key] !== undefined).length) {
    return false;
  }
  return keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

function pick(state: ChatState): Transcript {
  return { messages: state.messages, order: state.order, outbox: state.outbox };
}

function entry<T>(values: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(values, key) ? values[key] : undefined;
}
