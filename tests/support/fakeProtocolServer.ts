// A small model of the protocol's server semantics for the model-based test: one user,
// sessions with a stored transcript in turn order, idempotent clientMessageId, replies
// generated step by step (one at a time per session, several sessions at once), "remaining
// frames go to the newest connection", restarts that lose replies in progress but keep what
// was stored, agents that fail mid-reply (retryable; a re-send generates the reply again from
// seq 0 under the same messageId) and outages of the requests other than chat messages.
// Timestamps come from the shared fake clock. It also counts the chat_message frames each
// connection carries per message, for the "at most 3 sends per round" check.
import { decodeClientFrame, encodeFrame } from '../../src/protocol/codec';
import { DEFAULT_PREFERENCES } from '../../src/protocol/preferences';
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
  /** The reply's messageId, fixed when it is first generated. */
  replyId?: string;
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
  /** The next N replies fail after their first delta (AGENT_FAILED, retryable). */
  agentFailNext = 0;
  /** The next N requests other than chat messages fail (STORAGE_UNAVAILABLE, retryable). */
  outageNext = 0;
  /** chat_message frames per connection and clientMessageId, rate-limited ones not counted. */
  readonly chatSends = new Map<FakeSocket, Map<string, number>>();
  /** chat_message frames sent before the user's last retry by hand (see newRound). */
  private readonly oldRoundRequests = new Set<string>();
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

  /** A session's transcript in turn order: questions by (timestamp, messageId), each reply under its question. */
  transcript(sessionId: string): ChatMessage[] {
    const all = this.sessions.get(sessionId) ?? [];
    const replies = new Map(all.filter((m) => m.role === 'assistant').map((m) => [m.replyTo, m]));
    return all
      .filter((m) => m.role === 'user')
      .sort((a, b) =>
        a.timestamp === b.timestamp
          ? a.messageId.localeCompare(b.messageId)
          : a.timestamp.localeCompare(b.timestamp),
      )
      .flatMap((question) => {
        const reply = replies.get(question.messageId);
        return reply ? [question, reply] : [question];
      });
  }

  /**
   * The user retries these messages by hand: a new round of sends. Frames of the old round
   * still on their way (in `sockets`' queues to the server) may arrive in the new one, but
   * are not counted in it: a slow link can hold all three automatic sends when the user
   * retries.
   */
  newRound(clientMessageIds: Iterable<string>, sockets: readonly FakeSocket[]): void {
    const ids = new Set(clientMessageIds);
    for (const counts of this.chatSends.values()) for (const id of ids) counts.delete(id);
    for (const socket of sockets) {
      for (const data of socket.toServer) {
        const decoded = decodeClientFrame(data);
        const frame = decoded.ok ? decoded.frame : undefined;
        if (frame?.action === 'chat_message' && ids.has(frame.clientMessageId)) {
          this.oldRoundRequests.add(frame.requestId);
        }
      }
    }
  }

  /** The most chat_message frames one connection carried for one message in this round. */
  mostSends(): number {
    let most = 0;
    for (const counts of this.chatSends.values())
      for (const count of counts.values()) most = Math.max(most, count);
    return most;
  }

  private failRequest(socket: FakeSocket, requestId: string): boolean {
    if (this.outageNext <= 0) return false;
    this.outageNext -= 1;
    this.send(socket, {
      type: 'error',
      requestId,
      code: 'STORAGE_UNAVAILABLE',
      message: 'Conversation history is unavailable right now.',
      retryable: true,
    });
    return true;
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
    if (frame.action !== 'chat_message' && frame.action !== 'ping') {
      if (this.failRequest(socket, frame.requestId)) return;
    }
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
    const counts = this.chatSends.get(socket) ?? new Map<string, number>();
    this.chatSends.set(socket, counts);
    // A frame still in flight from before the user's retry by hand is not one of this round's.
    const counted = !this.oldRoundRequests.delete(frame.requestId);
    if (counted) counts.set(frame.clientMessageId, (counts.get(frame.clientMessageId) ?? 0) + 1);
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
      // A rate-limited send is not one of its 3 (protocol); an uncounted one has nothing to undo.
      if (counted) counts.set(frame.clientMessageId, counts.get(frame.clientMessageId)! - 1);
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
      replyId: (turn.replyId ??= this.nextId()),
      chunks: words.map((word, i) => (i === 0 ? word : ` ${word}`)),
      step: 0,
      socket,
    };
    turn.generation = generation;
    this.generations.push(generation);
  }

  /**
   * Moves reply `index` (modulo the replies in progress) one frame on. A session's turns are
   * answered one at a time, in the order acknowledged: only its oldest generation moves.
   */
  tick(index: number): boolean {
    const active = this.generations.filter(
      (generation, i) =>
        this.generations.findIndex((g) => g.sessionId === generation.sessionId) === i,
    );
    if (active.length === 0) return false;
    const generation = active[index % active.length]!;
    const { socket, sessionId, chunks, step } = generation;
    generation.step += 1;
    if (step === 2 && this.agentFailNext > 0) {
      this.agentFailNext -= 1;
      const turn = this.turns.get(generation.clientMessageId);
      if (turn) delete turn.generation;
      this.generations = this.generations.filter((g) => g !== generation);
      this.send(socket, {
        type: 'error',
        sessionId,
        clientMessageId: generation.clientMessageId,
        code: 'AGENT_FAILED',
        message: 'The cost agent stopped responding.',
        retryable: true,
      });
      return true;
    }
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
