// A small model of the protocol's server semantics for the model-based test: one user,
// sessions with a stored transcript, idempotent clientMessageId, replies generated step by
// step (several at once), "remaining frames go to the newest connection", restarts that lose
// replies in progress but keep what was stored. Timestamps come from the shared fake clock.
import { decodeClientFrame, encodeFrame } from '../../src/protocol/codec';
import { DEFAULT_PREFERENCES } from '../../src/protocol/limits';
import type {
  ChatMessage,
  ClientFrameOf,
  OutgoingServerFrame,
  SessionInfo,
} from '../../src/protocol/types';
import type { FakeClock } from './fakeClock';
import type { FakeSocket, FakeSocketServer } from './fakeNetwork';

interface Generation {
  clientMessageId: string;
  sessionId: string;
  questionId: string;
  replyId: string;
  chunks: string[];
  step: number;
  socket: FakeSocket;
}

interface Turn {
  sessionId: string;
  questionId: string;
  reply?: ChatMessage;
  generation?: Generation;
}

export class ModelServer implements FakeSocketServer {
  readonly sessions = new Map<string, ChatMessage[]>();
  readonly turns = new Map<string, Turn>();
  readonly connections = new Set<FakeSocket>();
  generations: Generation[] = [];
  up = true;
  rateLimitNext = 0;
  pageSize = 4;
  private ids = 0;
  private sessionIds = 0;

  constructor(private readonly clock: FakeClock) {}

  private nextId(): string {
    return `m${String(++this.ids).padStart(6, '0')}`;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** A session's transcript in the protocol's order: (timestamp, messageId). */
  transcript(sessionId: string): ChatMessage[] {
    return [...(this.sessions.get(sessionId) ?? [])].sort((a, b) =>
      a.timestamp === b.timestamp
        ? a.messageId.localeCompare(b.messageId)
        : a.timestamp.localeCompare(b.timestamp),
    );
  }

  accept(socket: FakeSocket): void {
    this.connections.add(socket);
  }

  disconnect(socket: FakeSocket): void {
    this.connections.delete(socket);
  }

  /** Kills every connection and every reply in progress; stored messages survive. */
  restart(): void {
    for (const socket of [...this.connections]) socket.drop(1006);
    for (const generation of this.generations) {
      const turn = this.turns.get(generation.clientMessageId);
      if (turn) delete turn.generation;
    }
    this.generations = [];
  }

  private send(socket: FakeSocket, frame: OutgoingServerFrame): void {
    socket.pushToClient(encodeFrame({ ...frame, timestamp: this.now() }));
  }

  receive(socket: FakeSocket, data: string): void {
    const decoded = decodeClientFrame(data);
    if (!decoded.ok) {
      this.send(socket, {
        type: 'error',
        code: decoded.code,
        message: decoded.reason,
        retryable: false,
        ...(decoded.requestId ? { requestId: decoded.requestId } : {}),
      });
      return;
    }
    const frame = decoded.frame;
    switch (frame.action) {
      case 'open_session':
        return this.openSession(socket, frame);
      case 'chat_message':
        return this.chat(socket, frame);
      case 'load_history': {
        const all = this.transcript(frame.sessionId);
        const index = all.findIndex((m) => m.messageId === frame.before);
        const older = index < 0 ? [] : all.slice(0, index);
        const limit = frame.limit ?? 20;
        this.send(socket, {
          type: 'history_page',
          requestId: frame.requestId,
          sessionId: frame.sessionId,
          messages: older.slice(-limit),
          hasMore: older.length > limit,
        });
        return;
      }
      case 'list_sessions':
        this.send(socket, {
          type: 'session_list',
          requestId: frame.requestId,
          sessions: [...this.sessions.keys()].map((id) => this.info(id)),
        });
        return;
      case 'ping':
        this.send(socket, { type: 'pong', requestId: frame.requestId });
        return;
      case 'update_preferences':
        this.send(socket, {
          type: 'preferences_updated',
          requestId: frame.requestId,
          preferences: { ...DEFAULT_PREFERENCES, ...frame.preferences },
        });
        return;
      default:
        this.send(socket, {
          type: 'error',
          requestId: frame.requestId,
          code: 'BAD_REQUEST',
          message: `not modelled: ${frame.action}`,
          retryable: false,
        });
    }
  }

  private info(sessionId: string): SessionInfo {
    const messages = this.transcript(sessionId);
    const last = messages.at(-1)?.timestamp ?? '2026-11-21T09:00:00.000Z';
    return {
      sessionId,
      title: messages.find((m) => m.role === 'user')?.content ?? 'New chat',
      createdAt: '2026-11-21T09:00:00.000Z',
      lastActivityAt: last,
      expiresAt: '2026-11-28T09:00:00.000Z',
      messageCount: messages.length,
    };
  }

  private openSession(socket: FakeSocket, frame: ClientFrameOf<'open_session'>): void {
    let sessionId = frame.sessionId;
    let previous: { sessionId: string; reason: 'not_found' } | undefined;
    let created = false;
    if (sessionId === undefined || !this.sessions.has(sessionId)) {
      if (sessionId !== undefined) previous = { sessionId, reason: 'not_found' };
      sessionId = `s${++this.sessionIds}`;
      this.sessions.set(sessionId, []);
      created = true;
    }
    const all = this.transcript(sessionId);
    this.send(socket, {
      type: 'session_opened',
      requestId: frame.requestId,
      sessionId,
      created,
      ...(previous ? { previous } : {}),
      session: this.info(sessionId),
      messages: all.slice(-this.pageSize),
      hasMore: all.length > this.pageSize,
      preferences: DEFAULT_PREFERENCES,
    });
  }

  private chat(socket: FakeSocket, frame: ClientFrameOf<'chat_message'>): void {
    const messages = this.sessions.get(frame.sessionId);
    if (!messages) {
      this.send(socket, {
        type: 'error',
        requestId: frame.requestId,
        sessionId: frame.sessionId,
        clientMessageId: frame.clientMessageId,
        code: 'SESSION_NOT_FOUND',
        message: 'No such conversation.',
        retryable: false,
      });
      return;
    }
    const known = this.turns.get(frame.clientMessageId);
    if (known) {
      this.ack(socket, frame, known.questionId);
      if (known.reply) {
        this.send(socket, {
          type: 'assistant_message',
          sessionId: known.sessionId,
          message: known.reply,
          stored: true,
        });
      } else if (known.generation) {
        known.generation.socket = socket; // the rest of the reply goes to the newest connection
      } else {
        this.generate(socket, frame, known); // lost in a restart: answer again
      }
      return;
    }
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      this.send(socket, {
        type: 'error',
        requestId: frame.requestId,
        sessionId: frame.sessionId,
        clientMessageId: frame.clientMessageId,
        code: 'RATE_LIMITED',
        message: 'Slow down.',
        retryable: true,
        retryAfterMs: 700,
      });
      return;
    }
    const question: ChatMessage = {
      messageId: this.nextId(),
      sessionId: frame.sessionId,
      role: 'user',
      content: frame.content,
      clientMessageId: frame.clientMessageId,
      timestamp: this.now(),
    };
    messages.push(question);
    const turn: Turn = { sessionId: frame.sessionId, questionId: question.messageId };
    this.turns.set(frame.clientMessageId, turn);
    this.ack(socket, frame, question.messageId);
    this.generate(socket, frame, turn);
  }

  private ack(socket: FakeSocket, frame: ClientFrameOf<'chat_message'>, messageId: string): void {
    this.send(socket, {
      type: 'message_ack',
      requestId: frame.requestId,
      sessionId: frame.sessionId,
      clientMessageId: frame.clientMessageId,
      messageId,
      stored: true,
    });
  }

  private generate(socket: FakeSocket, frame: ClientFrameOf<'chat_message'>, turn: Turn): void {
    const words = `Answer to ${frame.content}`.split(' ');
    const generation: Generation = {
      clientMessageId: frame.clientMessageId,
      sessionId: turn.sessionId,
      questionId: turn.questionId,
      replyId: this.nextId(),
      chunks: words.map((word, i) => (i === 0 ? word : ` ${word}`)),
      step: 0,
      socket,
    };
    turn.generation = generation;
    this.generations.push(generation);
  }

  /** Moves reply `index` (modulo the replies in progress) one frame on. */
  tick(index: number): boolean {
    if (this.generations.length === 0) return false;
    const generation = this.generations[index % this.generations.length]!;
    const { socket, sessionId, chunks, step } = generation;
    generation.step += 1;
    if (step === 0) {
      this.send(socket, { type: 'typing', sessionId, isTyping: true, agent: 'cost-agent' });
    } else if (step <= chunks.length) {
      this.send(socket, {
        type: 'assistant_delta',
        sessionId,
        messageId: generation.replyId,
        replyTo: generation.questionId,
        seq: step - 1,
        delta: chunks[step - 1]!,
      });
    } else if (step === chunks.length + 1) {
      const reply: ChatMessage = {
        messageId: generation.replyId,
        sessionId,
        role: 'assistant',
        content: `${chunks.join('')}.`, // the final text is authoritative
        replyTo: generation.questionId,
        timestamp: this.now(),
        agentsUsed: ['cost-agent'],
      };
      this.sessions.get(sessionId)?.push(reply);
      const turn = this.turns.get(generation.clientMessageId);
      if (turn) {
        turn.reply = reply;
        delete turn.generation;
      }
      this.send(socket, { type: 'assistant_message', sessionId, message: reply, stored: true });
    } else {
      this.send(socket, { type: 'typing', sessionId, isTyping: false });
      this.generations = this.generations.filter((g) => g !== generation);
    }
    return true;
  }
}
