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

import { idRecord, withEntry } from '../records';
import type { OutgoingClientFrame, ServerFrameOf } from '../../protocol/types';
import { errorText } from '../../protocol/errorText';
import {
  ACK_TIMEOUT_MS,
  MAX_SENDS,
  REPLY_TIMEOUT_MS,
  RETRY_DELAY_MS,
  frameFits,
} from '../../services/WebSocketChatService';
import { withKeys } from '../turnOrder';
import type { ChatState, DeliveryStatus, UiMessage } from '../types';
import type { EngineContext } from './EngineContext';
import { backoffAfter } from './Outage';
import type { SessionOpening } from './SessionOpening';
import { touchSession } from './sessionInfo';
import { TimerMap } from './TimerMap';

export interface DeliveryPeers {
  opening: Pick<SessionOpening, 'needsSession' | 'openSessionFor' | 'markDead' | 'resync'>;
}

export class Delivery {
  // Per connection.
  /** Sends of a message on this connection, except those a RATE_LIMITED answered. */
  private readonly sends = new Map<string, number>();
  /** Every send of a message on this connection, rate-limited ones included. */
  private readonly transmissions = new Map<string, number>();
  private readonly resent = new Set<string>();
  private readonly ackTimers: TimerMap<string>;
  private readonly retryTimers: TimerMap<string>;
  private readonly replyTimers: TimerMap<string>;
  // Across connections.
  /** Messages written on this page and never sent on an earlier connection. */
  private readonly fresh = new Set<string>();
  /** Retryable errors about a message since it was written or retried by hand. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly peers: DeliveryPeers,
  ) {
    this.ackTimers = new TimerMap(ctx);
    this.retryTimers = new TimerMap(ctx);
    this.replyTimers = new TimerMap(ctx);
  }

  resetConnection(): void {
    this.sends.clear();
    for (const clientMessageId of this.transmissions.keys()) this.fresh.delete(clientMessageId);
    this.transmissions.clear();
    this.resent.clear();
    this.ackTimers.cancelAll();
    this.retryTimers.cancelAll();
    this.replyTimers.cancelAll();
  }

  /** A message just written on this page; see `doubtful` in onAck. */
  added(clientMessageId: string): void {
    this.fresh.add(clientMessageId);
    this.pump();
  }

  /** A failed message the user wants sent again: it gets a fresh budget. */
  restart(clientMessageId: string, status: DeliveryStatus): void {
    this.sends.delete(clientMessageId);
    this.failures.delete(clientMessageId);
    this.resent.delete(clientMessageId);
    this.setDelivery(clientMessageId, status);
  }

  /** Sends whatever the outbox allows now; see the design notes at the top. */
  pump(): void {
    if (!this.ctx.ready || !this.ctx.transport?.isOpen) return;
    const { outbox, messages } = this.ctx.get();
    for (const clientMessageId of outbox) {
      const message = messages[clientMessageId];
      if (message?.deliveryStatus !== 'sent' || this.resent.has(clientMessageId)) continue;
      if (this.peers.opening.needsSession(message.sessionId)) continue;
      this.resent.add(clientMessageId);
      this.sendChat(clientMessageId);
    }
    const head = outbox
      .map((key) => this.ctx.get().messages[key])
      .find(
        (message) => message?.deliveryStatus === 'queued' || message?.deliveryStatus === 'sending',
      );
    if (!head?.clientMessageId || head.deliveryStatus === 'sending') return;
    if (this.retryTimers.has(head.clientMessageId)) return;
    if (this.peers.opening.needsSession(head.sessionId)) {
      this.peers.opening.openSessionFor(head.sessionId);
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
    this.ackTimers.cancel(clientMessageId);
    this.retryTimers.cancel(clientMessageId);
    this.resent.add(clientMessageId);

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
      message.messageId !== frame.messageId &&
      !(this.fresh.has(clientMessageId) && this.transmissions.get(clientMessageId) === 1);
    if (answered) this.forget(clientMessageId);
    else this.startReplyTimer(clientMessageId);
    if (doubtful && sessionKey !== '') this.peers.opening.resync(sessionKey);
    this.pump();
  }

  onChatError(clientMessageId: string, frame: ServerFrameOf<'error'>): void {
    const message = this.ctx.get().messages[clientMessageId];
    if (!message) return;
    this.ackTimers.cancel(clientMessageId);
    const acknowledged = message.deliveryStatus === 'sent';

    if (frame.code === 'RATE_LIMITED') {
      // Not a failure: the send it answered does not count.
      this.sends.set(clientMessageId, Math.max((this.sends.get(clientMessageId) ?? 1) - 1, 0));
      this.scheduleResend(clientMessageId, frame.retryAfterMs ?? RETRY_DELAY_MS);
      return;
    }
    if (isGone(frame.code) && !acknowledged) {
      if (this.peers.opening.markDead(message.sessionId)) {
        this.ctx.notify(
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
      this.fail(clientMessageId, errorText(frame));
      return;
    }
    const failures = (this.failures.get(clientMessageId) ?? 0) + 1;
    this.failures.set(clientMessageId, failures);
    if (failures >= MAX_SENDS || (this.sends.get(clientMessageId) ?? 0) >= MAX_SENDS) {
      this.fail(clientMessageId, errorText(frame));
      return;
    }
    // No re-send before the wait is over, whatever else would trigger one.
    this.replyTimers.cancel(clientMessageId);
    this.scheduleResend(clientMessageId, backoffAfter(frame, failures, this.ctx.random));
  }

  /** Frames for a session keep its pending replies alive. */
  keepRepliesAlive(sessionId: string): void {
    const { outbox, messages } = this.ctx.get();
    for (const clientMessageId of outbox) {
      const message = messages[clientMessageId];
      if (message?.sessionId === sessionId && this.replyTimers.has(clientMessageId)) {
        // A reply still streaming: move the deadline (see TimerMap.postpone).
        this.replyTimers.postpone(clientMessageId, REPLY_TIMEOUT_MS, () =>
          this.replyOverdue(clientMessageId),
        );
      }
    }
  }

  /** After a page: only acknowledged messages wait for a reply. */
  stopReplyTimersOfUnacknowledged(): void {
    for (const clientMessageId of this.ctx.get().outbox) {
      if (this.ctx.get().messages[clientMessageId]?.deliveryStatus !== 'sent') {
        this.replyTimers.cancel(clientMessageId);
      }
    }
  }

  /** Drops the per-message timers and counters. */
  forget(clientMessageId: string): void {
    this.ackTimers.cancel(clientMessageId);
    this.retryTimers.cancel(clientMessageId);
    this.replyTimers.cancel(clientMessageId);
    this.sends.delete(clientMessageId);
    this.failures.delete(clientMessageId);
    // `transmissions` stays until the connection ends: a late ack of a failed message must
    // still be known to answer a re-send.
  }

  private sendChat(clientMessageId: string): void {
    const message = this.ctx.get().messages[clientMessageId];
    if (!message || !this.ctx.transport?.isOpen) return;
    if ((this.sends.get(clientMessageId) ?? 0) >= MAX_SENDS) {
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
    this.transmissions.set(clientMessageId, (this.transmissions.get(clientMessageId) ?? 0) + 1);
    this.sends.set(clientMessageId, (this.sends.get(clientMessageId) ?? 0) + 1);
    if (message.deliveryStatus === 'sent') {
      this.startReplyTimer(clientMessageId);
      return;
    }
    if (message.deliveryStatus !== 'sending') this.setDelivery(clientMessageId, 'sending');
    this.ackTimers.start(clientMessageId, ACK_TIMEOUT_MS, () => this.onAckTimeout(clientMessageId));
  }

  private onAckTimeout(clientMessageId: string): void {
    if (this.ctx.get().messages[clientMessageId]?.deliveryStatus !== 'sending') return;
    this.sendChat(clientMessageId);
  }

  private scheduleResend(clientMessageId: string, delayMs: number): void {
    this.retryTimers.start(clientMessageId, delayMs, () => {
      const status = this.ctx.get().messages[clientMessageId]?.deliveryStatus;
      if (status === 'sending' || status === 'sent') this.sendChat(clientMessageId);
      else this.pump();
    });
  }

  private startReplyTimer(clientMessageId: string): void {
    this.replyTimers.start(clientMessageId, REPLY_TIMEOUT_MS, () =>
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

export function isGone(code: ServerFrameOf<'error'>['code']): boolean {
  return code === 'SESSION_EXPIRED' || code === 'SESSION_NOT_FOUND';
}
