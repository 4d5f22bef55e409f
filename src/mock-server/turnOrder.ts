import type { ChatMessage } from '../protocol/types';

// The order of a session's messages: what it stores, `session_opened.messages`,
// `history_page` and the `before` cursor (shared/protocol.md, "Turns").
//
// - Turns order by their user message's (timestamp, messageId), and each reply sits
//   directly under its user message. Never by timestamp alone: replies are generated one
//   at a time, so a reply often ends after the next question was acknowledged, and must
//   not move below it.
// - A reply whose user message is not in the list (a corrupt data file) opens a turn of
//   its own, placed by its own (timestamp, messageId).

/** `messages` in turn order; the input is left as it is. */
export function sortByTurn(messages: readonly ChatMessage[]): ChatMessage[] {
  const questions = new Map<string, ChatMessage>();
  for (const message of messages) {
    if (message.role === 'user') questions.set(message.messageId, message);
  }
  const questionOf = (message: ChatMessage): ChatMessage | undefined =>
    message.role === 'assistant' && message.replyTo !== undefined
      ? questions.get(message.replyTo)
      : undefined;
  return [...messages].sort((a, b) => {
    const aTurn = questionOf(a) ?? a;
    const bTurn = questionOf(b) ?? b;
    if (aTurn !== bTurn) return compareTimeAndId(aTurn, bTurn);
    // One turn: the question, then its reply.
    return Number(a !== aTurn) - Number(b !== bTurn) || compareTimeAndId(a, b);
  });
}

/** Messages before `message` in `sorted` (turn order): the context a reply may see. */
export function messagesBefore(
  sorted: readonly ChatMessage[],
  message: ChatMessage,
): ChatMessage[] {
  const index = sorted.findIndex((m) => m.messageId === message.messageId);
  return index < 0 ? [] : sorted.slice(0, index);
}

function compareTimeAndId(a: ChatMessage, b: ChatMessage): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}
