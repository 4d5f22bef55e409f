// Older messages of a session, a page at a time (`load_history`).
//
// Design decisions (why):
// - Older pages are asked for from a cursor: the start of what is known to be contiguous with
//   the latest page (see reconcilePage), so a message kept across a gap cannot hide it.
// - Only a page that continues from the cursor moves it; any other page (a stale answer, a
//   repair of provisional places) only refreshes the copies it brings.

import { idRecord, withEntry } from '../records';
import { isGone } from '../../protocol/errorCodes';
import { HISTORY_DEFAULT_LIMIT } from '../../protocol/limits';
import type { ServerFrameOf } from '../../protocol/types';
import { fromChatMessage, keyOf, withoutElsewhere } from '../transcript';
import { sortKeys } from '../turnOrder';
import type { ChatState, HistoryState } from '../types';
import type { EngineContext, PendingRequest } from './EngineContext';

export class History {
  // Across connections.
  /**
   * Per session, the messageId older pages are asked for before: the start of what is known
   * to be contiguous with the latest page (kept messages older than a gap do not count).
   */
  private readonly historyCursor = new Map<string, string>();

  constructor(private readonly ctx: EngineContext) {}

  setCursor(sessionId: string, cursor: string | undefined): void {
    if (cursor) this.historyCursor.set(sessionId, cursor);
    else this.historyCursor.delete(sessionId);
  }

  /** Asks for the next page of older messages of the current session. */
  loadOlder(): void {
    const { currentSessionId, history, order, messages } = this.ctx.get();
    if (!currentSessionId || !this.ctx.ready) return;
    const entry = history[currentSessionId];
    if (!entry?.hasMore || entry.loading) return;
    const before =
      this.historyCursor.get(currentSessionId) ??
      (order[currentSessionId] ?? [])
        .map((key) => messages[key]?.messageId)
        .find((messageId) => messageId !== undefined);
    if (!before) return;
    this.ctx.send(
      { action: 'load_history', sessionId: currentSessionId, before, limit: HISTORY_DEFAULT_LIMIT },
      { kind: 'history', sessionId: currentSessionId, before },
    );
    this.ctx.set((s) => ({
      history: withEntry(s.history, currentSessionId, { hasMore: true, loading: true }),
    }));
  }

  /** Fetches the stored copies of what precedes a session's latest page. */
  repair(sessionId: string, repair: { before: string; limit: number }): void {
    this.ctx.send(
      { action: 'load_history', sessionId, before: repair.before, limit: repair.limit },
      { kind: 'history', sessionId, before: repair.before, repair: true },
    );
  }

  onHistoryPage(frame: ServerFrameOf<'history_page'>): void {
    const request = this.ctx.requests.get(frame.requestId);
    this.ctx.requests.delete(frame.requestId);
    if (request?.kind !== 'history') return;
    const sessionId = frame.sessionId;
    const page = frame.messages.filter((chat) => chat.sessionId === sessionId);
    this.ctx.set((s) => {
      const messages = idRecord(s.messages);
      let order = s.order;
      const keys = [...(order[sessionId] ?? [])];
      let added = false;
      for (const chat of page) {
        const key = keyOf(chat);
        const previous = messages[key];
        order = withoutElsewhere(order, key, sessionId, previous);
        // The server's copy is authoritative (it has the stored timestamp); keep our status.
        messages[key] = fromChatMessage(chat, previous);
        if (!previous || !keys.includes(key)) {
          keys.push(key);
          added = true;
        }
      }
      const previous = s.history[sessionId];
      // Only a page that continues from the cursor moves it; a stale one just refreshes copies.
      const continues = this.historyCursor.get(sessionId) === request.before;
      const oldest = page[0];
      if (continues && oldest) this.historyCursor.set(sessionId, oldest.messageId);
      const history = {
        hasMore: continues
          ? frame.hasMore
          : (previous?.hasMore ?? false) || (added && frame.hasMore),
        loading: request.repair ? (previous?.loading ?? false) : false,
      };
      return {
        messages,
        order: withEntry(order, sessionId, sortKeys(keys, messages)),
        history: withEntry(s.history, sessionId, history),
      };
    });
  }

  /** A history request failed; a session that is gone has nothing more to page. */
  onError(request: Extract<PendingRequest, { kind: 'history' }>, frame: ServerFrameOf<'error'>) {
    const gone = isGone(frame.code);
    this.ctx.set((s) => ({
      history: withEntry(s.history, request.sessionId, {
        hasMore: gone ? false : (s.history[request.sessionId]?.hasMore ?? false),
        loading: false,
      }),
    }));
  }
}

/** History entries with no page in flight (a connection ended). */
export function notLoading(history: ChatState['history']): ChatState['history'] {
  let changed = false;
  const next = idRecord<HistoryState>();
  for (const [sessionId, entry] of Object.entries(history)) {
    next[sessionId] = entry.loading ? { ...entry, loading: false } : entry;
    if (next[sessionId] !== entry) changed = true;
  }
  return changed ? next : history;
}
