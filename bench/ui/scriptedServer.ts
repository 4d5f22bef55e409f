// A protocol v1 server that plays a fixed script: every question gets answer.md, streamed
// as DELTA_CHARS-character deltas every PACE_MS (replyStream.ts), then the final message.
// Sessions named with `addHistorySession` start with the seeded 2,000-message conversation.
//
// Design decisions (why):
// - It stays in the bench's process: the bench only awaits while a reply streams, and
//   `finalSentAt` must be read from the same clock the page's Date.now() uses.
// - Users own their sessions, as in production; nothing here is persisted.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeClientFrame } from '../../src/protocol/codec';
import { DEFAULT_PREFERENCES } from '../../src/protocol/preferences';
import type {
  ChatMessage,
  ClientFrame,
  ClientFrameOf,
  OutgoingServerFrame,
  Preferences,
} from '../../src/protocol/types';
import { historyMessages, splitDeltas } from './fixtures';
import { streamReply } from './replyStream';
import { LATEST_PAGE, encodeServerFrame, historyPage, sessionInfo } from './protocolFrames';

/** The ack of a user message and, once sent, its reply. */
interface Turn {
  ack: OutgoingServerFrame;
  reply?: OutgoingServerFrame;
}

interface Session {
  sessionId: string;
  owner: string;
  title: string;
  createdAt: number;
  messages: ChatMessage[];
  /** clientMessageId → its turn: re-sends are answered from here. */
  turns: Map<string, Turn>;
  streaming: boolean;
  queue: (() => void)[];
}

/** When the last reply's final `assistant_message` left the server (Date.now()). */
export interface ReplySent {
  finalSentAt: number;
}

export class ScriptedServer {
  private readonly http: Server = createServer((_req, res) => res.writeHead(426).end());
  private readonly wss = new WebSocketServer({ server: this.http, path: '/ws' });
  private readonly sessions = new Map<string, Session>();
  private readonly preferences = new Map<string, Preferences>();
  private readonly deltas: string[];
  private readonly replyWaiters: ((sent: ReplySent) => void)[] = [];
  private lastFrameAt = performance.now();
  private nextId = 0;
  /** `history_page` frames sent, and how many of them said there is nothing older. */
  historyPages = 0;
  historyExhausted = 0;
  /** `session_opened` frames sent: a page is connected once this grows. */
  opened = 0;

  constructor(private readonly answer: string) {
    this.deltas = splitDeltas(answer);
    this.wss.on('connection', (ws, req) => {
      const userId = new URL(req.url ?? '/', 'http://x').searchParams.get('userId') ?? 'anonymous';
      const stops: (() => void)[] = [];
      ws.on('message', (data) => this.onFrame(ws, userId, String(data), stops));
      ws.on('close', () => stops.forEach((stop) => stop()));
    });
  }

  get deltaCount(): number {
    return this.deltas.length;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', resolve);
    });
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/ws`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** A session of `owner` holding `count` seeded messages, for a returning user to open. */
  addHistorySession(sessionId: string, owner: string, count: number): void {
    const messages = historyMessages(sessionId, count, Date.now());
    const createdAt = Date.parse(messages[0]?.timestamp ?? new Date().toISOString());
    this.addSession({ sessionId, owner, title: 'Weekly cost questions', createdAt, messages });
  }

  /** Resolves when the next reply's final message has been sent. */
  nextReply(): Promise<ReplySent> {
    return new Promise((resolve) => this.replyWaiters.push(resolve));
  }

  /** Resolves once no client frame has arrived for `quietMs`. */
  async quiet(quietMs: number): Promise<void> {
    while (performance.now() - this.lastFrameAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, quietMs / 5));
    }
  }

  private addSession(fields: Omit<Session, 'turns' | 'streaming' | 'queue'>): Session {
    const session: Session = { ...fields, turns: new Map(), streaming: false, queue: [] };
    this.sessions.set(session.sessionId, session);
    return session;
  }

  private info(session: Session) {
    return sessionInfo(session.sessionId, session.title, session.createdAt, session.messages);
  }

  private onFrame(ws: WebSocket, userId: string, data: string, stops: (() => void)[]): void {
    this.lastFrameAt = performance.now();
    const send = (frame: OutgoingServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeServerFrame(frame));
    };
    const decoded = decodeClientFrame(data);
    if (!decoded.ok) {
      const { ok: _ok, reason, ...echo } = decoded;
      send({ type: 'error', ...echo, message: `Refused: ${reason}`, retryable: false });
      return;
    }
    const frame: ClientFrame = decoded.frame;
    const { requestId } = frame;
    const preferences = this.preferences.get(userId) ?? DEFAULT_PREFERENCES;
    switch (frame.action) {
      case 'open_session':
        return this.openSession(frame, userId, preferences, send);
      case 'list_sessions': {
        const mine = [...this.sessions.values()].filter((s) => s.owner === userId);
        const sessions = mine.map((s) => this.info(s));
        sessions.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
        return send({ type: 'session_list', requestId, sessions });
      }
      case 'update_preferences': {
        const next = { ...preferences, ...frame.preferences };
        this.preferences.set(userId, next);
        return send({ type: 'preferences_updated', requestId, preferences: next });
      }
      case 'ping':
        return send({ type: 'pong', requestId });
      case 'cancel':
        // The bench cancels nothing; a stream just finishes, which the contract allows.
        return;
    }
    const session = this.sessions.get(frame.sessionId);
    if (session?.owner !== userId) {
      const message = 'That conversation no longer exists.';
      const { sessionId } = frame;
      send({
        type: 'error',
        requestId,
        sessionId,
        code: 'SESSION_NOT_FOUND',
        message,
        retryable: false,
      });
      return;
    }
    const { sessionId } = session;
    switch (frame.action) {
      case 'chat_message':
        return this.onChatMessage(session, frame, send, stops);
      case 'load_history': {
        const page = historyPage(session.messages, frame.before, frame.limit);
        this.historyPages++;
        if (!page.hasMore) this.historyExhausted++;
        return send({ type: 'history_page', requestId, sessionId, ...page });
      }
      case 'rename_session':
        session.title = frame.title;
        return send({ type: 'session_renamed', requestId, sessionId, title: frame.title });
      case 'clear_session':
        session.messages = [];
        return send({ type: 'session_cleared', requestId, sessionId });
      case 'delete_session':
        this.sessions.delete(sessionId);
        return send({ type: 'session_deleted', requestId, sessionId });
    }
  }

  /** The session asked for if it is the caller's, else a new one (saying why, if asked). */
  private openSession(
    frame: ClientFrameOf<'open_session'>,
    userId: string,
    preferences: Preferences,
    send: (frame: OutgoingServerFrame) => void,
  ): void {
    const asked = frame.sessionId ? this.sessions.get(frame.sessionId) : undefined;
    const found = asked?.owner === userId ? asked : undefined;
    const session =
      found ??
      this.addSession({
        sessionId: `s-${++this.nextId}`,
        owner: userId,
        title: 'New conversation',
        createdAt: Date.now(),
        messages: [],
      });
    this.opened++;
    send({
      type: 'session_opened',
      requestId: frame.requestId,
      sessionId: session.sessionId,
      created: !found,
      ...(!found && frame.sessionId
        ? { previous: { sessionId: frame.sessionId, reason: 'not_found' as const } }
        : {}),
      session: this.info(session),
      messages: session.messages.slice(-LATEST_PAGE),
      hasMore: session.messages.length > LATEST_PAGE,
      preferences,
    });
  }

  private onChatMessage(
    session: Session,
    frame: ClientFrameOf<'chat_message'>,
    send: (frame: OutgoingServerFrame) => void,
    stops: (() => void)[],
  ): void {
    const known = session.turns.get(frame.clientMessageId);
    if (known) {
      // An idempotent re-send: the same ack, and the reply if it is complete.
      send({ ...known.ack, requestId: frame.requestId } as OutgoingServerFrame);
      if (known.reply) send(known.reply);
      return;
    }
    const questionId = `q-${++this.nextId}`;
    const ack: OutgoingServerFrame = {
      type: 'message_ack',
      requestId: frame.requestId,
      sessionId: session.sessionId,
      clientMessageId: frame.clientMessageId,
      messageId: questionId,
      stored: true,
    };
    const turn: Turn = { ack };
    session.turns.set(frame.clientMessageId, turn);
    session.messages.push({
      messageId: questionId,
      sessionId: session.sessionId,
      role: 'user',
      content: frame.content,
      timestamp: new Date().toISOString(),
      clientMessageId: frame.clientMessageId,
    });
    send(ack);
    const answer = () => this.stream(session, questionId, turn, send, stops);
    if (session.streaming) session.queue.push(answer);
    else answer();
  }

  private stream(
    session: Session,
    replyTo: string,
    turn: Turn,
    send: (frame: OutgoingServerFrame) => void,
    stops: (() => void)[],
  ): void {
    session.streaming = true;
    const stop = streamReply({
      sessionId: session.sessionId,
      messageId: `a-${++this.nextId}`,
      replyTo,
      answer: this.answer,
      deltas: this.deltas,
      send,
      onFinal: (message, finalSentAt) => {
        session.messages.push(message);
        turn.reply = {
          type: 'assistant_message',
          sessionId: session.sessionId,
          message,
          stored: true,
        };
        session.streaming = false;
        this.replyWaiters.splice(0).forEach((resolve) => resolve({ finalSentAt }));
        session.queue.shift()?.();
      },
    });
    stops.push(() => {
      stop();
      session.streaming = false;
    });
  }
}
