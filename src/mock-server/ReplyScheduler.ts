import { CONTEXT_MESSAGES } from '../protocol/limits';
import type { ChatMessage, ClientFrameOf, Preferences } from '../protocol/types';
import type { ClientConnection } from './ClientConnection';
import type { FaultInjector } from './faults';
import { ReplyGeneration, type GenerationHooks } from './ReplyGeneration';
import { respond, type Reply } from './responder';
import { compareMessages, type SessionStore, type StoredSession } from './SessionStore';

interface SessionReplies {
  active?: ReplyGeneration;
  queue: ReplyGeneration[];
}

export interface SchedulerDeps {
  store: SessionStore;
  now: () => number;
  paceMs: number;
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
  private readonly hooks: GenerationHooks;

  constructor(private readonly deps: SchedulerDeps) {
    this.hooks = {
      now: deps.now,
      paceMs: deps.paceMs,
      faults: deps.faults,
      compose: (generation) => this.compose(generation),
      store: (generation, message) => this.storeReply(generation, message),
      settled: (generation, outcome) => this.settled(generation, outcome),
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

  /** Answers a turn the store could not record: at once, outside any queue. */
  startStateless(
    connection: ClientConnection,
    frame: ClientFrameOf<'chat_message'>,
    userMessage: ChatMessage,
    assistantMessageId: string,
  ): void {
    this.create(connection, frame, userMessage, assistantMessageId, false).start();
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

  private settled(generation: ReplyGeneration, outcome: 'complete' | 'failed' | 'aborted'): void {
    if (!generation.stateful) return;
    this.markTurn(generation, outcome === 'failed' ? 'failed' : 'complete');
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

  private markTurn(
    generation: ReplyGeneration,
    status: 'generating' | 'complete' | 'failed',
  ): void {
    const session = this.session(generation.sessionId);
    const turn = session?.turns.get(generation.clientMessageId);
    if (turn && turn.assistantMessageId === generation.assistantMessageId) turn.status = status;
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
    return true;
  }

  private session(sessionId: string): StoredSession | undefined {
    return this.deps.store.ownerBlindGet(sessionId);
  }
}
