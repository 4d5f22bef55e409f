// Pure helpers over the transcript (messages by key + order by session).
//
// Why the order is sorted rather than appended: the server's transcript orders messages by
// (timestamp, messageId), and after retries, reloads and reconnects the client learns about
// messages out of that order. Messages the server has confirmed (they have a messageId) sort
// by that rule; user messages not acknowledged yet come last, in the order they were written.
// An acknowledged message's timestamp is provisional (the ack frame's) until a
// `session_opened` or `history_page` brings the stored one.

import { idRecord } from './records';
import { withEntry } from './records';
import type { ChatMessage } from '../protocol/types';
import type { UiMessage } from './types';

/** The key a server message is stored under. */
export function keyOf(message: Pick<ChatMessage, 'messageId' | 'role' | 'clientMessageId'>) {
  return message.role === 'user' && message.clientMessageId
    ? message.clientMessageId
    : message.messageId;
}

export function fromChatMessage(message: ChatMessage, previous?: UiMessage): UiMessage {
  const ui: UiMessage = {
    key: keyOf(message),
    sessionId: message.sessionId,
    role: message.role,
    content: message.content,
    timestamp: message.timestamp,
    messageId: message.messageId,
  };
  if (message.clientMessageId !== undefined) ui.clientMessageId = message.clientMessageId;
  if (message.replyTo !== undefined) ui.replyTo = message.replyTo;
  if (message.agentsUsed !== undefined) ui.agentsUsed = message.agentsUsed;
  if (message.followUps !== undefined) ui.followUps = message.followUps;
  if (message.stopped !== undefined) ui.stopped = message.stopped;
  if (message.role === 'user') ui.deliveryStatus = previous?.deliveryStatus ?? 'answered';
  if (ui.deliveryStatus === 'failed' && previous?.failure) ui.failure = previous.failure;
  if (previous?.askedAgain) ui.askedAgain = true;
  return ui;
}

/** `order` without `key` in another session than `sessionId`, where the server now puts it. */
export function withoutElsewhere(
  order: Record<string, string[]>,
  key: string,
  sessionId: string,
  previous: UiMessage | undefined,
): Record<string, string[]> {
  if (!previous || previous.sessionId === sessionId) return order;
  const old = order[previous.sessionId];
  if (!old?.includes(key)) return order;
  return withEntry(
    order,
    previous.sessionId,
    old.filter((other) => other !== key),
  );
}

/** The text a message shows: a streaming reply's text so far, otherwise its content. */
export function shownText(message: UiMessage, streamingText: Record<string, string>): string {
  return (message.streaming ? streamingText[message.key] : undefined) ?? message.content;
}

/** `streamingText` with only the entries of messages still streaming (the same object if so). */
export function liveStreamingText(
  streamingText: Record<string, string>,
  messages: Record<string, UiMessage>,
): Record<string, string> {
  const entries = Object.entries(streamingText);
  const live = entries.filter(([key]) => messages[key]?.streaming);
  if (live.length === entries.length) return streamingText;
  const kept = idRecord<string>();
  for (const [key, text] of live) kept[key] = text;
  return kept;
}
