/** Protocol version sent as `v` in the connection URL. */
export const PROTOCOL_VERSION = 1;

// NOTE: API Gateway WebSocket quotas: 32 KiB per client frame, 128 KiB per server frame,
// 10 minutes idle timeout, 2 hours maximum connection duration.
export const MAX_CLIENT_FRAME_BYTES = 32 * 1024;
export const MAX_SERVER_FRAME_BYTES = 128 * 1024;
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const MAX_CONNECTION_MS = 2 * 60 * 60 * 1000;

/** Longest user message `content`, counted in Unicode code points. */
export const MAX_CONTENT_CHARS = 8000;
export const MAX_TITLE_CHARS = 120;
export const MAX_FOLLOW_UPS = 4;
export const HISTORY_DEFAULT_LIMIT = 20;
export const HISTORY_MAX_LIMIT = 100;

/** Sessions expire this long after their last activity (the DynamoDB TTL). */
export const SESSION_TTL_SECONDS = 604_800;
/** How many of the latest messages the assistant gets verbatim as context. */
export const CONTEXT_MESSAGES = 5;

/** The client pings after this long without sending anything. */
export const PING_AFTER_IDLE_MS = 5 * 60 * 1000;
/** A connection whose pong does not arrive within this is dead. */
export const PONG_TIMEOUT_MS = 10_000;

/** Close codes the client must tell apart. */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
/** A connection that ended without a close frame (never sent on the wire; a browser reports it). */
export const CLOSE_ABNORMAL = 1006;
export const CLOSE_POLICY_VIOLATION = 1008;
