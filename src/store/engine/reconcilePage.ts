// The pure part of opening a session: its latest page (session_opened) merged into what the
// client already holds.
//
// Design decisions (why):
// - Transcript order is by turn, see turnOrder.ts. A user
//   message's place is provisional from its ack (protocol.md does not say the ack carries the
//   stored timestamp) until a page brings the stored copy. A confirmed message the latest page
//   lacks is older than that page, is kept just before it, and the stored copies of what
//   precedes the page are fetched (repair).
// - Frames that contradict themselves (a page holding another session's message, ids that
//   collide) are tolerated: strays are dropped, keys live in one session's order only.

import { idRecord, withEntry } from '../records';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from '../../protocol/limits';
import type { ServerFrameOf } from '../../protocol/types';
import { fromChatMessage, keyOf, withoutElsewhere } from '../transcript';
import { compareOwnPlace } from '../../protocol/turnOrder';
import { sortKeys } from '../turnOrder';
import type { ChatState, UiMessage } from '../types';
import { adoptDeadSessions } from './deadSessions';
import { upsertSession } from './sessionInfo';

export interface ReconciledPage {
  messages: Record<string, UiMessage>;
  order: Record<string, string[]>;
  outbox: string[];
  hasMore: boolean;
  /** Where older pages continue from (see History). */
  cursor: string | undefined;
  /** Stored copies to fetch because some places before the page were only provisional. */
  repair?: { before: string; limit: number };
}

/**
 * `page` (the latest messages of `sessionId`, oldest first) with the client's messages of that
 * session and `adopted` (pending messages moved there from a dead session).
 */
export function reconcilePage(
  state: Pick<ChatState, 'messages' | 'order' | 'outbox' | 'history'>,
  sessionId: string,
  page: ServerFrameOf<'session_opened'>['messages'],
  pageHasMore: boolean,
  adopted: readonly string[],
): ReconciledPage {
  const messages = idRecord(state.messages);
  let order = state.order;
  const local = [...(order[sessionId] ?? []), ...adopted];
  page = page.filter((chat) => chat.sessionId === sessionId); // a confused server's strays
  const pageKeys = page.map(keyOf);
  const inPage = new Set(pageKeys);
  const answeredIds = new Set(
    page.filter((m) => m.role === 'assistant' && m.replyTo).map((m) => m.replyTo as string),
  );
  let outbox = state.outbox;
  for (const chat of page) {
    const key = keyOf(chat);
    const previous = messages[key];
    order = withoutElsewhere(order, key, sessionId, previous);
    const ui = fromChatMessage(chat, previous);
    if (chat.role === 'user') {
      const answered = answeredIds.has(chat.messageId);
      const pending = outbox.includes(key);
      ui.deliveryStatus = answered
        ? 'answered'
        : pending
          ? 'sent'
          : (previous?.deliveryStatus ?? 'sent');
      if (answered && pending) outbox = outbox.filter((other) => other !== key);
    }
    messages[key] = ui;
  }
  // The page is everything from its first message on. A local message the server confirmed
  // but the page lacks is older than the page; one whose provisional timestamp (an ack's)
  // says otherwise is pulled back just before the page, where it belongs.
  const first = pageKeys[0];
  const firstMessage = first === undefined ? undefined : messages[first];
  const overlaps = first !== undefined && local.includes(first);
  const older: string[] = [];
  const newer: string[] = [];
  let moved = false;
  for (const key of local) {
    const message = messages[key];
    if (!message || inPage.has(key)) continue;
    const pending = outbox.includes(key);
    // A reply still coming, or one that failed part way (never stored): under its question,
    // unless the page has that question's answer.
    if (message.streaming) newer.push(key);
    else if (message.incomplete) {
      if (!answeredIds.has(message.replyTo ?? '')) newer.push(key);
    } else if (message.messageId === undefined) {
      if (pending) newer.push(key);
    } else if (overlaps || pending) {
      if (firstMessage && compareOwnPlace(message, firstMessage) >= 0) {
        const before = new Date(Date.parse(firstMessage.timestamp) - 1).toISOString();
        messages[key] = { ...message, timestamp: before, provisional: true };
        moved = true;
      } else if (message.provisional) {
        moved = true;
      }
      older.push(key);
    }
  }
  const keys = [...older, ...pageKeys, ...newer];
  const keep = new Set(keys);
  for (const key of local) if (!keep.has(key) && !outbox.includes(key)) delete messages[key];
  // With local messages older than the page, "more" is about the oldest of those.
  const hasMore =
    overlaps && older.length > 0 ? (state.history[sessionId]?.hasMore ?? pageHasMore) : pageHasMore;
  const sorted = sortKeys(keys, messages);
  const cursor = overlaps
    ? sorted.map((key) => messages[key]?.messageId).find((id) => id !== undefined)
    : firstMessage?.messageId;
  const result = {
    messages,
    order: withEntry(order, sessionId, sorted),
    outbox,
    hasMore,
    cursor,
  };
  return moved && firstMessage?.messageId
    ? {
        ...result,
        repair: {
          before: firstMessage.messageId,
          limit: Math.min(HISTORY_MAX_LIMIT, older.length + HISTORY_DEFAULT_LIMIT),
        },
      }
    : result;
}

/**
 * The state once `frame` opened `sessionId`: what was in the sessions in `movedFrom` (dead
 * ones, or `''` for a chat without a session) moves there (adoptDeadSessions), and the page
 * is reconciled with what the client holds.
 */
export function applySessionOpened(
  s: ChatState,
  frame: ServerFrameOf<'session_opened'>,
  movedFrom: ReadonlySet<string>,
  becomesCurrent: boolean,
): { state: Partial<ChatState>; cursor: string | undefined; repair: ReconciledPage['repair'] } {
  const sessionId = frame.sessionId;
  const { messages, order, drafts, history, typing, sessions, adopted } = adoptDeadSessions(
    s,
    movedFrom,
    sessionId,
  );
  const reconciled = reconcilePage(
    { ...s, messages, order },
    sessionId,
    frame.messages,
    frame.hasMore,
    adopted,
  );
  history[sessionId] = { hasMore: reconciled.hasMore, loading: false };
  return {
    state: {
      messages: reconciled.messages,
      order: reconciled.order,
      outbox: reconciled.outbox,
      drafts,
      history,
      typing,
      sessions: upsertSession(sessions, frame.session),
      currentSessionId: becomesCurrent ? sessionId : s.currentSessionId,
      preferences: s.preferencesDirty ? s.preferences : frame.preferences,
    },
    cursor: reconciled.cursor,
    repair: reconciled.repair,
  };
}
