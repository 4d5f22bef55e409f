import { CONTEXT_MESSAGES } from '../protocol/limits';
import type { ChatMessage, ClientFrameOf, Preferences } from '../protocol/types';
import type { ClientConnection } from './ClientConnection';
import type { FaultInjector } from './faults';
import { ReplyGeneration, type GenerationHooks } from './ReplyGeneration';
import { respond, type Reply } from './responder';
import { compareMessages, type SessionStore, type StoredSession, type Turn } from './SessionStore';

interface SessionReplies {
  active?: ReplyGeneration;
  queue: ReplyGeneration[];
}

export interface SchedulerDeps {
  store: SessionStore;
  now: () => number;
  paceMs: number;
  deltaChars: number;
  faults: () => FaultInjector;
  /** Tells the user's connections that the conversation changed their preferences. */
  pushPreferences: (userId: string, preferences: Preferences) => void;
  log: (line: string) => void;
}

/**
 * The supervisor agent's run queue: one reply at a time per session, in order, each
 * composed when its turn comes so that it sees the replies before it.
 */
export class ReplyScheduler {
  private readonly replies = new Map<string, SessionReplies>();
  /** Replies to turns storage could not record, by `statelessKey`, while they stream. */
  private readonly stateless = new Map<string, ReplyGeneration>();
  private readonly hooks: GenerationHooks;

  constructor(private readonly deps: SchedulerDeps) {
    this.hooks = {
      now: deps.now,
      paceMs: deps.paceMs,
      deltaChars: deps.deltaChars,
      faults: deps.faults,
      compose: (generation) => this.compose(generation),
      store: (generation, message) => this.storeReply(generation, message),
      settled: (generation) => this.settled(generation),
      log: deps.log,
    };
  }

  /** Replies waiting behind the one being generated. */
  queued(sessionId: string): number {
    return this.replies.get(sessionId)?.queue.length ?? 0;
  }

  find(sessionId: string, assistantMessageId: string): ReplyGeneration | undefined {
    const replies = this.replies.get(sessionId);
    if (!replies) return undefined;
    return [replies.active, ...replies.queue].find(
      (g) => g?.assistantMessageId === assistantMessageId,
    );
  }

  /**
   * The reply being generated (or queued) for the user's message, stored or not. It lives
   * in the agent's memory, not in storage, so it is found during a storage outage too.
   */
  inFlight(
    userId: string,
    sessionId: string,
    clientMessageId: string,
  ): ReplyGeneration | undefined {
    const stateless = this.stateless.get(statelessKey(userId, sessionId, clientMessageId));
    if (stateless) return stateless;
    const replies = this.replies.get(sessionId);
    if (!replies) return undefined;
    return [replies.active, ...replies.queue].find(
      (g) => g?.clientMessageId === clientMessageId && g.userId === userId && !g.isDone,
    );
  }

  /** A stateless reply being generated, for `cancel`; scoped to the user, as it has no session. */
  findStateless(
    userId: string,
    sessionId: string,
    assistantMessageId: string,
  ): ReplyGeneration | undefined {
    for (const generation of this.stateless.values()) {
      if (
        generation.assistantMessageId === assistantMessageId &&
        generation.sessionId === sessionId &&
        generation.userId === userId
      ) {
        return generation;
      }
    }
    return undefined;
  }

  /** Answers a turn the store could not record: at once, outside any queue. */
  startStateless(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    userMessage: ChatMessage,
    assistantMessageId: string,
  ): void {
    const generation = this.create(connection, frame, userMessage, assistantMessageId, false);
    this.stateless.set(
      statelessKey(generation.userId, generation.sessionId, generation.clientMessageId),
      generation,
    );
    generation.start();
  }

  enqueue(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    userMessage: ChatMessage,
    assistantMessageId: string,
  ): void {
    const generation = this.create(connection, frame, userMessage, assistantMessageId, true);
    let replies = this.replies.get(generation.sessionId);
    if (!replies) this.replies.set(generation.sessionId, (replies = { queue: [] }));
    if (replies.active) {
      replies.queue.push(generation);
      return;
    }
    replies.active = generation;
    this.markTurn(generation, 'generating');
    generation.start();
  }

  /** Drops the session's replies without final messages (it was cleared or deleted). */
  abortSession(sessionId: string): void {
    const replies = this.replies.get(sessionId);
    if (!replies) return;
    this.replies.delete(sessionId);
    for (const generation of [replies.active, ...replies.queue]) generation?.abort();
  }

  shutdown(): void {
    for (const sessionId of [...this.replies.keys()]) this.abortSession(sessionId);
    for (const generation of [...this.stateless.values()]) generation.abort();
  }

  private create(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    userMessage: ChatMessage,
    assistantMessageId: string,
    stateful: boolean,
  ): ReplyGeneration {
    return new ReplyGeneration(
      {
        userId: connection.userId,
        sessionId: frame.sessionId,
        userMessage,
        clientMessageId: frame.clientMessageId,
        assistantMessageId,
        stateful,
      },
      frame.requestId,
      connection,
      this.hooks,
    );
  }

  private settled(generation: ReplyGeneration): void {
    if (!generation.stateful) {
      const key = statelessKey(generation.userId, generation.sessionId, generation.clientMessageId);
      if (this.stateless.get(key) === generation) this.stateless.delete(key);
      return;
    }
    // A turn is complete only once its reply is stored (`storeReply`). Failed, aborted
    // (shutdown, clear, delete) or not stored: the turn stays open and a re-send generates
    // the reply, so a question can never be left acknowledged and unanswered.
    if (this.turnOf(generation)?.status !== 'complete') this.markTurn(generation, 'failed');
    const replies = this.replies.get(generation.sessionId);
    if (!replies) return;
    if (replies.active === generation) replies.active = undefined;
    else replies.queue = replies.queue.filter((g) => g !== generation);
    if (replies.active) return;
    const next = replies.queue.shift();
    if (!next) {
      this.replies.delete(generation.sessionId);
      return;
    }
    replies.active = next;
    this.markTurn(next, 'generating');
    // Let the finished reply's frames go out before the next one starts.
    setImmediate(() => next.start());
  }

  private markTurn(generation: ReplyGeneration, status: Turn['status']): void {
    const turn = this.turnOf(generation);
    if (turn) turn.status = status;
  }

  /** The stored turn this generation answers, unless a later attempt replaced it. */
  private turnOf(generation: ReplyGeneration): Turn | undefined {
    const turn = this.session(generation.sessionId)?.turns.get(generation.clientMessageId);
    return turn?.assistantMessageId === generation.assistantMessageId ? turn : undefined;
  }

  private compose(generation: ReplyGeneration): Reply {
    const { userId } = generation;
    const session = generation.stateful ? this.session(generation.sessionId) : undefined;
    const before = session
      ? session.messages.filter((m) => compareMessages(m, generation.userMessage) < 0)
      : [];
    const reply = respond({
      question: generation.userMessage.content,
      context: before.slice(-CONTEXT_MESSAGES),
      ...(session?.summary === undefined ? {} : { summary: session.summary }),
      preferences: this.deps.store.preferences(userId),
      now: this.deps.now(),
    });
    // Without storage the change cannot be kept; the answer still uses it.
    if (generation.stateful && reply.preferenceChanges) {
      this.deps.pushPreferences(
        userId,
        this.deps.store.updatePreferences(userId, reply.preferenceChanges),
      );
    }
    return reply;
  }

  private storeReply(generation: ReplyGeneration, message: ChatMessage): boolean {
    const session = this.session(generation.sessionId);
    if (!session || this.deps.faults().storageFails()) return false;
    this.deps.store.addMessage(session, message);
    this.markTurn(generation, 'complete');
    return true;
  }

  private session(sessionId: string): StoredSession | undefined {
    return this.deps.store.ownerBlindGet(sessionId);
  }
}

function statelessKey(userId: string, sessionId: string, clientMessageId: string): string {
  return JSON.stringify([userId, sessionId, clientMessageId]);
}
