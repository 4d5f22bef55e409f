// The session list and the actions on a session other than opening it: rename, clear, delete.
//
// Design decisions (why):
// - The list is the server's. Only the server knows a session's title (its rules for
//   shortening the first message are its own), messageCount (duplicates and stateless turns
//   make counting locally a guess) and summary, so the list is asked for again whenever a
//   turn ends; lastActivityAt and expiresAt, which protocol.md defines, are patched locally
//   meanwhile (touchSession) so the drawer's order is right before the answer comes. The
//   answer replaces only the entries that changed (mergeSessionList, which says why).
// - Deleting the conversation on screen shows the most recent one left in the drawer, as if
//   the user had picked it; with none left, a new chat. removeSession says which (Removed):
//   ChatEngine has SessionOpening show it, and Delivery forget the removed messages.

import { MAX_TITLE_CHARS } from '../../protocol/limits';
import { charCount } from '../../protocol/textLength';
import type { OutgoingClientFrame, ServerFrameOf } from '../../protocol/types';
import { idRecord, withEntry } from '../records';
import type { EngineContext } from './EngineContext';
import { isEmptySession, mergeSessionList } from './sessionInfo';

/** What removing a session leaves to the other parts (ChatEngine asks them). */
export interface Removed {
  /** The keys of the messages removed with it: their delivery ends. */
  keys: readonly string[];
  /** Whether it was on screen: then `next` is shown, or a new chat when there is none. */
  wasCurrent: boolean;
  next: string | undefined;
}

export class SessionList {
  // Per connection.
  private listedSessions = false;
  /** The engine's own list_sessions while unanswered; one more is owed when `listAgain`. */
  private listRequest: string | null = null;
  private listAgain = false;

  constructor(private readonly ctx: EngineContext) {}

  resetConnection(): void {
    this.listedSessions = false;
    this.listRequest = null;
    this.listAgain = false;
  }

  /** The first time a connection is ready. */
  listOnce(): void {
    if (this.listedSessions) return;
    this.listedSessions = true;
    this.listSessions();
  }

  /**
   * Brings the list up to date with the server (see the notes at the top). At most one such
   * request is in flight: anything that happens meanwhile asks for exactly one more, so a burst
   * of replies (re-sends after a reconnect) costs two frames, and a list computed before the
   * latest change is always followed by one computed after it.
   */
  listSessions(): void {
    if (!this.ctx.ready) return; // the first session_opened of a connection lists anyway
    if (this.listRequest !== null) {
      this.listAgain = true;
      return;
    }
    this.listAgain = false;
    const frame: OutgoingClientFrame = { action: 'list_sessions' };
    this.listRequest = this.ctx.send(frame, { kind: 'other', frame }) ?? null;
  }

  /** The user asks: sent even while the engine's own request is in flight. */
  refreshSessions(): void {
    if (this.ctx.ready)
      this.ctx.send(
        { action: 'list_sessions' },
        { kind: 'other', frame: { action: 'list_sessions' } },
      );
  }

  clearSession(sessionId: string): void {
    this.ctx.request({ action: 'clear_session', sessionId });
  }

  deleteSession(sessionId: string): void {
    this.ctx.request({ action: 'delete_session', sessionId });
  }

  renameSession(sessionId: string, title: string): void {
    const trimmed = title.trim();
    if (trimmed.length === 0 || charCount(trimmed) > MAX_TITLE_CHARS) {
      this.ctx.notify('error', `A title needs 1 to ${MAX_TITLE_CHARS} characters.`);
      return;
    }
    this.ctx.request({ action: 'rename_session', sessionId, title: trimmed });
  }

  onSessionList(frame: ServerFrameOf<'session_list'>): void {
    this.ctx.requests.delete(frame.requestId);
    const previous = this.ctx.get().sessions;
    const sessions = mergeSessionList(previous, frame.sessions);
    if (sessions !== previous) this.ctx.set({ sessions });
    if (frame.requestId === this.listRequest) {
      this.listRequest = null;
      if (this.listAgain) this.listSessions();
    }
  }

  /** An error answered the engine's own list request: what follows is up to the caller. */
  onError(requestId: string | undefined): void {
    if (requestId !== undefined && requestId === this.listRequest) this.listRequest = null;
  }

  onSessionRenamed(frame: ServerFrameOf<'session_renamed'>): void {
    this.ctx.requests.delete(frame.requestId);
    this.ctx.set((s) => ({
      sessions: s.sessions.map((session) =>
        session.sessionId === frame.sessionId ? { ...session, title: frame.title } : session,
      ),
    }));
  }

  onSessionCleared(frame: ServerFrameOf<'session_cleared'>): void {
    this.ctx.requests.delete(frame.requestId);
    const sessionId = frame.sessionId;
    this.ctx.set((s) => {
      const messages = idRecord(s.messages);
      const kept: string[] = [];
      for (const key of s.order[sessionId] ?? []) {
        if (s.outbox.includes(key)) kept.push(key);
        else delete messages[key];
      }
      return {
        messages,
        order: withEntry(s.order, sessionId, kept),
        history: withEntry(s.history, sessionId, { hasMore: false, loading: false }),
        sessions: s.sessions.map((session) =>
          session.sessionId === sessionId ? { ...session, messageCount: 0 } : session,
        ),
      };
    });
    // The server may have reset the title (an unrenamed one comes from the first message).
    this.listSessions();
  }

  onSessionDeleted(frame: ServerFrameOf<'session_deleted'>): Removed {
    this.ctx.requests.delete(frame.requestId);
    return this.removeSession(frame.sessionId);
  }

  /** The session is gone (deleted, or found gone when deleting it). */
  removeSession(sessionId: string): Removed {
    const wasCurrent = this.ctx.get().currentSessionId === sessionId;
    const removed = this.ctx.get().order[sessionId] ?? [];
    this.ctx.set((s) => {
      const messages = idRecord(s.messages);
      for (const key of removed) delete messages[key];
      const order = idRecord(s.order);
      delete order[sessionId];
      const drafts = idRecord(s.drafts);
      delete drafts[sessionId];
      const history = idRecord(s.history);
      delete history[sessionId];
      const typing = idRecord(s.typing);
      delete typing[sessionId];
      return {
        messages,
        order,
        drafts,
        history,
        typing,
        outbox: s.outbox.filter((key) => !removed.includes(key)),
        sessions: s.sessions.filter((session) => session.sessionId !== sessionId),
      };
    });
    if (!wasCurrent) return { keys: removed, wasCurrent, next: undefined };
    const { sessions, order } = this.ctx.get();
    const next = sessions.find((session) => !isEmptySession(session, order));
    return { keys: removed, wasCurrent, next: next?.sessionId };
  }
}
