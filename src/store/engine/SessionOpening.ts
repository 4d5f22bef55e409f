// Opening sessions: the current one after every (re)connect or switch, a new one for messages
// whose session is gone, and the current one again to settle provisional places (resync).
//
// Design decisions (why):
// - After a reconnect nothing is sent before `session_opened`: the open may reveal that the
//   session expired, and pending messages then go to the new session instead of collecting
//   SESSION_EXPIRED errors.
// - An open that goes unanswered for OPEN_TIMEOUT_MS is asked again, unless a newer one
//   superseded it. Only the latest user-driven open decides the current session.
// - When an ack may answer a re-send, the session's page is fetched again (resync): an earlier
//   send may be the one stored, and only the stored copy has the message's true place.

import type { OutgoingClientFrame, ServerFrameOf } from '../../protocol/types';
import { OPEN_TIMEOUT_MS } from '../../services/WebSocketChatService';
import type { Delivery } from './Delivery';
import type { EngineContext } from './EngineContext';
import type { History } from './History';
import type { Outage } from './Outage';
import type { PreferenceSync } from './PreferenceSync';
import { applySessionOpened } from './reconcilePage';
import { isEmptySession } from './sessionInfo';
import type { SessionList } from './SessionList';
import { TimerMap } from './TimerMap';

export interface OpenRequest {
  /** The id asked for; undefined asks for a new session. */
  sessionId?: string;
  /** A dead session whose pending messages this new session adopts. */
  replaces?: string;
  /** Only to refresh the transcript (its order was provisional); never changes the current session. */
  resync?: boolean;
}

export interface SessionOpeningPeers {
  delivery: Pick<Delivery, 'pump' | 'stopReplyTimersOfUnacknowledged'>;
  history: Pick<History, 'setCursor' | 'repair'>;
  sessionList: Pick<SessionList, 'listOnce'>;
  preferences: Pick<PreferenceSync, 'send'>;
  outage: Pick<Outage, 'failed'>;
}

export class SessionOpening {
  // Per connection.
  private readonly openRequests = new Map<string, OpenRequest>();
  private latestOpenId: string | null = null;
  private readonly openTimers: TimerMap<string>;
  /** A failed open waits out its backoff (Outage): no other open goes out meanwhile. */
  private backingOff = false;
  // Across connections.
  private readonly deadSessions = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly peers: SessionOpeningPeers,
  ) {
    this.openTimers = new TimerMap(ctx);
  }

  resetConnection(): void {
    this.openRequests.clear();
    this.latestOpenId = null;
    this.openTimers.cancelAll();
    this.backingOff = false;
  }

  newChat(): void {
    const { currentSessionId, sessions, order } = this.ctx.get();
    if (currentSessionId === null) return;
    // An empty conversation is already a new chat: another would only leave an empty session
    // behind on the server.
    const current = sessions.find((session) => session.sessionId === currentSessionId);
    if (current && isEmptySession(current, order)) return;
    this.ctx.set({ currentSessionId: null });
    if (this.ctx.ready) this.openSession({});
  }

  switchSession(sessionId: string): void {
    if (this.ctx.get().currentSessionId === sessionId) return;
    this.ctx.set({ currentSessionId: sessionId });
    if (this.ctx.ready) this.openSession({});
  }

  /** True when messages of this session must wait for a session to be opened for them. */
  needsSession(sessionId: string): boolean {
    return sessionId === '' || this.deadSessions.has(sessionId);
  }

  /** Marks a session the server no longer has; true if it was not known to be dead. */
  markDead(sessionId: string): boolean {
    if (sessionId === '' || this.deadSessions.has(sessionId)) return false;
    this.deadSessions.add(sessionId);
    return true;
  }

  openSessionFor(sessionId: string): void {
    const inFlight = [...this.openRequests.values()].some((request) =>
      sessionId === '' ? request.sessionId === undefined : request.replaces === sessionId,
    );
    if (inFlight || this.backingOff) return;
    this.openSession(sessionId === '' ? { sessionId: undefined } : { replaces: sessionId });
  }

  resync(sessionId: string): void {
    const inFlight = [...this.openRequests.values()].some(
      (request) => request.resync && request.sessionId === sessionId,
    );
    if (!inFlight) this.openSession({ sessionId, resync: true });
  }

  /** `{}` opens the current session (a new one when there is none). */
  openSession(request: OpenRequest): void {
    if (!this.ctx.transport?.isOpen) return;
    const sessionId =
      request.replaces !== undefined
        ? undefined
        : 'sessionId' in request
          ? request.sessionId
          : (this.ctx.get().currentSessionId ?? undefined);
    const frame: OutgoingClientFrame =
      sessionId === undefined ? { action: 'open_session' } : { action: 'open_session', sessionId };
    const requestId = this.ctx.transport.send(frame);
    const stored: OpenRequest = { sessionId };
    if (request.replaces !== undefined) stored.replaces = request.replaces;
    if (request.resync) stored.resync = true;
    this.openRequests.set(requestId, stored);
    if (request.replaces === undefined && !request.resync) this.latestOpenId = requestId;
    this.openTimers.start(requestId, OPEN_TIMEOUT_MS, () => {
      if (!this.openRequests.delete(requestId)) return;
      // Only re-ask if nothing newer superseded it.
      if (this.latestOpenId === requestId || stored.replaces !== undefined || stored.resync) {
        this.openSession(stored);
      }
    });
  }

  onSessionOpened(frame: ServerFrameOf<'session_opened'>): void {
    const request = this.openRequests.get(frame.requestId);
    if (!request) return; // a duplicate, or an answer to an earlier connection's request
    this.forgetOpen(frame.requestId);
    const isLatest = frame.requestId === this.latestOpenId;
    const sessionId = frame.sessionId;
    const movedFrom = new Set<string>();
    if (frame.previous && frame.previous.sessionId !== sessionId) {
      movedFrom.add(frame.previous.sessionId);
      this.ctx.notify(
        'warning',
        frame.previous.reason === 'expired'
          ? 'Your previous conversation expired (conversations are kept for 7 days after their last message), so a new one was started.'
          : 'Your previous conversation could not be found, so a new one was started.',
      );
    }
    if (request.replaces !== undefined && request.replaces !== sessionId) {
      movedFrom.add(request.replaces);
    }
    if (request.sessionId === undefined) movedFrom.add('');
    for (const from of movedFrom) this.deadSessions.delete(from);

    const current = this.ctx.get().currentSessionId;
    const asksForNew = request.sessionId === undefined && request.replaces === undefined;
    let becomesCurrent: boolean;
    if (request.resync || request.replaces !== undefined) becomesCurrent = false;
    else if (asksForNew) becomesCurrent = current === null;
    else becomesCurrent = isLatest;
    if (current !== null && movedFrom.has(current)) becomesCurrent = true;
    if (asksForNew && becomesCurrent) {
      // Another new-session open (a retry after a timeout) would take the user away from the
      // session their messages just went to; its answer is ignored.
      for (const [requestId, other] of this.openRequests) {
        if (other.sessionId === undefined && other.replaces === undefined) {
          this.forgetOpen(requestId);
        }
      }
    }

    let repair: { before: string; limit: number } | undefined;
    this.ctx.set((s) => {
      const opened = applySessionOpened(s, frame, movedFrom, becomesCurrent);
      repair = opened.repair;
      this.peers.history.setCursor(sessionId, opened.cursor);
      return opened.state;
    });
    this.peers.delivery.stopReplyTimersOfUnacknowledged();

    if (repair) {
      // Some places were only provisional: fetch the stored copies of what precedes the page.
      this.peers.history.repair(sessionId, repair);
    }
    if (!this.ctx.ready) {
      this.ctx.ready = true;
      this.peers.sessionList.listOnce();
      if (this.ctx.get().preferencesDirty) this.peers.preferences.send();
    }
    this.peers.delivery.pump();
  }

  /** An error answering an open; false when it was not one. */
  onError(frame: ServerFrameOf<'error'>): boolean {
    const requestId = frame.requestId;
    const openRequest = requestId === undefined ? undefined : this.openRequests.get(requestId);
    if (!openRequest || requestId === undefined) return false;
    this.forgetOpen(requestId);
    if (requestId !== this.latestOpenId && openRequest.replaces === undefined) return true;
    // Retryable or not, the app cannot go on without the session: asked again, with backoff.
    this.backingOff = true;
    this.peers.outage.failed(frame, () => {
      this.backingOff = false;
      this.openSession(openRequest);
    });
    return true;
  }

  private forgetOpen(requestId: string): void {
    this.openRequests.delete(requestId);
    this.openTimers.cancel(requestId);
  }
}
