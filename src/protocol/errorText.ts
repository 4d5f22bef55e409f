// What the user reads about a server `error` (protocol.md: "An error's message is written for
// people. Codes, field names and ids never appear in the interface.").
//
// Design decisions (why):
// - Every code has a sentence of the client's own, and an unknown code (a newer server) a
//   generic one, so the interface never depends on the server's wording being fit to show.
// - The server's `message` is preferred when it reads as plain words: it can say more (which
//   agent failed, what is down). A message that looks technical (a `field: reason`, a code in
//   capitals, a camelCase name, markup or JSON) falls back to the sentence.

import type { ErrorCode } from './types';

const SENTENCES: Record<ErrorCode, string> = {
  BAD_REQUEST:
    'The assistant could not read a request from this app. Reload the page and try again.',
  UNKNOWN_ACTION:
    'The assistant does not support this request. Reload the page to get the latest version of the app.',
  MESSAGE_TOO_LARGE: 'This message is too long for the assistant. Shorten it and send it again.',
  SESSION_NOT_FOUND: 'This conversation no longer exists.',
  SESSION_EXPIRED:
    'This conversation has expired (conversations are kept for 7 days after their last message).',
  RATE_LIMITED: 'Too many requests at once. The app tries again in a moment.',
  STORAGE_UNAVAILABLE: 'Conversation history is unavailable right now.',
  AGENT_FAILED: 'The assistant could not finish this answer.',
  INTERNAL: 'Something went wrong on the assistant’s side.',
};

const GENERIC = 'Something went wrong on the assistant’s side.';
const MAX_SHOWN_CHARS = 300;

const TECHNICAL = [
  /^\s*[\w$.[\]-]+\s*:/, // "messageId: no reply with this id"
  /\w_\w/, // AGENT_FAILED, quota_exceeded
  /\b[a-z]+[A-Z]\w*\b/, // clientMessageId
  /[{}<>[\]`]/, // JSON, markup, code
];

/** True when `text` reads as a sentence for people; see the notes at the top. */
export function isPlainWords(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed.length > 0 &&
    trimmed.length <= MAX_SHOWN_CHARS &&
    !TECHNICAL.some((pattern) => pattern.test(trimmed))
  );
}

/** The sentence shown for an error frame. */
export function errorText(error: { code: string; message: string }): string {
  return isPlainWords(error.message) ? error.message.trim() : codeSentence(error.code);
}

/** The client's own sentence for a code: what went wrong, without advice that may not fit. */
export function codeSentence(code: string): string {
  return Object.hasOwn(SENTENCES, code) ? SENTENCES[code as ErrorCode] : GENERIC;
}
