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
// - Sessions found gone, and what moves out of them into the session opened for them, follow
//   deadSessions.ts. SessionOpening keeps the set of dead sessions.
// - What follows an open (the history cursor, a repair, the first list and preferences of a
//   connection, sending what waits) is the other parts' work: onSessionOpened says what
//   happened (Opened) and ChatEngine asks them. An open that fails is retried after Outage's
//   backoff the same way (onError).

import type { OutgoingClientFrame, ServerFrameOf } from '../../protocol/types';
import {
  addDeadSession,
  movedNotice,
  replacedNotice,
  sessionsMovedFrom,
  waitsForSession,
} from './deadSessions';
import type { EngineContext } from './EngineContext';
import { applySessionOpened } from './reconcilePage';
import { isEmptySession } from './sessionInfo';
import { TimerMap } from './TimerMap';
import { OPEN_TIMEOUT_MS } from './timings';

export interface OpenRequest {
  /** The id asked for; undefined asks for a new session. */
  sessionId?: string;
  /** A dead session whose pending messages this new session adopts. */
  replaces?: string;
  /** Only to refresh the transcript (its order was provisional); never changes the current session. */
  resync?: boolean;
}

/** What a session_opened leaves to the other parts (ChatEngine asks them). */
export interface Opened {
  sessionId: string;
  /** Where older pages continue from (History.setCursor). */
  cursor: string | undefined;
  /** Stored copies to fetch, because some places before the page were only provisional. */
  repair: { before: string; limit: number } | undefined;
  /** The connection's first: requests may go out from now on. */
  firstOfConnection: boolean;
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

  constructor(private readonly ctx: EngineContext) {
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
    return waitsForSession(this.deadSessions, sessionId);
  }

  /** The server says `sessionId` is gone (`code`): the user is told once (deadSessions.ts). */
  markDead(sessionId: string, code: ServerFrameOf<'error'>['code']): void {
    if (addDeadSession(this.deadSessions, sessionId)) this.ctx.notify('warning', movedNotice(code));
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

  /** Undefined for a duplicate, or an answer to an earlier connection's request. */
  onSessionOpened(frame: ServerFrameOf<'session_opened'>): Opened | undefined {
    const request = this.openRequests.get(frame.requestId);
    if (!request) return undefined;
    this.forgetOpen(frame.requestId);
    const isLatest = frame.requestId === this.latestOpenId;
    const sessionId = frame.sessionId;
    if (frame.previous && frame.previous.sessionId !== sessionId) {
      this.ctx.notify('warning', replacedNotice(frame.previous));
    }
    const movedFrom = sessionsMovedFrom(frame, request);
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

    let opened: Pick<Opened, 'cursor' | 'repair'> = { cursor: undefined, repair: undefined };
    this.ctx.set((s) => {
      const next = applySessionOpened(s, frame, movedFrom, becomesCurrent);
      opened = { cursor: next.cursor, repair: next.repair };
      return next.state;
    });
    const firstOfConnection = !this.ctx.ready;
    this.ctx.ready = true;
    return { sessionId, ...opened, firstOfConnection };
  }

  /**
   * An error answering an open: undefined when it answers none; `retry` when the open must be
   * asked again after the backoff (Outage).
   */
  onError(frame: ServerFrameOf<'error'>): { retry?: () => void } | undefined {
    const requestId = frame.requestId;
    const openRequest = requestId === undefined ? undefined : this.openRequests.get(requestId);
    if (!openRequest || requestId === undefined) return undefined;
    this.forgetOpen(requestId);
    if (requestId !== this.latestOpenId && openRequest.replaces === undefined) return {};
    // Retryable or not, the app cannot go on without the session: asked again, with backoff.
    this.backingOff = true;
    return {
      retry: () => {
        this.backingOff = false;
        this.openSession(openRequest);
      },
    };
  }

  private forgetOpen(requestId: string): void {
    this.openRequests.delete(requestId);
    this.openTimers.cancel(requestId);
  }
}
