import type { ChatMessage } from '../../protocol/types';
import type { ClientConnection } from './ClientConnection';
import type { FaultInjector } from './faults';
import {
  SECTION_SEPARATOR,
  agentsUsed,
  chunk,
  replyContent,
  type Reply,
} from '../assistant/responder';
import { iso } from './SessionStore';

export interface GenerationHooks {
  now(): number;
  paceMs: number;
  /** The least characters per delta (see MockServerOptions.deltaChars). */
  deltaChars: number;
  faults(): FaultInjector;
  /** Works out the answer when the turn's time comes, so it sees the replies before it. */
  compose(generation: ReplyGeneration): Reply;
  /** Keeps the final message; true when it was stored, false for a stateless or failed write. */
  store(generation: ReplyGeneration, message: ChatMessage): boolean;
  settled(generation: ReplyGeneration, outcome: 'complete' | 'failed' | 'aborted'): void;
  log(line: string): void;
}

type Step = { kind: 'typing'; agent: string; status: string } | { kind: 'delta'; text: string };

/** One assistant reply being streamed: typing, deltas, the final message, typing off. */
export class ReplyGeneration {
  private state: 'queued' | 'streaming' | 'done' = 'queued';
  private steps: Step[] = [];
  private next = 0;
  private seq = 0;
  private generated = '';
  private agentsStarted: string[] = [];
  private currentTyping: { agent: string; status: string } | undefined;
  private failAtDelta = -1;
  private timer: NodeJS.Timeout | undefined;
  private reply: Reply | undefined;

  readonly userId: string;
  readonly sessionId: string;
  readonly userMessage: ChatMessage;
  readonly clientMessageId: string;
  readonly assistantMessageId: string;
  /** False when storage was down: the turn is answered without being recorded. */
  readonly stateful: boolean;

  constructor(
    turn: {
      userId: string;
      sessionId: string;
      userMessage: ChatMessage;
      clientMessageId: string;
      assistantMessageId: string;
      stateful: boolean;
    },
    private requestId: string,
    private target: ClientConnection | undefined,
    private readonly hooks: GenerationHooks,
  ) {
    this.userId = turn.userId;
    this.sessionId = turn.sessionId;
    this.userMessage = turn.userMessage;
    this.clientMessageId = turn.clientMessageId;
    this.assistantMessageId = turn.assistantMessageId;
    this.stateful = turn.stateful;
  }

  get isDone(): boolean {
    return this.state === 'done';
  }

  /** The newest connection that asked for this turn gets the rest of it. */
  retarget(connection: ClientConnection, requestId: string): void {
    this.target = connection;
    this.requestId = requestId;
    if (this.state === 'streaming' && this.currentTyping) {
      this.emitTyping(this.currentTyping.agent, this.currentTyping.status);
    }
  }

  start(): void {
    if (this.state !== 'queued') return;
    this.state = 'streaming';
    this.guarded(() => this.plan());
  }

  private plan(): void {
    this.reply = this.hooks.compose(this);
    for (const section of this.reply.sections) {
      this.steps.push({ kind: 'typing', agent: section.agent, status: section.status });
      const separator = this.steps.length > 1 ? SECTION_SEPARATOR : '';
      const pieces = chunk(separator + section.markdown, this.hooks.deltaChars);
      for (const text of pieces) this.steps.push({ kind: 'delta', text });
    }
    if (this.hooks.faults().agentFails()) {
      const deltas = this.steps.filter((s) => s.kind === 'delta').length;
      this.failAtDelta = Math.floor(deltas / 2);
    }
    this.advance();
  }

  // Replies run from timers, where an exception would take the whole server down; a bug
  // in an answer is the agent failing, and the turn can be retried.
  private guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.hooks.log(`reply ${this.assistantMessageId} failed: ${String(error)}`);
      clearTimeout(this.timer);
      if (this.state !== 'done') this.fail();
    }
  }

  /**
   * Ends the reply now with what has been generated so far, marked `stopped`. A reply still
   * waiting for its turn ends with empty content and no typing frames: it never started,
   * and the reply streaming meanwhile keeps its own typing indicator.
   */
  cancel(connection: ClientConnection, requestId: string): void {
    if (this.state === 'done') return;
    this.target = connection;
    this.requestId = requestId;
    clearTimeout(this.timer);
    this.finish(true);
  }

  /** Drops the reply without a final message: its session was cleared or deleted. */
  abort(): void {
    if (this.state === 'done') return;
    clearTimeout(this.timer);
    if (this.state === 'streaming') this.emitTypingOff();
    this.state = 'done';
    this.hooks.settled(this, 'aborted');
  }

  private advance(): void {
    this.timer = undefined;
    while (this.state === 'streaming') {
      const step = this.steps[this.next++];
      if (!step) {
        this.finish(false);
        return;
      }
      if (step.kind === 'typing') {
        this.agentsStarted.push(step.agent);
        this.emitTyping(step.agent, step.status);
        continue;
      }
      if (this.seq === this.failAtDelta) {
        this.fail();
        return;
      }
      this.emitDelta(step.text);
      if (this.hooks.paceMs > 0) {
        this.timer = setTimeout(() => this.guarded(() => this.advance()), this.hooks.paceMs);
        return;
      }
    }
  }

  private emitTyping(agent: string, status: string): void {
    this.currentTyping = { agent, status };
    this.target?.send({ type: 'typing', sessionId: this.sessionId, isTyping: true, agent, status });
  }

  private emitTypingOff(): void {
    this.currentTyping = undefined;
    this.target?.send({ type: 'typing', sessionId: this.sessionId, isTyping: false });
  }

  private emitDelta(text: string): void {
    this.generated += text;
    const frame = {
      type: 'assistant_delta' as const,
      sessionId: this.sessionId,
      messageId: this.assistantMessageId,
      replyTo: this.userMessage.messageId,
      seq: this.seq++,
      delta: text,
    };
    const faults = this.hooks.faults();
    if (faults.dropDelta()) return;
    this.target?.send(frame);
    if (faults.duplicateDelta()) this.target?.send(frame);
  }

  private fail(): void {
    this.target?.send({
      type: 'error',
      requestId: this.requestId,
      sessionId: this.sessionId,
      clientMessageId: this.clientMessageId,
      code: 'AGENT_FAILED',
      message: 'The assistant could not finish this answer. Please try again.',
      retryable: true,
    });
    this.emitTypingOff();
    this.state = 'done';
    this.hooks.settled(this, 'failed');
  }

  private finish(stopped: boolean): void {
    const reply = this.reply;
    const message: ChatMessage = {
      messageId: this.assistantMessageId,
      sessionId: this.sessionId,
      role: 'assistant',
      content: stopped || !reply ? this.generated : replyContent(reply),
      timestamp: iso(this.hooks.now()),
      replyTo: this.userMessage.messageId,
      agentsUsed: stopped || !reply ? [...new Set(this.agentsStarted)] : agentsUsed(reply),
      // A stopped answer keeps its suggestions: the reader may want one of them instead.
      followUps: reply?.followUps ?? [],
      ...(stopped && { stopped: true }),
    };
    const started = this.state === 'streaming';
    const stored = this.hooks.store(this, message);
    this.state = 'done';
    this.target?.send({ type: 'assistant_message', sessionId: this.sessionId, message, stored });
    if (started) this.emitTypingOff();
    this.hooks.settled(this, 'complete');
  }
}
