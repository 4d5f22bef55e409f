import { CONTEXT_MESSAGES } from '../../protocol/limits';
import type { ChatMessage, ClientFrameOf, Preferences } from '../../protocol/types';
import type { ClientConnection } from './ClientConnection';
import type { FaultInjector } from './faults';
import { ReplyGeneration, type GenerationHooks } from './ReplyGeneration';
import { respond, type Reply } from '../assistant/responder';
import type { SessionStore, StoredSession, Turn } from './SessionStore';
import type { StatelessTurns } from './StatelessTurns';

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
  /** Where the final messages of replies that storage could not keep are remembered. */
  statelessTurns: StatelessTurns;
  /** Tells the user's connections that the conversation changed their preferences. */
  pushPreferences: (userId: string, preferences: Preferences) => void;
  log: (line: string) => void;
}

/**
 * The supervisor agent's run queue: one reply at a time per session, in the order the
 * turns were acknowledged, each composed when its turn comes so that it sees the replies
 * before it. Replies to turns storage could not record (`stored: false`) wait in the same
 * queue: two replies never stream at once in one session (shared/protocol.md, "Turns").
 */
export class ReplyScheduler {
  /** By `queueKey`: a session is its owner's, and a stateless turn names any session id. */
  private readonly queues = new Map<string, SessionReplies>();
  private readonly hooks: GenerationHooks;

  constructor(private readonly deps: SchedulerDeps) {
    this.hooks = {
      now: deps.now,
      paceMs: deps.paceMs,
      deltaChars: deps.deltaChars,
      faults: deps.faults,
      compose: (generation) => this.compose(generation),
      store: (generation, message) => this.keepReply(generation, message),
      settled: (generation) => this.settled(generation),
      log: deps.log,
    };
  }

  /** Replies waiting behind the one being generated. */
  queued(userId: string, sessionId: string): number {
    return this.queues.get(queueKey(userId, sessionId))?.queue.length ?? 0;
  }

  /**
   * The reply `assistantMessageId` while it is being generated or waits its turn. It lives
   * in the agent's memory, not in storage, so it is found during a storage outage too.
   */
  find(userId: string, sessionId: string, assistantMessageId: string): ReplyGeneration | undefined {
    return this.pending(userId, sessionId).find((g) => g.assistantMessageId === assistantMessageId);
  }

  /** The reply being generated (or queued) for the user's message, stored or not. */
  inFlight(
    userId: string,
    sessionId: string,
    clientMessageId: string,
  ): ReplyGeneration | undefined {
    return this.pending(userId, sessionId).find((g) => g.clientMessageId === clientMessageId);
  }

  /** Starts the reply at once when the session has none running; otherwise it waits. */
  enqueue(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    userMessage: ChatMessage,
    assistantMessageId: string,
    stateful: boolean,
  ): void {
    const generation = new ReplyGeneration(
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
    const key = queueKey(generation.userId, generation.sessionId);
    let replies = this.queues.get(key);
    if (!replies) this.queues.set(key, (replies = { queue: [] }));
    if (replies.active) {
      replies.queue.push(generation);
      return;
    }
    replies.active = generation;
    this.markTurn(generation, 'generating');
    generation.start();
  }

  /** Drops the session's replies without final messages (it was cleared or deleted). */
  abortSession(userId: string, sessionId: string): void {
    const key = queueKey(userId, sessionId);
    const replies = this.queues.get(key);
    if (!replies) return;
    this.queues.delete(key);
    for (const generation of [replies.active, ...replies.queue]) generation?.abort();
  }

  shutdown(): void {
    for (const replies of [...this.queues.values()]) {
      for (const generation of [replies.active, ...replies.queue]) generation?.abort();
    }
    this.queues.clear();
  }

  private pending(userId: string, sessionId: string): ReplyGeneration[] {
    const replies = this.queues.get(queueKey(userId, sessionId));
    if (!replies) return [];
    return [replies.active, ...replies.queue].filter(
      (g): g is ReplyGeneration => g !== undefined && !g.isDone,
    );
  }

  private settled(generation: ReplyGeneration): void {
    // A turn is complete only once its reply is stored (`keepReply`). Failed, aborted
    // (shutdown, clear, delete) or not stored: the turn stays open and a re-send generates
    // the reply, so a question can never be left acknowledged and unanswered.
    if (this.turnOf(generation)?.status !== 'complete') this.markTurn(generation, 'failed');
    const key = queueKey(generation.userId, generation.sessionId);
    const replies = this.queues.get(key);
    if (!replies) return;
    if (replies.active === generation) replies.active = undefined;
    else replies.queue = replies.queue.filter((g) => g !== generation);
    if (replies.active) return;
    const next = replies.queue.shift();
    if (!next) {
      this.queues.delete(key);
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

  /** The stored turn this generation answers; none for a reply storage did not record. */
  private turnOf(generation: ReplyGeneration): Turn | undefined {
    if (!generation.stateful) return undefined;
    const turn = this.session(generation.sessionId)?.turns.get(generation.clientMessageId);
    return turn?.assistantMessageId === generation.assistantMessageId ? turn : undefined;
  }

  private compose(generation: ReplyGeneration): Reply {
    const { userId } = generation;
    const session = generation.stateful ? this.session(generation.sessionId) : undefined;
    // The session's messages are in turn order: the context is what precedes the question.
    const index = session?.messages.findIndex(
      (m) => m.messageId === generation.userMessage.messageId,
    );
    const before =
      session && index !== undefined && index >= 0 ? session.messages.slice(0, index) : [];
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

  /** Keeps the final message: stored when storage allows, else only in memory (false). */
  private keepReply(generation: ReplyGeneration, message: ChatMessage): boolean {
    const { userId, sessionId, clientMessageId } = generation;
    if (!generation.stateful) {
      this.deps.statelessTurns.finish(userId, sessionId, clientMessageId, message);
      return false;
    }
    const session = this.session(sessionId);
    if (!session || this.deps.faults().storageFails()) return false;
    this.deps.store.addMessage(session, message);
    this.markTurn(generation, 'complete');
    return true;
  }

  private session(sessionId: string): StoredSession | undefined {
    return this.deps.store.ownerBlindGet(sessionId);
  }
}

function queueKey(userId: string, sessionId: string): string {
  return JSON.stringify([userId, sessionId]);
}
