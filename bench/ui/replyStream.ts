// One scripted reply on the wire: `typing`, the deltas at a fixed pace, the final
// `assistant_message`, `typing` false.
//
// Deltas are paced against the start of the reply, not chained timers: a late timer sends
// what is due at once, so the rate stays one per PACE_MS whatever the event loop does.

import { performance } from 'node:perf_hooks';
import type { ChatMessage, OutgoingServerFrame } from '../../src/protocol/types';
import { finalMessage } from './protocolFrames';

export const PACE_MS = 10;

export interface ReplyScript {
  sessionId: string;
  messageId: string;
  replyTo: string;
  answer: string;
  deltas: readonly string[];
  send(frame: OutgoingServerFrame): void;
  /** Called just after the final frame went out; `finalSentAt` is its Date.now(). */
  onFinal(message: ChatMessage, finalSentAt: number): void;
}

/** Starts streaming; the returned function stops it (the connection closed). */
export function streamReply(script: ReplyScript): () => void {
  const { sessionId, messageId, replyTo, deltas, send } = script;
  send({
    type: 'typing',
    sessionId,
    isTyping: true,
    agent: 'cost-analysis-agent',
    status: 'Reviewing November costs',
  });
  const start = performance.now();
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  const finish = () => {
    const message = finalMessage(sessionId, messageId, replyTo, script.answer);
    const finalSentAt = Date.now();
    send({ type: 'assistant_message', sessionId, message, stored: true });
    send({ type: 'typing', sessionId, isTyping: false });
    script.onFinal(message, finalSentAt);
  };
  const tick = () => {
    const due = Math.floor((performance.now() - start) / PACE_MS) + 1;
    for (; seq < deltas.length && seq < due; seq++) {
      send({ type: 'assistant_delta', sessionId, messageId, replyTo, seq, delta: deltas[seq]! });
    }
    const next = start + seq * PACE_MS - performance.now();
    timer = setTimeout(seq < deltas.length ? tick : finish, Math.max(0, next));
  };
  tick();
  return () => clearTimeout(timer);
}
