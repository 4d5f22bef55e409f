// Getting the outbox's messages to the assistant: sends, acks, re-sends and failures.
//
// Design decisions (why):
// - The outbox is store state (`outbox`: clientMessageIds in the order written, with each
//   message's text and `deliveryStatus` on the message itself), so persist saves it with the
//   transcript it belongs to and there is one source of truth for what the UI shows.
// - One unacknowledged `chat_message` at a time (stop-and-wait). Pipelining would let a lost
//   or rate-limited message be stored after a later one, so the server's transcript would
//   not be in the order the user wrote. Acknowledged-but-unanswered messages are re-sent
//   freely after a reconnect: their place is already fixed.
// - MAX_SENDS counts sends on one connection, for whatever reason (no ack, a reply gone quiet,
//   an error), except those a RATE_LIMITED answered; a reconnect gives every pending message a
//   fresh budget. A flaky network must not turn "sent while reconnecting" into "failed"; only a
//   live connection that does not acknowledge three times does. Failed messages wait for the
//   user (protocol: "the user can retry it by hand").
// - An acknowledged message whose reply goes quiet for REPLY_TIMEOUT_MS is sent again: the
//   server answers a known clientMessageId with the finished reply, so a reply frame lost on
//   a live connection (or a server restart mid-reply) does not leave it unanswered.
// - A retryable error about a message (the agent failed, storage or the service had a fault)
//   counts as one of its MAX_SENDS sends, on any connection: it is sent again after
//   backoffAfter (1 s, then 2 s, ±20%), and after the third it is failed with the error's words
//   and waits for the user's Retry. A server that fails every time is asked three times, not
//   in a loop. `RATE_LIMITED` is the exception: it says when to come back, and is no failure.
// - A message whose session does not exist yet, or is gone, waits for one (deadSessions.ts).
//   Delivery asks about sessions through DeliverySessions, which ChatEngine wires to
//   SessionOpening; an error saying the session is gone is returned by onChatError for
//   ChatEngine to act on.
// - What Delivery knows about a message is one record, its Attempt: what this connection did
//   with it (sends, timers) and what outlives a reconnect (fresh, failures). resetConnection
//   forgets the first half and drops records left with nothing to remember.

import { idRecord, withEntry } from '../records';
import { errorText } from '../../protocol/errorText';
import { isGone } from '../../protocol/errorCodes';
import type { OutgoingClientFrame, ServerFrameOf } from '../../protocol/types';
import { frameFits } from '../../services/WebSocketChatService';
import { withKeys } from '../turnOrder';
import type { ChatState, DeliveryStatus, UiMessage } from '../types';
import { backoffAfter } from './backoff';
import type { EngineContext } from './EngineContext';
import { touchSession } from './sessionInfo';
import { TimerMap } from './TimerMap';
import { ACK_TIMEOUT_MS, MAX_SENDS, REPLY_TIMEOUT_MS, RETRY_DELAY_MS } from './timings';

/** What Delivery asks about sessions; ChatEngine wires these to SessionOpening. */
export interface DeliverySessions {
  /** True while messages of this session must wait for a session to be opened for them. */
  needsSession: (sessionId: string) => boolean;
  /** Opens a session for the messages of `sessionId` (`''`: none yet; or a dead one). */
  openSessionFor: (sessionId: string) => void;
  /** Fetches the session's latest page again, to settle provisional places. */
  resync: (sessionId: string) => void;
}

/** What Delivery knows about one message. */
interface Attempt {
  // Per connection.
  /** Sends on this connection, except those a RATE_LIMITED answered. */
  sends: number;
  /** Every send on this connection, rate-limited ones included. */
  transmissions: number;
  /** Acknowledged, or sent again by pump, on this connection: pump does not send it again. */
  resent: boolean;
  /** Waiting for its ack, for the end of a backoff (retry), for its reply. */
  timers: TimerMap<'ack' | 'retry' | 'reply'>;
  // Across connections.
  /** Written on this page and never sent on an earlier connection; see `doubtful` in onAck. */
  fresh: boolean;
  /** Retryable errors since it was written or retried by hand. */
  failures: number;
}

export class Delivery {
  private readonly attempts = new Map<string, Attempt>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly sessions: DeliverySessions,
  ) {}

  resetConnection(): void {
    for (const [clientMessageId, attempt] of this.attempts) {
      attempt.timers.cancelAll();
      if (attempt.transmissions > 0) attempt.fresh = false;
      attempt.sends = 0;
      attempt.transmissions = 0;
      attempt.resent = false;
      if (!attempt.fresh && attempt.failures === 0) this.attempts.delete(clientMessageId);
    }
  }

  /** A message just written on this page; see `doubtful` in onAck. */
  added(clientMessageId: string): void {
    this.attempt(clientMessageId).fresh = true;
    this.pump();
  }

  /** A failed message the user wants sent again: it gets a fresh budget. */
  restart(clientMessageId: string, status: DeliveryStatus): void {
    const attempt = this.attempts.get(clientMessageId);
    if (attempt) {
      attempt.sends = 0;
      attempt.failures = 0;
      attempt.resent = false;
    }
    this.setDelivery(clientMessageId, status);
  }

  /** A message whose session was gone before its ack: queued again, for a new session. */
  requeue(clientMessageId: string): void {
    const attempt = this.attempts.get(clientMessageId);
    if (attempt) attempt.sends = 0;
    this.setDelivery(clientMessageId, 'queued');
    this.pump();
  }

  /** Sends whatever the outbox allows now; see the design notes at the top. */
  pump(): void {
    if (!this.ctx.ready || !this.ctx.transport?.isOpen) return;
    const { outbox, messages } = this.ctx.get();
    for (const clientMessageId of outbox) {
      const message = messages[clientMessageId];
      if (message?.deliveryStatus !== 'sent' || this.attempts.get(clientMessageId)?.resent) {
        continue;
      }
      if (this.sessions.needsSession(message.sessionId)) continue;
      this.attempt(clientMessageId).resent = true;
      this.sendChat(clientMessageId);
    }
    const head = outbox
      .map((key) => this.ctx.get().messages[key])
      .find(
        (message) => message?.deliveryStatus === 'queued' || message?.deliveryStatus === 'sending',
      );
    if (!head?.clientMessageId || head.deliveryStatus === 'sending') return;
    if (this.attempts.get(head.clientMessageId)?.timers.has('retry')) return;
    if (this.sessions.needsSession(head.sessionId)) {
      this.sessions.openSessionFor(head.sessionId);
      return;
    }
    this.sendChat(head.clientMessageId);
  }

  onAck(frame: ServerFrameOf<'message_ack'>): void {
    this.ctx.requests.delete(frame.requestId);
    const clientMessageId = frame.clientMessageId;
    const state = this.ctx.get();
    const message = state.messages[clientMessageId];
    if (!message || message.role !== 'user' || !state.outbox.includes(clientMessageId)) return;
    if (!frame.stored) {
      this.ctx.notify(
        'info',
        'Conversation history is unavailable right now: this answer will not be saved.',
      );
    }
    const notSaved = frame.stored ? {} : { notSaved: true };
    const attempt = this.attempt(clientMessageId);
    attempt.timers.cancel('ack');
    attempt.timers.cancel('retry');
    attempt.resent = true;

    const sessionKey = message.sessionId;
    const keys = state.order[sessionKey] ?? [];
    const answered = keys.some((key) => {
      const other = state.messages[key];
      return (
        other?.role === 'assistant' &&
        other.replyTo === frame.messageId &&
        !other.streaming &&
        !other.incomplete
      );
    });
    const next: UiMessage = {
      ...message,
      messageId: frame.messageId,
      // The ack's timestamp stands in for the stored one until a page brings it.
      timestamp: message.messageId === frame.messageId ? message.timestamp : frame.timestamp,
      ...(message.messageId === frame.messageId ? {} : { provisional: true }),
      ...notSaved,
      deliveryStatus: answered ? 'answered' : 'sent',
    };
    this.ctx.set((s) => {
      const messages = withEntry(s.messages, clientMessageId, next);
      return {
        messages,
        order: withEntry(s.order, sessionKey, withKeys(s.order[sessionKey], keys, messages)),
        outbox: answered ? s.outbox.filter((key) => key !== clientMessageId) : s.outbox,
        sessions: touchSession(s.sessions, sessionKey, frame.timestamp),
      };
    });
    // NOTE: protocol.md does not say that message_ack's timestamp is the stored message's; an
    // ack that answers a re-send is certainly later. Unless this ack answers the one and only
    // send of a message written on this page, an earlier send (before a reconnect or reload)
    // may be the one stored: fetch the session's page to settle its place.
    const doubtful =
      message.messageId !== frame.messageId && !(attempt.fresh && attempt.transmissions === 1);
    if (answered) this.forget(clientMessageId);
    else this.startReplyTimer(clientMessageId);
    if (doubtful && sessionKey !== '') this.sessions.resync(sessionKey);
    this.pump();
  }

  /**
   * An error about a message in the outbox. Returns the message's session when the error says
   * that session is gone and the message was never acknowledged (so never stored): what
   * follows is deadSessions.ts's, then `requeue`.
   */
  onChatError(clientMessageId: string, frame: ServerFrameOf<'error'>): string | undefined {
    const message = this.ctx.get().messages[clientMessageId];
    if (!message) return undefined;
    this.attempts.get(clientMessageId)?.timers.cancel('ack');
    const acknowledged = message.deliveryStatus === 'sent';

    if (frame.code === 'RATE_LIMITED') {
      // Not a failure: the send it answered does not count.
      const attempt = this.attempt(clientMessageId);
      attempt.sends = Math.max(attempt.sends - 1, 0);
      this.scheduleResend(clientMessageId, frame.retryAfterMs ?? RETRY_DELAY_MS);
      return undefined;
    }
    if (isGone(frame.code) && !acknowledged) return message.sessionId;
    if (!frame.retryable) {
      this.fail(clientMessageId, errorText(frame));
      return undefined;
    }
    const attempt = this.attempt(clientMessageId);
    attempt.failures += 1;
    if (attempt.failures >= MAX_SENDS || attempt.sends >= MAX_SENDS) {
      this.fail(clientMessageId, errorText(frame));
      return undefined;
    }
    // No re-send before the wait is over, whatever else would trigger one.
    attempt.timers.cancel('reply');
    this.scheduleResend(clientMessageId, backoffAfter(frame, attempt.failures, this.ctx.random));
    return undefined;
  }

  /** Frames for a session keep its pending replies alive. */
  keepRepliesAlive(sessionId: string): void {
    const { outbox, messages } = this.ctx.get();
    for (const clientMessageId of outbox) {
      const message = messages[clientMessageId];
      const timers = this.attempts.get(clientMessageId)?.timers;
      if (message?.sessionId === sessionId && timers?.has('reply')) {
        // A reply still streaming: move the deadline (see TimerMap.postpone).
        timers.postpone('reply', REPLY_TIMEOUT_MS, () => this.replyOverdue(clientMessageId));
      }
    }
  }

  /** After a page: only acknowledged messages wait for a reply. */
  stopReplyTimersOfUnacknowledged(): void {
    for (const clientMessageId of this.ctx.get().outbox) {
      if (this.ctx.get().messages[clientMessageId]?.deliveryStatus !== 'sent') {
        this.attempts.get(clientMessageId)?.timers.cancel('reply');
      }
    }
  }

  /** Drops the message's timers and counters. */
  forget(clientMessageId: string): void {
    const attempt = this.attempts.get(clientMessageId);
    if (!attempt) return;
    attempt.timers.cancelAll();
    attempt.sends = 0;
    attempt.failures = 0;
    // `transmissions` stays until the connection ends: a late ack of a failed message must
    // still be known to answer a re-send.
  }

  /** The message's record, made on first use. */
  private attempt(clientMessageId: string): Attempt {
    let attempt = this.attempts.get(clientMessageId);
    if (!attempt) {
      attempt = {
        sends: 0,
        transmissions: 0,
        resent: false,
        timers: new TimerMap(this.ctx),
        fresh: false,
        failures: 0,
      };
      this.attempts.set(clientMessageId, attempt);
    }
    return attempt;
  }

  private sendChat(clientMessageId: string): void {
    const message = this.ctx.get().messages[clientMessageId];
    if (!message || !this.ctx.transport?.isOpen) return;
    if ((this.attempts.get(clientMessageId)?.sends ?? 0) >= MAX_SENDS) {
      // This connection's budget is spent. An acknowledged message waits for the next
      // connection (its place is fixed); one the server never confirmed has failed.
      if (message.deliveryStatus !== 'sent') this.fail(clientMessageId, NOT_CONFIRMED);
      return;
    }
    const frame: OutgoingClientFrame = {
      action: 'chat_message',
      sessionId: message.sessionId,
      clientMessageId,
      content: message.content,
    };
    if (!frameFits(frame)) {
      this.fail(clientMessageId, 'This message is too large to send (over 32 KiB).');
      return;
    }
    this.ctx.send(frame, { kind: 'chat', clientMessageId });
    const attempt = this.attempt(clientMessageId);
    attempt.transmissions += 1;
    attempt.sends += 1;
    if (message.deliveryStatus === 'sent') {
      this.startReplyTimer(clientMessageId);
      return;
    }
    if (message.deliveryStatus !== 'sending') this.setDelivery(clientMessageId, 'sending');
    attempt.timers.start('ack', ACK_TIMEOUT_MS, () => this.onAckTimeout(clientMessageId));
  }

  private onAckTimeout(clientMessageId: string): void {
    if (this.ctx.get().messages[clientMessageId]?.deliveryStatus !== 'sending') return;
    this.sendChat(clientMessageId);
  }

  private scheduleResend(clientMessageId: string, delayMs: number): void {
    this.attempt(clientMessageId).timers.start('retry', delayMs, () => {
      const status = this.ctx.get().messages[clientMessageId]?.deliveryStatus;
      if (status === 'sending' || status === 'sent') this.sendChat(clientMessageId);
      else this.pump();
    });
  }

  private startReplyTimer(clientMessageId: string): void {
    this.attempt(clientMessageId).timers.start('reply', REPLY_TIMEOUT_MS, () =>
      this.replyOverdue(clientMessageId),
    );
  }

  /** No frame of the reply came in time: send the question again (it is idempotent). */
  private replyOverdue(clientMessageId: string): void {
    if (this.ctx.get().messages[clientMessageId]?.deliveryStatus === 'sent')
      this.sendChat(clientMessageId);
  }

  private fail(clientMessageId: string, failure: string): void {
    this.forget(clientMessageId);
    this.ctx.set((s) => {
      const message = s.messages[clientMessageId];
      if (!message) return {};
      const failed: UiMessage = { ...message, deliveryStatus: 'failed', failure };
      return { messages: withEntry(s.messages, clientMessageId, failed) };
    });
    this.pump();
  }

  private setDelivery(clientMessageId: string, deliveryStatus: DeliveryStatus): void {
    this.ctx.set((s) => {
      const message = s.messages[clientMessageId];
      if (!message || message.deliveryStatus === deliveryStatus) return {};
      const next: UiMessage = { ...message, deliveryStatus };
      delete next.failure;
      return { messages: withEntry(s.messages, clientMessageId, next) };
    });
  }
}

/** The state's messages with those on the wire when a connection ended queued again. */
export function requeueSending(
  state: Pick<ChatState, 'messages' | 'outbox'>,
): Record<string, UiMessage> | undefined {
  const messages = idRecord(state.messages);
  let changed = false;
  for (const key of state.outbox) {
    const message = messages[key];
    if (message?.deliveryStatus === 'sending') {
      messages[key] = { ...message, deliveryStatus: 'queued' };
      changed = true;
    }
  }
  return changed ? messages : undefined;
}

const NOT_CONFIRMED =
  'The assistant did not confirm this message after three tries. Check your connection and retry.';
