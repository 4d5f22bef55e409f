// The order of a session's messages (protocol.md, "Turns"), for the client's transcript and
// for the mock server's store, pages and `before` cursor alike.
//
// - Messages order by turn, never by timestamp alone: a turn is a user message and its reply,
//   turns order by the user message's (timestamp, messageId), and the reply sits directly
//   under its question. A reply that ends after the next question was asked (people ask while
//   an answer streams) must not move below that question.
// - A message without a messageId (a user message not acknowledged yet) has no place on the
//   server: such messages come last, in the order given.
// - A reply whose question is not in the list (it is on an older page, or a data file lost it)
//   is placed by its own (timestamp, messageId) until the question comes.

import type { Role } from './types';

/** What a message's place depends on. */
export interface Placed {
  role: Role;
  messageId?: string;
  replyTo?: string;
  timestamp: string;
}

/** Milliseconds of a timestamp; 0 for one that is not a date (never thrown on). */
function time(message: Placed): number {
  const parsed = Date.parse(message.timestamp);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** Two messages by their own (timestamp, messageId); ones without a messageId last, as given. */
export function compareOwnPlace(a: Placed, b: Placed): number {
  if (a.messageId === undefined || b.messageId === undefined) {
    if (a.messageId !== b.messageId) return a.messageId === undefined ? 1 : -1;
    return 0; // stable: the order given
  }
  const byTime = time(a) - time(b);
  if (byTime !== 0) return byTime;
  return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}

/** `messages` in turn order, as a new array; see the notes at the top. */
export function sortByTurn<T extends Placed>(messages: readonly T[]): T[] {
  const questions = new Map<string, T>();
  for (const message of messages) {
    if (message.role === 'user' && message.messageId !== undefined)
      questions.set(message.messageId, message);
  }
  const turnOf = (message: T): T =>
    (message.role === 'assistant' && message.replyTo !== undefined
      ? questions.get(message.replyTo)
      : undefined) ?? message;
  return [...messages].sort((a, b) => {
    const aTurn = turnOf(a);
    const bTurn = turnOf(b);
    if (aTurn !== bTurn) return compareOwnPlace(aTurn, bTurn);
    // One turn: the question first, then its reply (two replies, a confused server: by place).
    return Number(a !== aTurn) - Number(b !== bTurn) || compareOwnPlace(a, b);
  });
}
