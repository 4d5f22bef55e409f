// What the user writes joins the outbox here; Delivery takes it from there. A message is
// refused (with a notice; text from the composer is kept as the draft) when it is over the
// protocol's limits, so what enters the outbox can always be sent.

import { idRecord, withEntry } from '../records';
import { MAX_CONTENT_CHARS } from '../../protocol/limits';
import { charCount } from '../../protocol/textLength';
import type { OutgoingClientFrame } from '../../protocol/types';
import { frameFits } from '../../services/WebSocketChatService';
import { sortKeys } from '../turnOrder';
import type { DeliveryStatus, SendOrigin, UiMessage } from '../types';
import type { EngineContext } from './EngineContext';

/** What the outbox hands on to delivery; ChatEngine wires it to Delivery. */
export interface OutboxDelivery {
  /** A message just joined the outbox. */
  added: (clientMessageId: string) => void;
  /** A failed message is to be sent again, with a fresh budget, from `status`. */
  restart: (clientMessageId: string, status: DeliveryStatus) => void;
  /** Sends what the outbox allows now. */
  pump: () => void;
}

export class Outbox {
  constructor(
    private readonly ctx: EngineContext,
    private readonly delivery: OutboxDelivery,
  ) {}

  /**
   * Queues a user message; false (with a notice) when refused. Only the composer's draft is
   * touched: a suggestion or "Ask again" sent while something is half written leaves it be.
   */
  write(content: string, origin: SendOrigin): boolean {
    const state = this.ctx.get();
    const draftKey = state.currentSessionId ?? '';
    if (content.trim().length === 0) return false;
    const fromComposer = origin === 'composer';
    const refuse = (message: string) => {
      if (fromComposer) this.ctx.set((s) => ({ drafts: withEntry(s.drafts, draftKey, content) }));
      this.ctx.notify('error', message);
      return false;
    };
    if (charCount(content) > MAX_CONTENT_CHARS) {
      return refuse(
        `Your message is ${charCount(content).toLocaleString('en-US')} characters long; the limit is ${MAX_CONTENT_CHARS.toLocaleString('en-US')}. Shorten it and send it again.`,
      );
    }
    let clientMessageId = this.ctx.newId();
    while (state.messages[clientMessageId]) clientMessageId = this.ctx.newId();
    const probe: OutgoingClientFrame = {
      action: 'chat_message',
      sessionId: state.currentSessionId ?? 'x'.repeat(64),
      clientMessageId,
      content,
    };
    if (!frameFits(probe)) {
      return refuse(
        'Your message is too large to send (over 32 KiB). Shorten it and send it again.',
      );
    }
    const message: UiMessage = {
      key: clientMessageId,
      sessionId: draftKey,
      role: 'user',
      content,
      timestamp: new Date(this.ctx.clock.now()).toISOString(),
      clientMessageId,
      deliveryStatus: 'queued',
      ...(origin === 'askAgain' && { askedAgain: true }),
    };
    this.ctx.set((s) => {
      const messages = withEntry(s.messages, clientMessageId, message);
      const drafts = idRecord(s.drafts);
      if (fromComposer) delete drafts[draftKey];
      return {
        messages,
        order: withEntry(
          s.order,
          draftKey,
          sortKeys([...(s.order[draftKey] ?? []), clientMessageId], messages),
        ),
        outbox: [...s.outbox, clientMessageId],
        drafts,
      };
    });
    this.delivery.added(clientMessageId);
    return true;
  }

  /**
   * Asks an answer's question again, as a new turn marked as asked again (the answer and its
   * question stay). False, with a notice, when the question is not among the loaded messages.
   */
  askAgain(answerKey: string): boolean {
    const state = this.ctx.get();
    const answer = state.messages[answerKey];
    const question =
      answer?.replyTo === undefined
        ? undefined
        : (state.order[answer.sessionId] ?? [])
            .map((key) => state.messages[key])
            .find((m) => m?.role === 'user' && m.messageId === answer.replyTo);
    if (!question) {
      this.ctx.notify(
        'info',
        'The question of this answer is not loaded. Scroll up to load older messages, then ask again.',
      );
      return false;
    }
    return this.write(question.content, 'askAgain');
  }

  /** Failed messages the user sends again, with a fresh budget. */
  retry(clientMessageIds: readonly string[]): void {
    this.ctx.guard(() => {
      let changed = false;
      for (const clientMessageId of clientMessageIds) {
        const message = this.ctx.get().messages[clientMessageId];
        if (message?.deliveryStatus !== 'failed') continue;
        this.delivery.restart(clientMessageId, message.messageId ? 'sent' : 'queued');
        if (!this.ctx.get().outbox.includes(clientMessageId)) {
          this.ctx.set((s) => ({ outbox: [...s.outbox, clientMessageId] }));
        }
        changed = true;
      }
      if (changed) this.delivery.pump();
    });
  }

  retryAllFailed(): void {
    const { outbox, messages } = this.ctx.get();
    this.retry(outbox.filter((key) => messages[key]?.deliveryStatus === 'failed'));
  }
}
