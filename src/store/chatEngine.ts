// The store's side of the protocol: it turns server frames and connection changes into state,
// and user actions into frames. It is plain TypeScript (no React) bound to the store's
// get/set; the store's slices delegate their network actions here.
//
// ChatEngine only composes the parts in engine/, each of which keeps its own design notes:
// - EngineContext: get/set, transport, clock, requests in flight, notices, the guard.
// - Outbox and Delivery: what the user writes, and getting it to the assistant exactly once,
//   in order (stop-and-wait, acks, re-sends, failures).
// - SessionOpening (with reconcilePage, pure): opening sessions, provisional places and resync.
// - deadSessions (pure): what happens when a session has expired or was not found.
// - History: older pages. SessionList: the list, rename, clear, delete.
// - Streaming and Typing: replies as they are generated. PreferenceSync: preferences.
// - Outage: retries with backoff of requests other than chat messages, and the notice.
// Here: the connection's life cycle, which part a frame (or an error) is for, and what follows
// when one part's work concerns another. The parts never import each other: each returns what
// happened (SessionOpening.onSessionOpened, SessionList.removeSession, …) or calls the narrow
// callbacks it declares (DeliverySessions, OutboxDelivery, StreamingHooks), wired here.

import { idRecord } from './records';
import type { Preferences, ServerFrame, ServerFrameOf } from '../protocol/types';
import { errorText } from '../protocol/errorText';
import { isGone } from '../protocol/errorCodes';
import { systemClock } from '../services/clock';
import type { Clock } from '../services/clock';
import type { ConnectionState } from '../services/WebSocketChatService';
import { Delivery, requeueSending } from './engine/Delivery';
import { EngineContext } from './engine/EngineContext';
import type { ChatTransport, GetState, SetState } from './engine/EngineContext';
import { History, notLoading } from './engine/History';
import { Outbox } from './engine/Outbox';
import { Outage } from './engine/Outage';
import { PreferenceSync } from './engine/PreferenceSync';
import { randomId } from './engine/randomId';
import { SessionList } from './engine/SessionList';
import type { Removed } from './engine/SessionList';
import { SessionOpening } from './engine/SessionOpening';
import { Streaming } from './engine/Streaming';
import { Typing } from './engine/Typing';
import type { Notice, SendOrigin } from './types';

export interface ChatEngineOptions {
  newId?: () => string;
  logger?: Pick<Console, 'warn' | 'error'>;
}

export class ChatEngine {
  private readonly ctx: EngineContext;
  private readonly outbox: Outbox;
  private readonly delivery: Delivery;
  private readonly opening: SessionOpening;
  private readonly history: History;
  private readonly sessionList: SessionList;
  private readonly streaming: Streaming;
  private readonly typing: Typing;
  private readonly preferences: PreferenceSync;
  private readonly outage: Outage;

  constructor(options: ChatEngineOptions = {}) {
    const ctx = new EngineContext(options.newId ?? randomId, options.logger ?? console);
    this.ctx = ctx;
    // The callbacks a part declares are wired here, to the part that does the work. They are
    // called only after construction, so their order here does not matter.
    const activity = (sessionId: string) => this.sessionActivity(sessionId);
    this.typing = new Typing(ctx, activity);
    this.outage = new Outage(ctx);
    this.history = new History(ctx);
    this.preferences = new PreferenceSync(ctx);
    this.opening = new SessionOpening(ctx);
    this.sessionList = new SessionList(ctx);
    this.delivery = new Delivery(ctx, {
      needsSession: (sessionId) => this.opening.needsSession(sessionId),
      openSessionFor: (sessionId) => this.opening.openSessionFor(sessionId),
      resync: (sessionId) => this.opening.resync(sessionId),
    });
    this.outbox = new Outbox(ctx, {
      added: (clientMessageId) => this.delivery.added(clientMessageId),
      restart: (clientMessageId, status) => this.delivery.restart(clientMessageId, status),
      pump: () => this.delivery.pump(),
    });
    this.streaming = new Streaming(ctx, {
      activity,
      clearTyping: (sessionId) => this.typing.clear(sessionId),
    });
  }

  /** Called once by the store creator. */
  bindStore(get: GetState, set: SetState): void {
    this.ctx.get = get;
    this.ctx.set = set;
  }

  /** Connects the engine to a transport; returns the function that disconnects it. */
  attach(transport: ChatTransport, clock: Clock = systemClock): () => void {
    this.detach();
    this.ctx.transport = transport;
    this.ctx.clock = clock;
    return () => {
      if (this.ctx.transport === transport) this.detach();
    };
  }

  private detach(): void {
    if (!this.ctx.transport) return;
    this.onConnectionChange({ kind: 'idle' });
    this.ctx.transport = null;
  }

  // ---- connection ----

  onConnectionChange(connection: ConnectionState): void {
    this.ctx.guard(() => {
      this.ctx.set({ connection });
      this.resetConnection();
      if (connection.kind === 'open') this.opening.openSession({});
    });
  }

  reconnect(): void {
    this.ctx.transport?.reconnect();
  }

  /** Forgets everything that belonged to the previous connection. */
  private resetConnection(): void {
    this.ctx.resetConnection();
    this.sessionList.resetConnection();
    this.opening.resetConnection();
    this.delivery.resetConnection();
    this.typing.resetConnection();
    const state = this.ctx.get();
    const messages = requeueSending(state);
    const history = notLoading(state.history);
    this.ctx.set({ ...(messages ? { messages } : {}), typing: idRecord(), history });
  }

  /** Frames for a session keep its typing indicator and its pending replies alive. */
  private sessionActivity(sessionId: string): void {
    this.delivery.keepRepliesAlive(sessionId);
    this.typing.keepAlive(sessionId);
  }

  // ---- user actions ----

  sendMessage(content: string, origin: SendOrigin = 'composer'): boolean {
    return this.outbox.write(content, origin);
  }

  askAgain(answerKey: string): boolean {
    return this.outbox.askAgain(answerKey);
  }

  retry(clientMessageIds: readonly string[]): void {
    this.streaming.forgetStopsOfFailed(clientMessageIds);
    this.outbox.retry(clientMessageIds);
  }

  retryAllFailed(): void {
    this.streaming.forgetStopsOfFailed();
    this.outbox.retryAllFailed();
  }

  cancelReply(): void {
    this.streaming.cancelReply();
  }

  /**
   * Sends what the outbox allows now. For messages that arrive with no frame or action here
   * to send them: another tab's, taken in through storage (crossTab.ts).
   */
  pumpOutbox(): void {
    this.ctx.guard(() => this.delivery.pump());
  }

  newChat(): void {
    this.opening.newChat();
  }

  switchSession(sessionId: string): void {
    this.opening.switchSession(sessionId);
  }

  clearSession(sessionId: string): void {
    this.sessionList.clearSession(sessionId);
  }

  deleteSession(sessionId: string): void {
    this.sessionList.deleteSession(sessionId);
  }

  renameSession(sessionId: string, title: string): void {
    this.sessionList.renameSession(sessionId, title);
  }

  refreshSessions(): void {
    this.sessionList.refreshSessions();
  }

  loadOlder(): void {
    this.history.loadOlder();
  }

  updatePreferences(preferences: Partial<Preferences>): void {
    this.preferences.update(preferences);
  }

  notify(severity: Notice['severity'], message: string): void {
    this.ctx.notify(severity, message);
  }

  // ---- frames ----

  onFrame(frame: ServerFrame): void {
    this.ctx.guard(() => this.applyFrame(frame));
  }

  private applyFrame(frame: ServerFrame): void {
    // Whatever comes next sees the text streamed before it.
    if (frame.type !== 'assistant_delta') this.streaming.writeHeldText();
    if (SERVICE_ANSWERS.has(frame.type)) this.outage.recovered();
    if (!this.isForKnownSession(frame)) {
      this.ctx.logger.warn('[chat] dropped a frame for a session this client does not have');
      return;
    }
    switch (frame.type) {
      case 'session_opened':
        return this.onSessionOpened(frame);
      case 'message_ack':
        return this.delivery.onAck(frame);
      case 'typing':
        return this.typing.onTyping(frame);
      case 'assistant_delta':
        return this.streaming.onDelta(frame);
      case 'assistant_message':
        return this.onAssistantMessage(frame);
      case 'history_page':
        return this.history.onHistoryPage(frame);
      case 'session_list':
        return this.sessionList.onSessionList(frame);
      case 'session_renamed':
        return this.sessionList.onSessionRenamed(frame);
      case 'session_cleared':
        return this.sessionList.onSessionCleared(frame);
      case 'session_deleted':
        return this.onSessionRemoved(this.sessionList.onSessionDeleted(frame));
      case 'preferences_updated':
        return this.preferences.onPreferencesUpdated(frame);
      case 'pong':
        return;
      case 'error':
        return this.onError(frame);
      default:
        assertNever(frame);
    }
  }

  private onSessionOpened(frame: ServerFrameOf<'session_opened'>): void {
    const opened = this.opening.onSessionOpened(frame);
    if (!opened) return;
    this.history.setCursor(opened.sessionId, opened.cursor);
    this.delivery.stopReplyTimersOfUnacknowledged();
    if (opened.repair) {
      // Some places were only provisional: fetch the stored copies of what precedes the page.
      this.history.repair(opened.sessionId, opened.repair);
    }
    if (opened.firstOfConnection) {
      this.sessionList.listOnce();
      if (this.ctx.get().preferencesDirty) this.preferences.send();
    }
    this.delivery.pump();
  }

  private onAssistantMessage(frame: ServerFrameOf<'assistant_message'>): void {
    const turn = this.streaming.onAssistantMessage(frame);
    if (!turn) return;
    if (turn.question !== undefined) this.delivery.forget(turn.question);
    // A turn ended: the server has a new title (from the first message), messageCount,
    // lastActivityAt and summary. See SessionList.listSessions for why it is asked, not guessed.
    this.sessionList.listSessions();
  }

  /** A session was removed: its messages' delivery ends, and the screen shows another one. */
  private onSessionRemoved(removed: Removed): void {
    for (const key of removed.keys) this.delivery.forget(key);
    if (!removed.wasCurrent) return;
    if (removed.next !== undefined) this.opening.switchSession(removed.next);
    else this.opening.newChat();
  }

  /**
   * Replies and typing for a session the user does not have (not listed, not opened, nothing
   * written to it) are a confused or hostile server's: stored, they would be kept invisibly.
   */
  private isForKnownSession(frame: ServerFrame): boolean {
    let sessionIds: string[];
    if (frame.type === 'assistant_message') sessionIds = [frame.sessionId, frame.message.sessionId];
    else if (frame.type === 'assistant_delta' || frame.type === 'typing')
      sessionIds = [frame.sessionId];
    else return true;
    const { order, sessions, currentSessionId } = this.ctx.get();
    return sessionIds.every(
      (sessionId) =>
        sessionId === currentSessionId ||
        Object.hasOwn(order, sessionId) ||
        sessions.some((session) => session.sessionId === sessionId),
    );
  }

  /** Finds what an error answers and lets that part decide; otherwise tells the user. */
  private onError(frame: ServerFrameOf<'error'>): void {
    const requests = this.ctx.requests;
    const request = frame.requestId === undefined ? undefined : requests.get(frame.requestId);
    this.sessionList.onError(frame.requestId);
    if (frame.requestId !== undefined) requests.delete(frame.requestId);
    const clientMessageId =
      request?.kind === 'chat' ? request.clientMessageId : frame.clientMessageId;

    if (clientMessageId !== undefined && this.ctx.get().outbox.includes(clientMessageId)) {
      // Any failure but a rate limit ends the reply being generated, if one was.
      if (frame.code !== 'RATE_LIMITED') this.streaming.interrupt(clientMessageId);
      const goneSessionId = this.delivery.onChatError(clientMessageId, frame);
      if (goneSessionId !== undefined) {
        // Never stored: the message moves to a new session (deadSessions.ts).
        this.opening.markDead(goneSessionId, frame.code);
        this.delivery.requeue(clientMessageId);
      }
      return;
    }
    const open = this.opening.onError(frame);
    if (open) {
      if (open.retry) this.outage.failed(frame, open.retry);
      return;
    }
    const retryable = frame.retryable || frame.code === 'RATE_LIMITED';
    if (request?.kind === 'history') {
      this.history.onError(request, frame);
      if (retryable) this.outage.failed(frame, () => this.history.loadOlder());
      return;
    }
    if (request?.kind === 'preferences') {
      if (retryable) this.outage.failed(frame, () => this.preferences.send());
      else this.ctx.notify('error', errorText(frame));
      return;
    }
    if (request?.kind === 'other') {
      const action = request.frame;
      // A stop that came too late (the reply ended or failed) is no news (protocol.md).
      if (action.action === 'cancel') {
        this.ctx.logger.warn('[chat] cancel refused', frame.code);
        return;
      }
      if (action.action === 'delete_session' && isGone(frame.code)) {
        this.onSessionRemoved(this.sessionList.removeSession(action.sessionId));
        return;
      }
      if (retryable) {
        this.outage.failed(frame, () =>
          action.action === 'list_sessions'
            ? this.sessionList.listSessions()
            : this.ctx.send(action, { kind: 'other', frame: action }),
        );
        return;
      }
    }
    if (frame.sessionId !== undefined) this.typing.clear(frame.sessionId);
    this.ctx.notify(frame.retryable ? 'warning' : 'error', errorText(frame));
  }
}

/** Answers that show the service (not only its chat) works again; see Outage. */
const SERVICE_ANSWERS = new Set<ServerFrame['type']>([
  'session_opened',
  'history_page',
  'session_list',
  'session_renamed',
  'session_cleared',
  'session_deleted',
]);

function assertNever(value: never): void {
  // The schema admits only the types above (a frame of another type is dropped at the edge,
  // codec.ts), so only a frame that bypassed decoding gets here, and it is ignored. The `never`
  // makes the compiler insist that a frame type added to the protocol gets its case.
  void value;
}
