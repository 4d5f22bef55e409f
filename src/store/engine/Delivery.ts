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
// - MAX_SENDS counts sends on one connection; a reconnect gives every pending message a fresh
//   budget. A flaky network must not turn "sent while reconnecting" into "failed"; only a
//   live connection that does not acknowledge three times does. Failed messages wait for the
//   user (protocol: "the user can retry it by hand").
// - An acknowledged message whose reply goes quiet for REPLY_TIMEOUT_MS is sent again: the
//   server answers a known clientMessageId with the finished reply, so a reply frame lost on
//   a live connection (or a server restart mid-reply) does not leave it unanswered.

import type { OutgoingClientFrame, ServerFrameOf } from '../../protocol/types';
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
import type { SessionOpening } from './SessionOpening';
import { touchSession } from './sessionInfo';
import { TimerMap } from './TimerMap';
import type { Typing } from './Typing';

export interface DeliveryPeers {
  opening: Pick<SessionOpening, 'needsSession' | 'openSessionFor' | 'markDead' | 'resync'>;
  typing: Pick<Typing, 'clear'>;
}

export class Delivery {
  // Per connection.
  private readonly sends = new Map<string, number>();
  /** Every send of a message on this connection, rate-limited ones included. */
  private readonly transmissions = new Map<string, number>();
  private readonly replyResends = new Map<string, number>();
  private readonly resent = new Set<string>();
  private readonly ackTimers: TimerMap<string>;
  private readonly retryTimers: TimerMap<string>;
  private readonly replyTimers: TimerMap<string>;
  // Across connections.
  /** Messages written on this page and never sent on an earlier connection. */
  private readonly fresh = new Set<string>();

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
    this.replyResends.clear();
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
    this.replyResends.delete(clientMessageId);
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
      this.sendChat(clientMessageId, false);
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
    this.sendChat(head.clientMessageId, true);
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
    this.ackTimers.cancel(clientMessageId);
    this.retryTimers.cancel(clientMessageId);
    this.resent.add(clientMessageId);

    const sessionKey = message.sessionId;
    const keys = state.order[sessionKey] ?? [];
    const answered = keys.some((key) => {
      const other = state.messages[key];
      return other?.role === 'assistant' && other.replyTo === frame.messageId && !other.streaming;
    });
    const next: UiMessage = {
      ...message,
      messageId: frame.messageId,
      // The ack's timestamp stands in for the stored one until a page brings it.
      timestamp: message.messageId === frame.messageId ? message.timestamp : frame.timestamp,
      ...(message.messageId === frame.messageId ? {} : { provisional: true }),
      deliveryStatus: answered ? 'answered' : 'sent',
    };
    this.ctx.set((s) => {
      const messages = { ...s.messages, [clientMessageId]: next };
      return {
        messages,
        order: { ...s.order, [sessionKey]: withKeys(s.order[sessionKey], keys, messages) },
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
    if (frame.code === 'AGENT_FAILED') this.peers.typing.clear(message.sessionId);

    if (frame.code === 'RATE_LIMITED') {
      // Not a failure: the send it answered does not count.
      if (!acknowledged)
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
      this.ctx.notify('error', frame.message);
      this.fail(clientMessageId);
      return;
    }
    const sends = this.sends.get(clientMessageId) ?? 0;
    if (!acknowledged && sends >= MAX_SENDS) {
      this.fail(clientMessageId);
      return;
    }
    this.scheduleResend(clientMessageId, frame.retryAfterMs ?? RETRY_DELAY_MS);
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
    this.replyResends.delete(clientMessageId);
    // `transmissions` stays until the connection ends: a late ack of a failed message must
    // still be known to answer a re-send.
  }

  private sendChat(clientMessageId: string, counted: boolean): void {
    const message = this.ctx.get().messages[clientMessageId];
    if (!message || !this.ctx.transport?.isOpen) return;
    const frame: OutgoingClientFrame = {
      action: 'chat_message',
      sessionId: message.sessionId,
      clientMessageId,
      content: message.content,
    };
    if (!frameFits(frame)) {
      this.ctx.notify('error', 'This message is too large to send (over 32 KiB).');
      this.fail(clientMessageId);
      return;
    }
    this.ctx.send(frame, { kind: 'chat', clientMessageId });
    this.transmissions.set(clientMessageId, (this.transmissions.get(clientMessageId) ?? 0) + 1);
    if (message.deliveryStatus === 'sent') {
      this.startReplyTimer(clientMessageId);
      return;
    }
    if (counted) this.sends.set(clientMessageId, (this.sends.get(clientMessageId) ?? 0) + 1);
    if (message.deliveryStatus !== 'sending') this.setDelivery(clientMessageId, 'sending');
    this.ackTimers.start(clientMessageId, ACK_TIMEOUT_MS, () => this.onAckTimeout(clientMessageId));
  }

  private onAckTimeout(clientMessageId: string): void {
    if (this.ctx.get().messages[clientMessageId]?.deliveryStatus !== 'sending') return;
    if ((this.sends.get(clientMessageId) ?? 0) >= MAX_SENDS) {
      this.fail(clientMessageId);
      return;
    }
    this.sendChat(clientMessageId, true);
  }

  private scheduleResend(clientMessageId: string, delayMs: number): void {
    this.retryTimers.start(clientMessageId, delayMs, () => {
      const status = this.ctx.get().messages[clientMessageId]?.deliveryStatus;
      if (status === 'sending' || status === 'sent')
        this.sendChat(clientMessageId, status === 'sending');
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
    if (this.ctx.get().messages[clientMessageId]?.deliveryStatus !== 'sent') return;
    const resends = (this.replyResends.get(clientMessageId) ?? 0) + 1;
    if (resends > MAX_SENDS) return; // leave it to the next connection
    this.replyResends.set(clientMessageId, resends);
    this.sendChat(clientMessageId, false);
  }

  private fail(clientMessageId: string): void {
    this.forget(clientMessageId);
    this.setDelivery(clientMessageId, 'failed');
    this.pump();
  }

  private setDelivery(clientMessageId: string, deliveryStatus: DeliveryStatus): void {
    this.ctx.set((s) => {
      const message = s.messages[clientMessageId];
      if (!message || message.deliveryStatus === deliveryStatus) return {};
      return { messages: { ...s.messages, [clientMessageId]: { ...message, deliveryStatus } } };
    });
  }
}

/** The state's messages with those on the wire when a connection ended queued again. */
export function requeueSending(
  state: Pick<ChatState, 'messages' | 'outbox'>,
): Record<string, UiMessage> | undefined {
  const messages = { ...state.messages };
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

export function isGone(code: ServerFrameOf<'error'>['code']): boolean {
  return code === 'SESSION_EXPIRED' || code === 'SESSION_NOT_FOUND';
}
