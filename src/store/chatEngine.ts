// The store's side of the protocol: it turns server frames and connection changes into state,
// and user actions into frames. It is plain TypeScript (no React) bound to the store's
// get/set; the store's slices delegate their network actions here.
//
// Design decisions (why):
// - The outbox is store state (`outbox`: clientMessageIds in the order written, with each
//   message's text and `deliveryStatus` on the message itself), so persist saves it with the
//   transcript it belongs to and there is one source of truth for what the UI shows.
// - One unacknowledged `chat_message` at a time (stop-and-wait). Pipelining would let a lost
//   or rate-limited message be stored after a later one, so the server's transcript would
//   not be in the order the user wrote. Acknowledged-but-unanswered messages are re-sent
//   freely after a reconnect: their place is already fixed.
// - MAX_SENDS counts sends on one connection; a reconnect gives every pending message a fresh
//   budget. A flaky network must not turn "sent while reconnecting" into "failed"; only a
//   live connection that does not acknowledge three times does. Failed messages wait for the
//   user (protocol: "the user can retry it by hand").
// - After a reconnect nothing is sent before `session_opened`: the open may reveal that the
//   session expired, and pending messages then go to the new session instead of collecting
//   SESSION_EXPIRED errors.
// - An acknowledged message whose reply goes quiet for REPLY_TIMEOUT_MS is sent again: the
//   server answers a known clientMessageId with the finished reply, so a reply frame lost on
//   a live connection (or a server restart mid-reply) does not leave it unanswered.
// - Deltas are held per assistant messageId until their seq is next; a delta for a message
//   that already has its final text is ignored. Streams are not persisted: after a reload the
//   final `assistant_message` (which replaces the text anyway) completes the bubble.
// - A streaming delta replaces one message object and the `messages` record; `order` only
//   changes when a key is added, so one bubble re-renders per delta.
// - Transcript order is the server's (timestamp, messageId), see transcript.ts. A user
//   message's place is provisional from its ack (protocol.md does not say the ack carries the
//   stored timestamp) until a page brings the stored copy. When an ack may answer a re-send,
//   the session's page is fetched again (resync); a confirmed message the latest page lacks
//   is older than that page, is kept just before it, and the stored copies of what precedes
//   the page are fetched (repair). Older pages are asked for from the start of what is known
//   to be contiguous with the latest page, so a message kept across a gap cannot hide it.
// - The session list is the server's: asked for (one request in flight at a time) whenever a
//   turn ends, since only the server knows the title it derived and the message count; the
//   activity times protocol.md defines are patched locally meanwhile (see listSessions).
// - Frames that contradict themselves (a page holding another session's message, ids that
//   collide) are tolerated: strays are dropped, keys live in one session's order only.

import type {
  ErrorCode,
  OutgoingClientFrame,
  Preferences,
  ServerFrame,
  ServerFrameOf,
  SessionInfo,
} from '../protocol/types';
import {
  HISTORY_MAX_LIMIT,
  MAX_CONTENT_CHARS,
  MAX_TITLE_CHARS,
  charCount,
} from '../protocol/limits';
import {
  ACK_TIMEOUT_MS,
  MAX_SENDS,
  OPEN_TIMEOUT_MS,
  REPLY_TIMEOUT_MS,
  RETRY_DELAY_MS,
  TYPING_TIMEOUT_MS,
  frameFits,
  systemClock,
} from '../services/WebSocketChatService';
import type { Clock, ConnectionState } from '../services/WebSocketChatService';
import {
  compareMessages,
  fromChatMessage,
  keyOf,
  sortKeys,
  withKeys,
  withoutElsewhere,
} from './transcript';
import type { ChatState, DeliveryStatus, Notice, UiMessage } from './types';

/** What the engine needs of the connection (WebSocketChatService fits). */
export interface ChatTransport {
  readonly isOpen: boolean;
  send(frame: OutgoingClientFrame): string;
  reconnect(): void;
}

/** Older messages asked for per page. */
export const HISTORY_PAGE_SIZE = 20;
/** Notices kept at once; the oldest go first. */
export const MAX_NOTICES = 5;
/** A session expires this long after its last activity (protocol.md: TTL 604800 s). */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type Get = () => ChatState;
type Set = (partial: Partial<ChatState> | ((state: ChatState) => Partial<ChatState>)) => void;

type PendingRequest =
  | { kind: 'chat'; clientMessageId: string }
  | { kind: 'history'; sessionId: string; before: string; repair?: boolean }
  | { kind: 'preferences' }
  | { kind: 'other'; frame: OutgoingClientFrame };

interface OpenRequest {
  /** The id asked for; undefined asks for a new session. */
  sessionId?: string;
  /** A dead session whose pending messages this new session adopts. */
  replaces?: string;
  /** Only to refresh the transcript (its order was provisional); never changes the current session. */
  resync?: boolean;
}

interface Stream {
  nextSeq: number;
  held: Map<number, string>;
}

export interface ChatEngineOptions {
  newId?: () => string;
  logger?: Pick<Console, 'warn' | 'error'>;
}

export class ChatEngine {
  private get!: Get;
  private set!: Set;
  private readonly newId: () => string;
  private readonly logger: Pick<Console, 'warn' | 'error'>;
  private transport: ChatTransport | null = null;
  private clock: Clock = systemClock;

  // Per connection.
  private ready = false;
  private listedSessions = false;
  /** The engine's own list_sessions while unanswered; one more is owed when `listAgain`. */
  private listRequest: string | null = null;
  private listAgain = false;
  private readonly openRequests = new Map<string, OpenRequest>();
  private latestOpenId: string | null = null;
  private readonly openTimers = new Map<string, unknown>();
  private readonly requests = new Map<string, PendingRequest>();
  private readonly sends = new Map<string, number>();
  /** Every send of a message on this connection, rate-limited ones included. */
  private readonly transmissions = new Map<string, number>();
  /** Messages written on this page and never sent on an earlier connection. */
  private readonly fresh = new Set<string>();
  private readonly replyResends = new Map<string, number>();
  private readonly resent = new Set<string>();
  private readonly ackTimers = new Map<string, unknown>();
  private readonly retryTimers = new Map<string, unknown>();
  private readonly replyTimers = new Map<string, unknown>();
  private readonly otherTimers = new Set<unknown>();
  private readonly typingTimers = new Map<string, unknown>();

  // Across connections.
  private readonly streams = new Map<string, Stream>();
  private readonly deadSessions = new Set<string>();
  /**
   * Per session, the messageId older pages are asked for before: the start of what is known
   * to be contiguous with the latest page (kept messages older than a gap do not count).
   */
  private readonly historyCursor = new Map<string, string>();
  private noticeCounter = 0;

  constructor(options: ChatEngineOptions = {}) {
    this.newId = options.newId ?? randomId;
    this.logger = options.logger ?? console;
  }

  /** Called once by the store creator. */
  bindStore(get: Get, set: Set): void {
    this.get = get;
    this.set = set;
  }

  /** Connects the engine to a transport; returns the function that disconnects it. */
  attach(transport: ChatTransport, clock: Clock = systemClock): () => void {
    this.detach();
    this.transport = transport;
    this.clock = clock;
    return () => {
      if (this.transport === transport) this.detach();
    };
  }

  private detach(): void {
    if (!this.transport) return;
    this.onConnectionChange({ kind: 'idle' });
    this.transport = null;
  }

  // ---- connection ----

  onConnectionChange(connection: ConnectionState): void {
    this.guard(() => {
      this.set({ connection });
      this.resetConnection();
      if (connection.kind === 'open') this.openSession({});
    });
  }

  reconnect(): void {
    this.transport?.reconnect();
  }

  /** Forgets everything that belonged to the previous connection. */
  private resetConnection(): void {
    this.ready = false;
    this.listedSessions = false;
    this.listRequest = null;
    this.listAgain = false;
    this.openRequests.clear();
    this.latestOpenId = null;
    this.requests.clear();
    this.sends.clear();
    for (const clientMessageId of this.transmissions.keys()) this.fresh.delete(clientMessageId);
    this.transmissions.clear();
    this.replyResends.clear();
    this.resent.clear();
    for (const timers of [
      this.openTimers,
      this.ackTimers,
      this.retryTimers,
      this.replyTimers,
      this.typingTimers,
    ]) {
      for (const handle of timers.values()) this.clearTimer(handle);
      timers.clear();
    }
    for (const handle of this.otherTimers) this.clearTimer(handle);
    this.otherTimers.clear();

    const state = this.get();
    const messages = { ...state.messages };
    let changed = false;
    for (const key of state.outbox) {
      const message = messages[key];
      if (message?.deliveryStatus === 'sending') {
        messages[key] = { ...message, deliveryStatus: 'queued' };
        changed = true;
      }
    }
    const history = mapValues(state.history, (entry) =>
      entry.loading ? { ...entry, loading: false } : entry,
    );
    this.set({ ...(changed ? { messages } : {}), typing: {}, history });
  }

  // ---- user actions ----

  sendMessage(content: string): boolean {
    const state = this.get();
    const draftKey = state.currentSessionId ?? '';
    if (content.trim().length === 0) return false;
    const refuse = (message: string) => {
      this.set((s) => ({ drafts: { ...s.drafts, [draftKey]: content } }));
      this.notify('error', message);
      return false;
    };
    if (charCount(content) > MAX_CONTENT_CHARS) {
      return refuse(
        `Your message is ${charCount(content).toLocaleString('en-US')} characters long; the limit is ${MAX_CONTENT_CHARS.toLocaleString('en-US')}. Shorten it and send it again.`,
      );
    }
    let clientMessageId = this.newId();
    while (state.messages[clientMessageId]) clientMessageId = this.newId();
    const probe: OutgoingClientFrame = {
      action: 'chat_message',
      sessionId: state.currentSessionId ?? 'x'.repeat(64),
      clientMessageId,
      content,
    };
    if (!frameFits(probe)) {
      return refuse(
        'Your message is too large to send (over 32 KiB). Shorten it and send it again.',
      );
    }
    const message: UiMessage = {
      key: clientMessageId,
      sessionId: draftKey,
      role: 'user',
      content,
      timestamp: new Date(this.clock.now()).toISOString(),
      clientMessageId,
      deliveryStatus: 'queued',
    };
    this.set((s) => {
      const messages = { ...s.messages, [clientMessageId]: message };
      const drafts = { ...s.drafts };
      delete drafts[draftKey];
      return {
        messages,
        order: {
          ...s.order,
          [draftKey]: sortKeys([...(s.order[draftKey] ?? []), clientMessageId], messages),
        },
        outbox: [...s.outbox, clientMessageId],
        drafts,
      };
    });
    this.fresh.add(clientMessageId);
    this.pump();
    return true;
  }

  retry(clientMessageIds: readonly string[]): void {
    this.guard(() => {
      let changed = false;
      for (const clientMessageId of clientMessageIds) {
        const message = this.get().messages[clientMessageId];
        if (message?.deliveryStatus !== 'failed') continue;
        this.sends.delete(clientMessageId);
        this.replyResends.delete(clientMessageId);
        this.resent.delete(clientMessageId);
        this.setDelivery(clientMessageId, message.messageId ? 'sent' : 'queued');
        if (!this.get().outbox.includes(clientMessageId)) {
          this.set((s) => ({ outbox: [...s.outbox, clientMessageId] }));
        }
        changed = true;
      }
      if (changed) this.pump();
    });
  }

  retryAllFailed(): void {
    const { outbox, messages } = this.get();
    this.retry(outbox.filter((key) => messages[key]?.deliveryStatus === 'failed'));
  }

  cancelReply(): void {
    const { currentSessionId, order, messages } = this.get();
    if (!currentSessionId) return;
    const keys = order[currentSessionId] ?? [];
    const streaming = [...keys].reverse().find((key) => messages[key]?.streaming);
    const messageId = streaming ? messages[streaming]?.messageId : undefined;
    if (!messageId) return;
    this.request({ action: 'cancel', sessionId: currentSessionId, messageId });
  }

  newChat(): void {
    const { currentSessionId } = this.get();
    if (currentSessionId === null) return;
    this.set({ currentSessionId: null });
    if (this.ready) this.openSession({});
  }

  switchSession(sessionId: string): void {
    if (this.get().currentSessionId === sessionId) return;
    this.set({ currentSessionId: sessionId });
    if (this.ready) this.openSession({});
  }

  clearSession(sessionId: string): void {
    this.request({ action: 'clear_session', sessionId });
  }

  deleteSession(sessionId: string): void {
    this.request({ action: 'delete_session', sessionId });
  }

  renameSession(sessionId: string, title: string): void {
    const trimmed = title.trim();
    if (trimmed.length === 0 || charCount(trimmed) > MAX_TITLE_CHARS) {
      this.notify('error', `A title needs 1 to ${MAX_TITLE_CHARS} characters.`);
      return;
    }
    this.request({ action: 'rename_session', sessionId, title: trimmed });
  }

  refreshSessions(): void {
    if (this.ready)
      this.send({ action: 'list_sessions' }, { kind: 'other', frame: { action: 'list_sessions' } });
  }

  loadOlder(): void {
    const { currentSessionId, history, order, messages } = this.get();
    if (!currentSessionId || !this.ready) return;
    const entry = history[currentSessionId];
    if (!entry?.hasMore || entry.loading) return;
    const before =
      this.historyCursor.get(currentSessionId) ??
      (order[currentSessionId] ?? [])
        .map((key) => messages[key]?.messageId)
        .find((messageId) => messageId !== undefined);
    if (!before) return;
    this.send(
      { action: 'load_history', sessionId: currentSessionId, before, limit: HISTORY_PAGE_SIZE },
      { kind: 'history', sessionId: currentSessionId, before },
    );
    this.set((s) => ({
      history: { ...s.history, [currentSessionId]: { hasMore: true, loading: true } },
    }));
  }

  updatePreferences(preferences: Partial<Preferences>): void {
    this.set((s) => ({
      preferences: { ...s.preferences, ...preferences },
      preferencesDirty: true,
    }));
    if (this.ready) this.sendPreferences();
  }

  // ---- frames ----

  onFrame(frame: ServerFrame): void {
    this.guard(() => this.applyFrame(frame));
  }

  private applyFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'session_opened':
        return this.onSessionOpened(frame);
      case 'message_ack':
        return this.onAck(frame);
      case 'typing':
        return this.onTyping(frame);
      case 'assistant_delta':
        return this.onDelta(frame);
      case 'assistant_message':
        return this.onAssistantMessage(frame);
      case 'history_page':
        return this.onHistoryPage(frame);
      case 'session_list':
        this.requests.delete(frame.requestId);
        this.set({ sessions: sortSessions(frame.sessions) });
        if (frame.requestId === this.listRequest) {
          this.listRequest = null;
          if (this.listAgain) this.listSessions();
        }
        return;
      case 'session_renamed':
        this.requests.delete(frame.requestId);
        this.set((s) => ({
          sessions: s.sessions.map((session) =>
            session.sessionId === frame.sessionId ? { ...session, title: frame.title } : session,
          ),
        }));
        return;
      case 'session_cleared':
        this.requests.delete(frame.requestId);
        this.onSessionCleared(frame.sessionId);
        // The server may have reset the title (an unrenamed one comes from the first message).
        this.listSessions();
        return;
      case 'session_deleted':
        this.requests.delete(frame.requestId);
        return this.onSessionDeleted(frame.sessionId);
      case 'preferences_updated': {
        const ours = frame.requestId !== undefined && this.requests.has(frame.requestId);
        if (frame.requestId !== undefined) this.requests.delete(frame.requestId);
        const stillPending = [...this.requests.values()].some((r) => r.kind === 'preferences');
        this.set((s) => ({
          preferences: frame.preferences,
          preferencesDirty: ours && !stillPending ? false : s.preferencesDirty,
        }));
        return;
      }
      case 'pong':
        return;
      case 'error':
        return this.onError(frame);
      default:
        assertNever(frame);
    }
  }

  private onSessionOpened(frame: ServerFrameOf<'session_opened'>): void {
    const request = this.openRequests.get(frame.requestId);
    if (!request) return; // a duplicate, or an answer to an earlier connection's request
    this.openRequests.delete(frame.requestId);
    this.clearTimer(this.openTimers.get(frame.requestId));
    this.openTimers.delete(frame.requestId);
    const isLatest = frame.requestId === this.latestOpenId;
    const sessionId = frame.sessionId;
    const movedFrom = new Set<string>();
    if (frame.previous && frame.previous.sessionId !== sessionId) {
      movedFrom.add(frame.previous.sessionId);
      this.notify(
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

    const current = this.get().currentSessionId;
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
          this.openRequests.delete(requestId);
          this.clearTimer(this.openTimers.get(requestId));
          this.openTimers.delete(requestId);
        }
      }
    }

    let repair: { before: string; limit: number } | undefined;
    this.set((s) => {
      const messages = { ...s.messages };
      const order = { ...s.order };
      const drafts = { ...s.drafts };
      const history = { ...s.history };
      const typing = { ...s.typing };
      let sessions = s.sessions;
      const adopted: string[] = [];
      for (const from of movedFrom) {
        for (const key of order[from] ?? []) {
          const message = messages[key];
          if (!message) continue;
          if (s.outbox.includes(key)) {
            const status: DeliveryStatus =
              message.deliveryStatus === 'failed' ? 'failed' : 'queued';
            // A message sent to a dead session was never stored; it starts afresh there.
            const restarted: UiMessage = { ...message, sessionId, deliveryStatus: status };
            delete restarted.messageId;
            messages[key] = restarted;
            adopted.push(key);
          } else {
            delete messages[key];
          }
        }
        delete order[from];
        const draft = drafts[from];
        if (draft !== undefined) {
          if (!drafts[sessionId]) drafts[sessionId] = draft;
          delete drafts[from];
        }
        delete history[from];
        delete typing[from];
        if (from !== '') sessions = sessions.filter((session) => session.sessionId !== from);
      }
      const reconciled = reconcilePage(
        { ...s, messages, order },
        sessionId,
        frame.messages,
        frame.hasMore,
        adopted,
      );
      history[sessionId] = { hasMore: reconciled.hasMore, loading: false };
      repair = reconciled.repair;
      if (reconciled.cursor) this.historyCursor.set(sessionId, reconciled.cursor);
      else this.historyCursor.delete(sessionId);
      return {
        messages: reconciled.messages,
        order: reconciled.order,
        outbox: reconciled.outbox,
        drafts,
        history,
        typing,
        sessions: upsertSession(sessions, frame.session),
        currentSessionId: becomesCurrent ? sessionId : s.currentSessionId,
        preferences: s.preferencesDirty ? s.preferences : frame.preferences,
      };
    });
    for (const clientMessageId of this.get().outbox) {
      if (this.get().messages[clientMessageId]?.deliveryStatus !== 'sent') {
        this.clearReplyTimer(clientMessageId);
      }
    }

    if (repair) {
      // Some places were only provisional: fetch the stored copies of what precedes the page.
      this.send(
        { action: 'load_history', sessionId, before: repair.before, limit: repair.limit },
        { kind: 'history', sessionId, before: repair.before, repair: true },
      );
    }
    if (!this.ready) {
      this.ready = true;
      if (!this.listedSessions) {
        this.listedSessions = true;
        this.listSessions();
      }
      if (this.get().preferencesDirty) this.sendPreferences();
    }
    this.pump();
  }

  private onAck(frame: ServerFrameOf<'message_ack'>): void {
    this.requests.delete(frame.requestId);
    const clientMessageId = frame.clientMessageId;
    const state = this.get();
    const message = state.messages[clientMessageId];
    if (!message || message.role !== 'user' || !state.outbox.includes(clientMessageId)) return;
    if (!frame.stored) {
      this.notify(
        'info',
        'Conversation history is unavailable right now: this answer will not be saved.',
      );
    }
    this.clearTimer(this.ackTimers.get(clientMessageId));
    this.ackTimers.delete(clientMessageId);
    this.clearTimer(this.retryTimers.get(clientMessageId));
    this.retryTimers.delete(clientMessageId);
    this.resent.add(clientMessageId);

    const sessionKey = message.sessionId;
    const keys = state.order[sessionKey] ?? [];
    const answered = keys.some((key) => {
      const other = state.messages[key];
      return other?.role === 'assistant' && other.replyTo === frame.messageId && !other.streaming;
    });
    const next: UiMessage = {
      ...message,
      messageId: frame.messageId,
      // The ack's timestamp stands in for the stored one until a page brings it.
      timestamp: message.messageId === frame.messageId ? message.timestamp : frame.timestamp,
      ...(message.messageId === frame.messageId ? {} : { provisional: true }),
      deliveryStatus: answered ? 'answered' : 'sent',
    };
    this.set((s) => {
      const messages = { ...s.messages, [clientMessageId]: next };
      return {
        messages,
        order: { ...s.order, [sessionKey]: withKeys(s.order[sessionKey], keys, messages) },
        outbox: answered ? s.outbox.filter((key) => key !== clientMessageId) : s.outbox,
        sessions: touchSession(s.sessions, sessionKey, frame.timestamp),
      };
    });
    // NOTE: protocol.md does not say that message_ack's timestamp is the stored message's; an
    // ack that answers a re-send is certainly later. Unless this ack answers the one and only
    // send of a message written on this page, an earlier send (before a reconnect or reload)
    // may be the one stored: fetch the session's page to settle its place.
    const doubtful =
      message.messageId !== frame.messageId &&
      !(this.fresh.has(clientMessageId) && this.transmissions.get(clientMessageId) === 1);
    if (answered) this.forget(clientMessageId);
    else this.startReplyTimer(clientMessageId);
    if (doubtful && sessionKey !== '') this.resync(sessionKey);
    this.pump();
  }

  private resync(sessionId: string): void {
    const inFlight = [...this.openRequests.values()].some(
      (request) => request.resync && request.sessionId === sessionId,
    );
    if (!inFlight) this.openSession({ sessionId, resync: true });
  }

  private onTyping(frame: ServerFrameOf<'typing'>): void {
    const sessionId = frame.sessionId;
    if (!frame.isTyping) {
      this.clearTyping(sessionId);
      return;
    }
    const typing: { agent?: string; status?: string } = {};
    if (frame.agent !== undefined) typing.agent = frame.agent;
    if (frame.status !== undefined) typing.status = frame.status;
    this.set((s) => ({ typing: { ...s.typing, [sessionId]: typing } }));
    this.sessionActivity(sessionId);
  }

  private onDelta(frame: ServerFrameOf<'assistant_delta'>): void {
    const { sessionId, messageId, replyTo, seq } = frame;
    this.sessionActivity(sessionId);
    const existing = this.get().messages[messageId];
    if (existing && !existing.streaming) return; // the final text is already here
    let stream = this.streams.get(messageId);
    if (!stream) {
      stream = { nextSeq: 0, held: new Map() };
      this.streams.set(messageId, stream);
    }
    if (seq < stream.nextSeq || stream.held.has(seq)) return; // a duplicate
    stream.held.set(seq, frame.delta);
    let appended = '';
    let next = stream.held.get(stream.nextSeq);
    while (next !== undefined) {
      stream.held.delete(stream.nextSeq);
      appended += next;
      stream.nextSeq += 1;
      next = stream.held.get(stream.nextSeq);
    }
    if (appended === '' && stream.nextSeq === 0) return; // still waiting for seq 0
    if (appended === '' && existing) return;

    this.set((s) => {
      const current = s.messages[messageId];
      if (current) {
        return {
          messages: {
            ...s.messages,
            [messageId]: { ...current, content: current.content + appended },
          },
        };
      }
      const message: UiMessage = {
        key: messageId,
        sessionId,
        role: 'assistant',
        content: appended,
        timestamp: frame.timestamp,
        messageId,
        replyTo,
        streaming: true,
      };
      const messages = { ...s.messages, [messageId]: message };
      // A partial reply to the same message under another id was abandoned (server restart).
      const keys = (s.order[sessionId] ?? []).filter((key) => {
        const other = messages[key];
        const orphan = other?.streaming && other.replyTo === replyTo && key !== messageId;
        if (orphan) delete messages[key];
        return !orphan;
      });
      return {
        messages,
        order: { ...s.order, [sessionId]: sortKeys([...keys, messageId], messages) },
      };
    });
  }

  private onAssistantMessage(frame: ServerFrameOf<'assistant_message'>): void {
    const chat = frame.message;
    const sessionId = chat.sessionId;
    const key = keyOf(chat);
    this.streams.delete(chat.messageId);
    this.clearTyping(sessionId);
    const state = this.get();
    const question =
      chat.replyTo === undefined || chat.role !== 'assistant'
        ? undefined
        : state.outbox.find((cid) => state.messages[cid]?.messageId === chat.replyTo);
    const existing = state.messages[key];
    const unchanged =
      existing !== undefined &&
      !existing.streaming &&
      existing.content === chat.content &&
      existing.stopped === chat.stopped &&
      question === undefined;
    if (unchanged) return; // a duplicate

    this.set((s) => {
      const order = withoutElsewhere(s.order, key, sessionId, s.messages[key]);
      const messages = { ...s.messages, [key]: fromChatMessage(chat, s.messages[key]) };
      let keys = order[sessionId] ?? [];
      keys = keys.filter((other) => {
        const candidate = messages[other];
        const orphan = candidate?.streaming && candidate.replyTo === chat.replyTo && other !== key;
        if (orphan) delete messages[other];
        return !orphan;
      });
      let outbox = s.outbox;
      if (question !== undefined) {
        const asked = messages[question];
        if (asked) messages[question] = { ...asked, deliveryStatus: 'answered' };
        outbox = outbox.filter((cid) => cid !== question);
      }
      return {
        messages,
        outbox,
        order: { ...order, [sessionId]: sortKeys([...keys, key], messages) },
        sessions: touchSession(s.sessions, sessionId, chat.timestamp),
      };
    });
    if (question !== undefined) this.forget(question);
    // A turn ended: the server has a new title (from the first message), messageCount,
    // lastActivityAt and summary. See listSessions for why it is asked rather than guessed.
    this.listSessions();
  }

  private onHistoryPage(frame: ServerFrameOf<'history_page'>): void {
    const request = this.requests.get(frame.requestId);
    this.requests.delete(frame.requestId);
    if (request?.kind !== 'history') return;
    const sessionId = frame.sessionId;
    const page = frame.messages.filter((chat) => chat.sessionId === sessionId);
    this.set((s) => {
      const messages = { ...s.messages };
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
        order: { ...order, [sessionId]: sortKeys(keys, messages) },
        history: { ...s.history, [sessionId]: history },
      };
    });
  }

  private onSessionCleared(sessionId: string): void {
    this.set((s) => {
      const messages = { ...s.messages };
      const kept: string[] = [];
      for (const key of s.order[sessionId] ?? []) {
        if (s.outbox.includes(key)) kept.push(key);
        else delete messages[key];
      }
      return {
        messages,
        order: { ...s.order, [sessionId]: kept },
        history: { ...s.history, [sessionId]: { hasMore: false, loading: false } },
        sessions: s.sessions.map((session) =>
          session.sessionId === sessionId ? { ...session, messageCount: 0 } : session,
        ),
      };
    });
  }

  private onSessionDeleted(sessionId: string): void {
    const wasCurrent = this.get().currentSessionId === sessionId;
    const removed = this.get().order[sessionId] ?? [];
    this.set((s) => {
      const messages = { ...s.messages };
      for (const key of removed) delete messages[key];
      const order = { ...s.order };
      delete order[sessionId];
      const drafts = { ...s.drafts };
      delete drafts[sessionId];
      const history = { ...s.history };
      delete history[sessionId];
      const typing = { ...s.typing };
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
    for (const key of removed) this.forget(key);
    if (wasCurrent) this.newChat();
  }

  private onError(frame: ServerFrameOf<'error'>): void {
    const request = frame.requestId === undefined ? undefined : this.requests.get(frame.requestId);
    if (frame.requestId !== undefined && frame.requestId === this.listRequest) {
      this.listRequest = null; // what happens next is decided below, like any other request
    }
    if (frame.requestId !== undefined) this.requests.delete(frame.requestId);
    const openRequest =
      frame.requestId === undefined ? undefined : this.openRequests.get(frame.requestId);
    const clientMessageId =
      request?.kind === 'chat' ? request.clientMessageId : frame.clientMessageId;

    if (clientMessageId !== undefined && this.get().outbox.includes(clientMessageId)) {
      this.onChatError(clientMessageId, frame);
      return;
    }
    if (openRequest && frame.requestId !== undefined) {
      this.openRequests.delete(frame.requestId);
      this.clearTimer(this.openTimers.get(frame.requestId));
      this.openTimers.delete(frame.requestId);
      if (frame.requestId !== this.latestOpenId && openRequest.replaces === undefined) return;
      if (!frame.retryable && frame.code !== 'RATE_LIMITED') this.notify('error', frame.message);
      this.later(frame.retryAfterMs ?? RETRY_DELAY_MS, () => this.openSession(openRequest));
      return;
    }
    if (request?.kind === 'history') {
      const gone = isGone(frame.code);
      this.set((s) => ({
        history: {
          ...s.history,
          [request.sessionId]: {
            hasMore: gone ? false : (s.history[request.sessionId]?.hasMore ?? false),
            loading: false,
          },
        },
      }));
    }
    if (
      request?.kind === 'other' &&
      request.frame.action === 'delete_session' &&
      isGone(frame.code)
    ) {
      this.onSessionDeleted(request.frame.sessionId);
      return;
    }
    if (frame.code === 'RATE_LIMITED' && request && request.kind !== 'history') {
      const resend = request.kind === 'other' ? request.frame : undefined;
      this.later(frame.retryAfterMs ?? RETRY_DELAY_MS, () => {
        if (resend) this.request(resend);
        else if (request.kind === 'preferences') this.sendPreferences();
      });
      return;
    }
    if (frame.sessionId !== undefined && frame.code === 'AGENT_FAILED')
      this.clearTyping(frame.sessionId);
    this.notify(frame.retryable ? 'warning' : 'error', frame.message);
  }

  private onChatError(clientMessageId: string, frame: ServerFrameOf<'error'>): void {
    const message = this.get().messages[clientMessageId];
    if (!message) return;
    this.clearTimer(this.ackTimers.get(clientMessageId));
    this.ackTimers.delete(clientMessageId);
    const acknowledged = message.deliveryStatus === 'sent';
    if (frame.code === 'AGENT_FAILED') this.clearTyping(message.sessionId);

    if (frame.code === 'RATE_LIMITED') {
      // Not a failure: the send it answered does not count.
      if (!acknowledged)
        this.sends.set(clientMessageId, Math.max((this.sends.get(clientMessageId) ?? 1) - 1, 0));
      this.scheduleResend(clientMessageId, frame.retryAfterMs ?? RETRY_DELAY_MS);
      return;
    }
    if (isGone(frame.code) && !acknowledged) {
      const sessionId = message.sessionId;
      if (sessionId !== '' && !this.deadSessions.has(sessionId)) {
        this.deadSessions.add(sessionId);
        this.notify(
          'warning',
          frame.code === 'SESSION_EXPIRED'
            ? 'This conversation has expired, so your message was moved to a new one.'
            : 'This conversation no longer exists, so your message was moved to a new one.',
        );
      }
      this.sends.delete(clientMessageId);
      this.setDelivery(clientMessageId, 'queued');
      this.pump();
      return;
    }
    if (!frame.retryable) {
      this.notify('error', frame.message);
      this.fail(clientMessageId);
      return;
    }
    const sends = this.sends.get(clientMessageId) ?? 0;
    if (!acknowledged && sends >= MAX_SENDS) {
      this.fail(clientMessageId);
      return;
    }
    this.scheduleResend(clientMessageId, frame.retryAfterMs ?? RETRY_DELAY_MS);
  }

  // ---- delivery ----

  /** Sends whatever the outbox allows now; see the design notes at the top. */
  private pump(): void {
    if (!this.ready || !this.transport?.isOpen) return;
    const { outbox, messages } = this.get();
    for (const clientMessageId of outbox) {
      const message = messages[clientMessageId];
      if (message?.deliveryStatus !== 'sent' || this.resent.has(clientMessageId)) continue;
      if (this.blocked(message.sessionId)) continue;
      this.resent.add(clientMessageId);
      this.sendChat(clientMessageId, false);
    }
    const head = outbox
      .map((key) => this.get().messages[key])
      .find(
        (message) => message?.deliveryStatus === 'queued' || message?.deliveryStatus === 'sending',
      );
    if (!head?.clientMessageId || head.deliveryStatus === 'sending') return;
    if (this.retryTimers.has(head.clientMessageId)) return;
    if (this.blocked(head.sessionId)) {
      this.openSessionFor(head.sessionId);
      return;
    }
    this.sendChat(head.clientMessageId, true);
  }

  /** True when messages of this session must wait for a session to be opened for them. */
  private blocked(sessionId: string): boolean {
    return sessionId === '' || this.deadSessions.has(sessionId);
  }

  private openSessionFor(sessionId: string): void {
    const inFlight = [...this.openRequests.values()].some((request) =>
      sessionId === '' ? request.sessionId === undefined : request.replaces === sessionId,
    );
    if (inFlight) return;
    this.openSession(sessionId === '' ? { sessionId: undefined } : { replaces: sessionId });
  }

  private sendChat(clientMessageId: string, counted: boolean): void {
    const message = this.get().messages[clientMessageId];
    if (!message || !this.transport?.isOpen) return;
    const frame: OutgoingClientFrame = {
      action: 'chat_message',
      sessionId: message.sessionId,
      clientMessageId,
      content: message.content,
    };
    if (!frameFits(frame)) {
      this.notify('error', 'This message is too large to send (over 32 KiB).');
      this.fail(clientMessageId);
      return;
    }
    this.send(frame, { kind: 'chat', clientMessageId });
    this.transmissions.set(clientMessageId, (this.transmissions.get(clientMessageId) ?? 0) + 1);
    if (message.deliveryStatus === 'sent') {
      this.startReplyTimer(clientMessageId);
      return;
    }
    if (counted) this.sends.set(clientMessageId, (this.sends.get(clientMessageId) ?? 0) + 1);
    if (message.deliveryStatus !== 'sending') this.setDelivery(clientMessageId, 'sending');
    this.clearTimer(this.ackTimers.get(clientMessageId));
    this.ackTimers.set(
      clientMessageId,
      this.clock.setTimeout(
        () => this.guard(() => this.onAckTimeout(clientMessageId)),
        ACK_TIMEOUT_MS,
      ),
    );
  }

  private onAckTimeout(clientMessageId: string): void {
    this.ackTimers.delete(clientMessageId);
    if (this.get().messages[clientMessageId]?.deliveryStatus !== 'sending') return;
    if ((this.sends.get(clientMessageId) ?? 0) >= MAX_SENDS) {
      this.fail(clientMessageId);
      return;
    }
    this.sendChat(clientMessageId, true);
  }

  private scheduleResend(clientMessageId: string, delayMs: number): void {
    this.clearTimer(this.retryTimers.get(clientMessageId));
    this.retryTimers.set(
      clientMessageId,
      this.clock.setTimeout(
        () =>
          this.guard(() => {
            this.retryTimers.delete(clientMessageId);
            const status = this.get().messages[clientMessageId]?.deliveryStatus;
            if (status === 'sending' || status === 'sent')
              this.sendChat(clientMessageId, status === 'sending');
            else this.pump();
          }),
        delayMs,
      ),
    );
  }

  private startReplyTimer(clientMessageId: string): void {
    this.clearReplyTimer(clientMessageId);
    this.replyTimers.set(
      clientMessageId,
      this.clock.setTimeout(
        () =>
          this.guard(() => {
            this.replyTimers.delete(clientMessageId);
            if (this.get().messages[clientMessageId]?.deliveryStatus !== 'sent') return;
            const resends = (this.replyResends.get(clientMessageId) ?? 0) + 1;
            if (resends > MAX_SENDS) return; // leave it to the next connection
            this.replyResends.set(clientMessageId, resends);
            this.sendChat(clientMessageId, false);
          }),
        REPLY_TIMEOUT_MS,
      ),
    );
  }

  private clearReplyTimer(clientMessageId: string): void {
    this.clearTimer(this.replyTimers.get(clientMessageId));
    this.replyTimers.delete(clientMessageId);
  }

  /** Frames for a session keep its typing indicator and its pending replies alive. */
  private sessionActivity(sessionId: string): void {
    const { outbox, messages, typing } = this.get();
    for (const clientMessageId of outbox) {
      const message = messages[clientMessageId];
      if (message?.sessionId === sessionId && this.replyTimers.has(clientMessageId)) {
        this.startReplyTimer(clientMessageId);
      }
    }
    if (typing[sessionId] === undefined) return;
    this.clearTimer(this.typingTimers.get(sessionId));
    this.typingTimers.set(
      sessionId,
      this.clock.setTimeout(() => this.guard(() => this.clearTyping(sessionId)), TYPING_TIMEOUT_MS),
    );
  }

  private clearTyping(sessionId: string): void {
    this.clearTimer(this.typingTimers.get(sessionId));
    this.typingTimers.delete(sessionId);
    if (this.get().typing[sessionId] === undefined) return;
    this.set((s) => {
      const typing = { ...s.typing };
      delete typing[sessionId];
      return { typing };
    });
  }

  private fail(clientMessageId: string): void {
    this.forget(clientMessageId);
    this.setDelivery(clientMessageId, 'failed');
    this.pump();
  }

  /** Drops the per-message timers and counters. */
  private forget(clientMessageId: string): void {
    for (const timers of [this.ackTimers, this.retryTimers, this.replyTimers]) {
      this.clearTimer(timers.get(clientMessageId));
      timers.delete(clientMessageId);
    }
    this.sends.delete(clientMessageId);
    this.replyResends.delete(clientMessageId);
    // `transmissions` stays until the connection ends: a late ack of a failed message must
    // still be known to answer a re-send.
  }

  private setDelivery(clientMessageId: string, deliveryStatus: DeliveryStatus): void {
    this.set((s) => {
      const message = s.messages[clientMessageId];
      if (!message || message.deliveryStatus === deliveryStatus) return {};
      return { messages: { ...s.messages, [clientMessageId]: { ...message, deliveryStatus } } };
    });
  }

  // ---- requests ----

  private openSession(request: OpenRequest): void {
    if (!this.transport?.isOpen) return;
    const sessionId =
      request.replaces !== undefined
        ? undefined
        : 'sessionId' in request
          ? request.sessionId
          : (this.get().currentSessionId ?? undefined);
    const frame: OutgoingClientFrame =
      sessionId === undefined ? { action: 'open_session' } : { action: 'open_session', sessionId };
    const requestId = this.transport.send(frame);
    const stored: OpenRequest = { sessionId };
    if (request.replaces !== undefined) stored.replaces = request.replaces;
    if (request.resync) stored.resync = true;
    this.openRequests.set(requestId, stored);
    if (request.replaces === undefined && !request.resync) this.latestOpenId = requestId;
    this.openTimers.set(
      requestId,
      this.clock.setTimeout(
        () =>
          this.guard(() => {
            this.openTimers.delete(requestId);
            if (!this.openRequests.delete(requestId)) return;
            // Only re-ask if nothing newer superseded it.
            if (this.latestOpenId === requestId || stored.replaces !== undefined || stored.resync) {
              this.openSession(stored);
            }
          }),
        OPEN_TIMEOUT_MS,
      ),
    );
  }

  /**
   * Brings the session list up to date with the server. Only the server knows a session's
   * title (its rules for shortening the first message are its own), messageCount (duplicates
   * and stateless turns make counting locally a guess) and summary, so the list is asked for
   * after each turn instead of patched; lastActivityAt and expiresAt are patched at once (see
   * touchSession) so the drawer's order is right before the answer comes. At most one such
   * request is in flight: anything that happens meanwhile asks for exactly one more, so a burst
   * of replies (re-sends after a reconnect) costs two frames, and a list computed before the
   * latest change is always followed by one computed after it.
   */
  private listSessions(): void {
    if (!this.ready) return; // the first session_opened of a connection lists anyway
    if (this.listRequest !== null) {
      this.listAgain = true;
      return;
    }
    this.listAgain = false;
    const frame: OutgoingClientFrame = { action: 'list_sessions' };
    this.listRequest = this.send(frame, { kind: 'other', frame }) ?? null;
  }

  private sendPreferences(): void {
    this.send(
      { action: 'update_preferences', preferences: this.get().preferences },
      { kind: 'preferences' },
    );
  }

  /** A user action that needs the connection; tells the user when there is none. */
  private request(frame: OutgoingClientFrame): void {
    if (!this.ready) {
      this.notify('warning', 'You are offline: try again once the connection is back.');
      return;
    }
    this.send(frame, { kind: 'other', frame });
  }

  private send(frame: OutgoingClientFrame, pending: PendingRequest): string | undefined {
    if (!this.transport?.isOpen) return undefined;
    const requestId = this.transport.send(frame);
    this.requests.set(requestId, pending);
    return requestId;
  }

  // ---- helpers ----

  notify(severity: Notice['severity'], message: string): void {
    this.set((s) => {
      if (s.notices.some((notice) => notice.message === message)) return {};
      this.noticeCounter += 1;
      const notice: Notice = { id: `notice-${this.noticeCounter}`, severity, message };
      return { notices: [...s.notices, notice].slice(-MAX_NOTICES) };
    });
  }

  private later(delayMs: number, action: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.otherTimers.delete(handle);
      this.guard(action);
    }, delayMs);
    this.otherTimers.add(handle);
  }

  private clearTimer(handle: unknown): void {
    if (handle !== undefined && handle !== null) this.clock.clearTimeout(handle);
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.logger.error('[chat] unexpected error while applying a frame', error);
    }
  }
}

function reconcilePage(
  state: Pick<ChatState, 'messages' | 'order' | 'outbox' | 'history'>,
  sessionId: string,
  page: ServerFrameOf<'session_opened'>['messages'],
  pageHasMore: boolean,
  adopted: readonly string[],
): {
  messages: Record<string, UiMessage>;
  order: Record<string, string[]>;
  outbox: string[];
  hasMore: boolean;
  cursor: string | undefined;
  repair?: { before: string; limit: number };
} {
  const messages = { ...state.messages };
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
    if (message.streaming) newer.push(key);
    else if (message.messageId === undefined) {
      if (pending) newer.push(key);
    } else if (overlaps || pending) {
      if (firstMessage && compareMessages(message, firstMessage) >= 0) {
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
    order: { ...order, [sessionId]: sorted },
    outbox,
    hasMore,
    cursor,
  };
  return moved && firstMessage?.messageId
    ? {
        ...result,
        repair: {
          before: firstMessage.messageId,
          limit: Math.min(HISTORY_MAX_LIMIT, older.length + HISTORY_PAGE_SIZE),
        },
      }
    : result;
}

function upsertSession(sessions: SessionInfo[], session: SessionInfo): SessionInfo[] {
  return sortSessions([session, ...sessions.filter((s) => s.sessionId !== session.sessionId)]);
}

/** Activity at `at`: what protocol.md fixes about it (expiresAt = lastActivityAt + TTL). */
function touchSession(sessions: SessionInfo[], sessionId: string, at: string): SessionInfo[] {
  const session = sessions.find((s) => s.sessionId === sessionId);
  const time = Date.parse(at);
  if (!session || Number.isNaN(time) || Date.parse(session.lastActivityAt) >= time) return sessions;
  return upsertSession(sessions, {
    ...session,
    lastActivityAt: at,
    expiresAt: new Date(time + SESSION_TTL_MS).toISOString(),
  });
}

function sortSessions(sessions: SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
}

function isGone(code: ErrorCode): boolean {
  return code === 'SESSION_EXPIRED' || code === 'SESSION_NOT_FOUND';
}

function mapValues<T>(record: Record<string, T>, map: (value: T) => T): Record<string, T> {
  let changed = false;
  const next: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) {
    next[key] = map(value);
    if (next[key] !== value) changed = true;
  }
  return changed ? next : record;
}

function assertNever(value: never): void {
  // A server newer than this client: the schema let through a type this switch does not know.
  void value;
}

/** A UUID v4; falls back to getRandomValues where randomUUID is missing (plain http). */
export function randomId(): string {
  const cryptoApi = globalThis.crypto;
  if (typeof cryptoApi?.randomUUID === 'function') return cryptoApi.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof cryptoApi?.getRandomValues === 'function') cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
