// The engine's timings: how long it waits for the server before asking again. The socket
// service has its own (reconnects, keep-alive); these are about conversations, which the
// service knows nothing of. Exported so tests can use them.

/** A `chat_message` without `message_ack` this long after sending is sent again. */
export const ACK_TIMEOUT_MS = 10_000;
/** Sends of one `chat_message` per connection (rate-limited ones not counted) before failing. */
export const MAX_SENDS = 3;
/**
 * An acknowledged message whose reply shows no sign of life this long is sent again (the
 * server answers a known `clientMessageId` with the finished reply or routes the rest of it
 * here), at most MAX_SENDS times per connection.
 */
export const REPLY_TIMEOUT_MS = 30_000;
/** A typing indicator with no frame for its session this long is cleared. */
export const TYPING_TIMEOUT_MS = 30_000;
/** An `open_session` without `session_opened` this long is sent again. */
export const OPEN_TIMEOUT_MS = 10_000;
/**
 * The first wait before re-sending after a retryable error that says nothing about when; each
 * further failure in a row doubles it (retryDelay), up to RETRY_MAX_DELAY_MS.
 */
export const RETRY_DELAY_MS = 1_000;
export const RETRY_MAX_DELAY_MS = 30_000;
