// The transcript's order (protocol.md, "Turns"), live, after a reload and in history pages.
//
// Design decisions (why):
// - Messages order by turn, never by timestamp alone: a turn is a user message and its reply,
//   turns order by the user message's (timestamp, messageId), and the reply sits directly
//   under its question. A reply that ends after the next question was asked (people ask while
//   an answer streams) must not move below that question.
// - The order is sorted rather than appended: after retries, reloads and reconnects the client
//   learns about messages out of order. A user message not acknowledged yet has no place on
//   the server: such messages come last, in the order they were written.
// - An acknowledged message's timestamp is provisional (the ack's) until a `session_opened` or
//   `history_page` brings the stored one; its reply moves with it, since the reply's place is
//   its question's.
// - A reply whose question is not loaded (it is on an older page, or was dropped by the
//   persistence cap) is placed by its own (timestamp, messageId) until the question comes.

import type { UiMessage } from './types';

/** Milliseconds of a message's timestamp; 0 for one that is not a date (never thrown on). */
function time(message: UiMessage): number {
  const parsed = Date.parse(message.timestamp);
  return Number.isNaN(parsed) ? 0 : parsed;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Two messages by their own (timestamp, messageId); unconfirmed ones last, as written. */
export function compareMessages(a: UiMessage, b: UiMessage): number {
  if (a.messageId === undefined || b.messageId === undefined) {
    if (a.messageId !== b.messageId) return a.messageId === undefined ? 1 : -1;
    return 0; // stable: the order written
  }
  return time(a) - time(b) || compareIds(a.messageId, b.messageId);
}

/** `keys` (deduplicated, unknown keys dropped) in turn order; see the notes at the top. */
export function sortKeys(keys: readonly string[], messages: Record<string, UiMessage>): string[] {
  const seen = new Set<string>();
  const present: UiMessage[] = [];
  const questions = new Map<string, UiMessage>();
  for (const key of keys) {
    const message = Object.hasOwn(messages, key) ? messages[key] : undefined;
    if (!message || seen.has(key)) continue;
    seen.add(key);
    present.push(message);
    if (message.role === 'user' && message.messageId !== undefined)
      questions.set(message.messageId, message);
  }
  const questionOf = (message: UiMessage): UiMessage | undefined =>
    message.role === 'assistant' && message.replyTo !== undefined
      ? questions.get(message.replyTo)
      : undefined;
  return present
    .sort((a, b) => {
      const aTurn = questionOf(a) ?? a;
      const bTurn = questionOf(b) ?? b;
      if (aTurn !== bTurn) return compareMessages(aTurn, bTurn);
      // One turn: the question first, then its reply (two replies, a confused server: by key).
      return Number(a !== aTurn) - Number(b !== bTurn) || compareIds(a.key, b.key);
    })
    .map((message) => message.key);
}

/** Keys in the same order, or the same array when nothing moved (keeps selectors stable). */
export function withKeys(
  current: readonly string[] | undefined,
  keys: readonly string[],
  messages: Record<string, UiMessage>,
): string[] {
  const next = sortKeys(keys, messages);
  if (current && current.length === next.length && current.every((key, i) => key === next[i])) {
    return current as string[];
  }
  return next;
}
