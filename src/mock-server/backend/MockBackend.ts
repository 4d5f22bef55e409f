import { decodeClientFrame } from '../../protocol/codec';
import { HISTORY_DEFAULT_LIMIT } from '../../protocol/limits';
import type {
  ChatMessage,
  ClientFrame,
  ClientFrameOf,
  ErrorCode,
  OutgoingServerFrame,
  Preferences,
} from '../../protocol/types';
import { ClientConnection, type ConnectionSink } from './ClientConnection';
import { FaultInjector, type FaultSpec } from './faults';
import type { Logger } from './log';
import { RateLimiter } from './rateLimiter';
import { latestPage, takeWhileFits } from './pages';
import { ReplyScheduler } from './ReplyScheduler';
import { summarize } from '../assistant/responder';
import { SessionStore, iso, type SessionLookup, type StoredSession } from './SessionStore';
import { StatelessTurns, type StatelessTurn } from './StatelessTurns';

export interface BackendOptions {
  now: () => number;
  paceMs: number;
  deltaChars: number;
  ttlSeconds: number;
  faults: FaultSpec;
  log: Logger;
  /** The per-connection flood limit; a `rate-limit` fault replaces it. */
  rateLimit: { frames: number; windowMs: number };
  idleTimeoutMs: number;
  maxConnectionMs: number;
  /** Live sessions one user may have; `open_session` creating another is RATE_LIMITED. */
  maxSessionsPerUser: number;
  /** New chat messages per user per minute (in bursts of as many), across connections. */
  messagesPerMinute: number;
  /** Called after every change to stored data, e.g. to persist it. */
  onStoreChange?: () => void;
}

// Replies waiting behind the one being generated in a session; see `queueFull`.
const MAX_QUEUED_TURNS = 8;
const SWEEP_INTERVAL_MS = 60_000;
// Sessions are freed by deleting one or by expiry, not by waiting a moment; a minute keeps a
// client that retries a refused open_session at its retryAfterMs from polling.
const SESSION_LIMIT_RETRY_MS = 60_000;

const RETRYABLE: Record<ErrorCode, boolean> = {
  BAD_REQUEST: false,
  UNKNOWN_ACTION: false,
  MESSAGE_TOO_LARGE: false,
  SESSION_NOT_FOUND: false,
  SESSION_EXPIRED: false,
  RATE_LIMITED: true,
  STORAGE_UNAVAILABLE: true,
  AGENT_FAILED: true,
  INTERNAL: true,
};

// What people read. The protocol shows `message` in the interface, so it never names a
// code, a field or an id; the technical reason goes to the log.
const MESSAGES = {
  BAD_REQUEST: 'The app sent a request the server could not understand, so nothing was done.',
  BINARY: 'The app sent a request in a form the server cannot read, so nothing was done.',
  UNKNOWN_ACTION: 'The app asked for something this server does not support.',
  MESSAGE_TOO_LARGE: 'This message is too long to send. Please shorten it and try again.',
  SESSION_NOT_FOUND: 'This conversation could not be found.',
  SESSION_EXPIRED: 'This conversation has expired.',
  RATE_LIMITED: 'Too many requests at once. Please wait a moment.',
  QUEUE_FULL: 'Several messages are still waiting for an answer. Please wait a moment.',
  TOO_MANY_MESSAGES:
    'You are sending messages faster than the assistant accepts. Please wait a moment.',
  TOO_MANY_SESSIONS:
    'You have too many conversations. Delete some you no longer need to start a new one.',
  STORAGE_UNAVAILABLE:
    'Saved conversations cannot be reached right now. Please try again in a moment.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
  UNKNOWN_CURSOR: 'The earlier messages asked for are not part of this conversation.',
} as const;

type ErrorEcho = Pick<
  Extract<OutgoingServerFrame, { type: 'error' }>,
  'requestId' | 'sessionId' | 'clientMessageId' | 'retryAfterMs'
>;

/**
 * The transport-agnostic stand-in for the production backend: API Gateway's routing, the
 * DynamoDB tables and the supervisor agent. Adapters feed it decoded text frames.
 */
export class MockBackend {
  readonly store: SessionStore;
  private faults: FaultInjector;
  private connectionCount = 0;
  private readonly connectionsByUser = new Map<string, Set<ClientConnection>>();
  private readonly replies: ReplyScheduler;
  private readonly statelessTurns: StatelessTurns;
  private readonly sweepTimer: NodeJS.Timeout;
  // Per user rather than per connection, so that opening more sockets does not raise it.
  private readonly messageLimiters = new Map<string, RateLimiter>();

  constructor(private readonly options: BackendOptions) {
    this.faults = new FaultInjector(options.faults);
    this.store = new SessionStore(
      options.now,
      options.ttlSeconds * 1000,
      summarize,
      options.onStoreChange,
    );
    this.sweepTimer = setInterval(() => {
      this.store.sweep();
      // A full bucket is the same as a new one; dropping it keeps the map to active users.
      for (const [userId, limiter] of this.messageLimiters) {
        if (limiter.isFull()) this.messageLimiters.delete(userId);
      }
    }, SWEEP_INTERVAL_MS).unref();
    this.statelessTurns = new StatelessTurns(options.now);
    this.replies = new ReplyScheduler({
      statelessTurns: this.statelessTurns,
      store: this.store,
      now: options.now,
      paceMs: options.paceMs,
      deltaChars: options.deltaChars,
      faults: () => this.faults,
      pushPreferences: (userId, preferences) => this.pushPreferences(userId, preferences),
      log: (line) => options.log.warn(line),
    });
  }

  /** Replaces the fault spec for what happens from now on (connection faults: new connections). */
  setFaults(spec: FaultSpec): void {
    this.faults = new FaultInjector(spec);
  }

  connect(userId: string, sink: ConnectionSink): ClientConnection {
    const index = this.connectionCount++;
    const rateLimit = this.faults.spec.rateLimit ?? this.options.rateLimit;
    const connection = new ClientConnection(index, userId, sink, {
      now: this.options.now,
      log: this.options.log,
      faults: this.faults,
      connectionFaults: this.faults.connectionFaults(index),
      rateLimit,
      idleTimeoutMs: this.options.idleTimeoutMs,
      maxConnectionMs: this.options.maxConnectionMs,
    });
    let set = this.connectionsByUser.get(userId);
    if (!set) this.connectionsByUser.set(userId, (set = new Set()));
    set.add(connection);
    connection.start();
    return connection;
  }

  disconnect(connection: ClientConnection): void {
    connection.dispose();
    const set = this.connectionsByUser.get(connection.userId);
    set?.delete(connection);
    if (set?.size === 0) this.connectionsByUser.delete(connection.userId);
  }

  /** Handles one text frame. Never throws: whatever the client sends gets a frame back. */
  receive(connection: ClientConnection, data: string): void {
    connection.noteActivity();
    const decoded = decodeClientFrame(data);
    const echo = decoded.ok ? decoded.frame : decoded;
    const waitMs = connection.limiter.take();
    if (waitMs > 0) {
      this.options.log.warn(`conn ${connection.id}: rate limited`);
      this.sendError(connection, 'RATE_LIMITED', MESSAGES.RATE_LIMITED, {
        ...pickEcho(echo),
        retryAfterMs: waitMs,
      });
      return;
    }
    if (!decoded.ok) {
      this.options.log.warn(`conn ${connection.id}: ${decoded.code}: ${decoded.reason}`);
      this.sendError(connection, decoded.code, MESSAGES[decoded.code], pickEcho(decoded));
      return;
    }
    try {
      if (this.faults.internalError()) throw new Error('fault injection: internal-error');
      this.dispatch(connection, decoded.frame);
    } catch (error) {
      this.options.log.warn(`conn ${connection.id}: INTERNAL: ${String(error)}`);
      this.sendError(connection, 'INTERNAL', MESSAGES.INTERNAL, pickEcho(echo));
    }
  }

  /** The protocol is JSON text; a binary frame is a malformed request. */
  receiveBinary(connection: ClientConnection): void {
    connection.noteActivity();
    const waitMs = connection.limiter.take();
    if (waitMs > 0) {
      this.sendError(connection, 'RATE_LIMITED', MESSAGES.RATE_LIMITED, {
        retryAfterMs: waitMs,
      });
      return;
    }
    this.options.log.warn(`conn ${connection.id}: BAD_REQUEST: binary frame`);
    this.sendError(connection, 'BAD_REQUEST', MESSAGES.BINARY, {});
  }

  /** Stops every reply and timer; connections are the adapter's to close. */
  shutdown(): void {
    clearInterval(this.sweepTimer);
    this.replies.shutdown();
  }

  private dispatch(connection: ClientConnection, frame: ClientFrame): void {
    switch (frame.action) {
      case 'ping':
        connection.send({ type: 'pong', requestId: frame.requestId });
        return;
      case 'open_session':
        return this.openSession(connection, frame);
      case 'chat_message':
        return this.chatMessage(connection, frame);
      case 'load_history':
        return this.loadHistory(connection, frame);
      case 'list_sessions':
        return this.listSessions(connection, frame);
      case 'rename_session':
        return this.renameSession(connection, frame);
      case 'clear_session':
        return this.clearSession(connection, frame);
      case 'delete_session':
        return this.deleteSession(connection, frame);
      case 'update_preferences':
        return this.updatePreferences(connection, frame);
      case 'cancel':
        return this.cancel(connection, frame);
    }
  }

  private openSession(connection: ClientConnection, frame: ClientFrameOf<'open_session'>): void {
    if (!this.storageUp(connection, frame)) return;
    const { userId } = connection;
    let session: StoredSession;
    let previous: { sessionId: string; reason: 'expired' | 'not_found' } | undefined;
    const found =
      frame.sessionId === undefined ? undefined : this.store.lookup(userId, frame.sessionId);
    if (found?.status === 'ok') {
      // Opening is a read: it neither extends the 7 days nor moves the session up the list
      // (ordered by last activity), so picking a conversation does not reorder the drawer.
      session = found.session;
    } else {
      if (this.store.countFor(userId) >= this.options.maxSessionsPerUser) {
        this.options.log.warn(`user ${userId}: session limit reached`);
        this.sendError(connection, 'RATE_LIMITED', MESSAGES.TOO_MANY_SESSIONS, {
          ...pickEcho(frame),
          retryAfterMs: SESSION_LIMIT_RETRY_MS,
        });
        return;
      }
      session = this.store.create(userId);
      if (found && frame.sessionId !== undefined) {
        previous = {
          sessionId: frame.sessionId,
          reason: found.status === 'expired' ? 'expired' : 'not_found',
        };
      }
    }
    const envelope = {
      type: 'session_opened' as const,
      requestId: frame.requestId,
      sessionId: session.sessionId,
      created: found?.status !== 'ok',
      ...(previous ? { previous } : {}),
      session: this.store.info(session),
      messages: [] as ChatMessage[],
      hasMore: false,
      preferences: this.store.preferences(userId),
    };
    const page = latestPage(session.messages, HISTORY_DEFAULT_LIMIT, envelope);
    connection.send({ ...envelope, ...page });
  }

  private chatMessage(connection: ClientConnection, frame: ClientFrameOf<'chat_message'>): void {
    const { userId } = connection;
    const storageDown = this.faults.storageFails();
    // Never two answers to one message at once: a re-send while its reply is being
    // generated (or waits its turn) joins that reply, even when storage cannot say whether
    // the turn exists.
    const running = this.replies.inFlight(userId, frame.sessionId, frame.clientMessageId);
    if (running && (storageDown || !running.stateful)) {
      this.ack(connection, frame, running.userMessage.messageId, running.stateful);
      running.retarget(connection, frame.requestId);
      return;
    }
    // A turn answered statelessly keeps that answer while it is remembered, also once
    // storage is back: a second, different answer would be a duplicate.
    const remembered = this.statelessTurns.get(userId, frame.sessionId, frame.clientMessageId);
    if (remembered) {
      this.resendStateless(connection, frame, remembered);
      return;
    }
    if (storageDown) {
      this.answerStatelessly(connection, frame);
      return;
    }
    const session = this.sessionFor(connection, frame);
    if (!session) return;
    const existing = session.turns.get(frame.clientMessageId);
    if (existing) {
      this.ack(connection, frame, existing.userMessageId, true);
      const reply =
        existing.status === 'complete'
          ? session.messages.find((m) => m.messageId === existing.assistantMessageId)
          : undefined;
      if (reply) {
        connection.send({
          type: 'assistant_message',
          sessionId: session.sessionId,
          message: reply,
          stored: true,
        });
        return;
      }
      const generation = this.replies.find(userId, session.sessionId, existing.assistantMessageId);
      if (generation) {
        generation.retarget(connection, frame.requestId);
        return;
      }
      // No stored reply and none being generated (the agent failed, the final write failed,
      // or the server stopped mid-reply): generate it again, from seq 0 under the same
      // messageId so that the client replaces the partial text in place; unless
      // clear_session removed the question, in which case the ack is all there is.
      const userMessage = session.messages.find((m) => m.messageId === existing.userMessageId);
      if (!userMessage) return;
      existing.status = 'pending';
      this.replies.enqueue(connection, frame, userMessage, existing.assistantMessageId, true);
      return;
    }
    if (!this.admitNewMessage(connection, frame)) return;
    const userMessage: ChatMessage = {
      messageId: this.store.nextMessageId(),
      sessionId: session.sessionId,
      role: 'user',
      content: frame.content,
      timestamp: iso(this.options.now()),
      clientMessageId: frame.clientMessageId,
    };
    this.store.addMessage(session, userMessage);
    const assistantMessageId = this.store.nextMessageId();
    session.turns.set(frame.clientMessageId, {
      clientMessageId: frame.clientMessageId,
      userMessageId: userMessage.messageId,
      assistantMessageId,
      status: 'pending',
    });
    this.ack(connection, frame, userMessage.messageId, true);
    this.replies.enqueue(connection, frame, userMessage, assistantMessageId, true);
  }

  /** Storage is down: answer without context and without storing anything. */
  private answerStatelessly(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
  ): void {
    if (!this.admitNewMessage(connection, frame)) return;
    const turn: StatelessTurn = {
      userMessage: {
        messageId: this.store.nextMessageId(),
        sessionId: frame.sessionId,
        role: 'user',
        content: frame.content,
        timestamp: iso(this.options.now()),
        clientMessageId: frame.clientMessageId,
      },
      assistantMessageId: this.store.nextMessageId(),
    };
    this.statelessTurns.add(connection.userId, frame.sessionId, frame.clientMessageId, turn);
    this.ack(connection, frame, turn.userMessage.messageId, false);
    this.replies.enqueue(connection, frame, turn.userMessage, turn.assistantMessageId, false);
  }

  /** A re-send of a turn answered statelessly: the same ack, then the same answer. */
  private resendStateless(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    turn: StatelessTurn,
  ): void {
    this.ack(connection, frame, turn.userMessage.messageId, false);
    if (turn.final) {
      connection.send({
        type: 'assistant_message',
        sessionId: frame.sessionId,
        message: turn.final,
        stored: false,
      });
      return;
    }
    // The agent failed or the server stopped it: generate it again under the same ids.
    this.replies.enqueue(connection, frame, turn.userMessage, turn.assistantMessageId, false);
  }

  /**
   * Whether a message the server has not seen may become a turn. Re-sends of known messages
   * are not counted: they create nothing, and a reconnecting client sends them in a burst.
   */
  private admitNewMessage(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
  ): boolean {
    if (this.queueFull(connection, frame)) return false;
    const { userId } = connection;
    let limiter = this.messageLimiters.get(userId);
    if (!limiter) {
      limiter = new RateLimiter(this.options.messagesPerMinute, 60_000, this.options.now);
      this.messageLimiters.set(userId, limiter);
    }
    const waitMs = limiter.take();
    if (waitMs === 0) return true;
    this.options.log.warn(
      `user ${userId}: over ${this.options.messagesPerMinute} messages a minute`,
    );
    this.sendError(connection, 'RATE_LIMITED', MESSAGES.TOO_MANY_MESSAGES, {
      ...pickEcho(frame),
      retryAfterMs: waitMs,
    });
    return false;
  }

  /** A client may queue a few messages while the assistant answers; more is a flood. */
  private queueFull(connection: ClientConnection, frame: ClientFrameOf<'chat_message'>): boolean {
    if (this.replies.queued(connection.userId, frame.sessionId) < MAX_QUEUED_TURNS) return false;
    this.sendError(connection, 'RATE_LIMITED', MESSAGES.QUEUE_FULL, {
      ...pickEcho(frame),
      retryAfterMs: Math.max(1000, this.options.paceMs * 40),
    });
    return true;
  }

  private loadHistory(connection: ClientConnection, frame: ClientFrameOf<'load_history'>): void {
    if (!this.storageUp(connection, frame)) return;
    const session = this.sessionFor(connection, frame);
    if (!session) return;
    const index = session.messages.findIndex((m) => m.messageId === frame.before);
    if (index < 0) {
      this.sendError(connection, 'BAD_REQUEST', MESSAGES.UNKNOWN_CURSOR, pickEcho(frame));
      return;
    }
    const envelope = {
      type: 'history_page' as const,
      requestId: frame.requestId,
      sessionId: session.sessionId,
      messages: [] as ChatMessage[],
      hasMore: false,
    };
    const page = latestPage(
      session.messages.slice(0, index),
      frame.limit ?? HISTORY_DEFAULT_LIMIT,
      envelope,
    );
    connection.send({ ...envelope, ...page });
  }

  private listSessions(connection: ClientConnection, frame: ClientFrameOf<'list_sessions'>): void {
    if (!this.storageUp(connection, frame)) return;
    const infos = this.store.listFor(connection.userId).map((s) => this.store.info(s));
    const envelope = { type: 'session_list' as const, requestId: frame.requestId, sessions: [] };
    connection.send({ ...envelope, sessions: takeWhileFits(infos, Infinity, envelope) });
  }

  private renameSession(
    connection: ClientConnection,
    frame: ClientFrameOf<'rename_session'>,
  ): void {
    if (!this.storageUp(connection, frame)) return;
    const session = this.sessionFor(connection, frame);
    if (!session) return;
    this.store.rename(session, frame.title);
    connection.send({
      type: 'session_renamed',
      requestId: frame.requestId,
      sessionId: session.sessionId,
      title: session.title,
    });
  }

  private clearSession(connection: ClientConnection, frame: ClientFrameOf<'clear_session'>): void {
    if (!this.storageUp(connection, frame)) return;
    const session = this.sessionFor(connection, frame);
    if (!session) return;
    this.replies.abortSession(session.userId, session.sessionId);
    this.store.clear(session);
    connection.send({
      type: 'session_cleared',
      requestId: frame.requestId,
      sessionId: session.sessionId,
    });
  }

  private deleteSession(
    connection: ClientConnection,
    frame: ClientFrameOf<'delete_session'>,
  ): void {
    if (!this.storageUp(connection, frame)) return;
    const found = this.store.lookup(connection.userId, frame.sessionId);
    // Deleting twice succeeds twice, so a client that lost the first answer can retry.
    if (found.status !== 'ok' && found.status !== 'deleted') {
      this.sessionError(connection, frame, found);
      return;
    }
    if (found.status === 'ok') {
      this.replies.abortSession(found.session.userId, found.session.sessionId);
      this.store.delete(found.session);
    }
    connection.send({
      type: 'session_deleted',
      requestId: frame.requestId,
      sessionId: frame.sessionId,
    });
  }

  private updatePreferences(
    connection: ClientConnection,
    frame: ClientFrameOf<'update_preferences'>,
  ): void {
    if (!this.storageUp(connection, frame)) return;
    const changes = Object.fromEntries(
      Object.entries(frame.preferences).filter(([, value]) => value !== undefined),
    ) as Partial<Preferences>;
    const preferences = this.store.updatePreferences(connection.userId, changes);
    connection.send({ type: 'preferences_updated', requestId: frame.requestId, preferences });
    this.pushPreferences(connection.userId, preferences, connection);
  }

  private cancel(connection: ClientConnection, frame: ClientFrameOf<'cancel'>): void {
    const { userId } = connection;
    // A reply being generated, or waiting for its turn, is in the agent's memory; a stateless
    // one has no session to look in.
    const generation = this.replies.find(userId, frame.sessionId, frame.messageId);
    if (generation) {
      generation.cancel(connection, frame.requestId);
      return;
    }
    // A cancel for a reply that is no longer being generated is not an error (protocol,
    // "Client behaviour"): the final message if the reply has one, nothing otherwise.
    const stateless = this.statelessTurns.finalReply(userId, frame.sessionId, frame.messageId);
    if (stateless) {
      connection.send({
        type: 'assistant_message',
        sessionId: frame.sessionId,
        message: stateless,
        stored: false,
      });
      return;
    }
    const session = this.sessionFor(connection, frame);
    if (!session) return;
    const reply = session.messages.find(
      (m) => m.messageId === frame.messageId && m.role === 'assistant',
    );
    if (!reply) return;
    connection.send({
      type: 'assistant_message',
      sessionId: session.sessionId,
      message: reply,
      stored: true,
    });
  }

  /** The user's other connections learn of the change without a requestId. */
  private pushPreferences(
    userId: string,
    preferences: Preferences,
    except?: ClientConnection,
  ): void {
    for (const other of this.connectionsByUser.get(userId) ?? []) {
      if (other !== except) other.send({ type: 'preferences_updated', preferences });
    }
  }

  private sessionFor(
    connection: ClientConnection,
    frame: { requestId: string; sessionId: string; clientMessageId?: string },
  ): StoredSession | undefined {
    const found = this.store.lookup(connection.userId, frame.sessionId);
    if (found.status === 'ok') return found.session;
    this.sessionError(connection, frame, found);
    return undefined;
  }

  private sessionError(
    connection: ClientConnection,
    frame: { requestId: string; sessionId: string; clientMessageId?: string },
    found: Exclude<SessionLookup, { status: 'ok' }>,
  ): void {
    if (found.status === 'expired') {
      this.sendError(connection, 'SESSION_EXPIRED', MESSAGES.SESSION_EXPIRED, pickEcho(frame));
    } else {
      this.sendError(connection, 'SESSION_NOT_FOUND', MESSAGES.SESSION_NOT_FOUND, pickEcho(frame));
    }
  }

  private storageUp(
    connection: ClientConnection,
    frame: { requestId: string; sessionId?: string },
  ): boolean {
    if (!this.faults.storageFails()) return true;
    this.sendError(connection, 'STORAGE_UNAVAILABLE', MESSAGES.STORAGE_UNAVAILABLE, {
      ...pickEcho(frame),
      retryAfterMs: 1000,
    });
    return false;
  }

  private ack(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    messageId: string,
    stored: boolean,
  ): void {
    connection.send({
      type: 'message_ack',
      requestId: frame.requestId,
      sessionId: frame.sessionId,
      clientMessageId: frame.clientMessageId,
      messageId,
      stored,
    });
  }

  private sendError(
    connection: ClientConnection,
    code: ErrorCode,
    message: string,
    fields: ErrorEcho,
  ): void {
    connection.send({ type: 'error', code, message, retryable: RETRYABLE[code], ...fields });
  }
}

function pickEcho(source: {
  requestId?: string;
  sessionId?: string;
  clientMessageId?: string;
}): ErrorEcho {
  const echo: ErrorEcho = {};
  if (source.requestId !== undefined) echo.requestId = source.requestId;
  if (source.sessionId !== undefined) echo.sessionId = source.sessionId;
  if (source.clientMessageId !== undefined) echo.clientMessageId = source.clientMessageId;
  return echo;
}
