import type { $ZodShape } from 'zod/v4/core';
import { z } from 'zod/mini';
import { HISTORY_MAX_LIMIT, MAX_FOLLOW_UPS, MAX_TITLE_CHARS } from './limits';
import { charCount } from './textLength';

// Unknown extra fields are stripped rather than rejected, so a newer server can add
// fields without breaking older clients.
//
// zod/mini, not zod: the same validation as functions rather than methods, so a bundle keeps
// only what these schemas use. Every frame is parsed on the first screen, and the full zod
// was the largest part of the first download after React and MUI (about 25 KiB gzipped).

const id = z.string().check(z.minLength(1), z.maxLength(256));
const optionalId = z.optional(id);
/** ISO 8601 with a real date (zod checks the calendar too: 2026-02-30 is refused). */
export const isoTimestamp = z.iso.datetime({ offset: true });
const count = z.int().check(z.nonnegative());

export const roleSchema = z.enum(['user', 'assistant', 'system']);

export const chatMessageSchema = z.object({
  messageId: id,
  sessionId: id,
  role: roleSchema,
  content: z.string(),
  timestamp: isoTimestamp,
  clientMessageId: optionalId,
  replyTo: optionalId,
  agentsUsed: z.optional(z.array(z.string())),
  followUps: z.optional(z.array(z.string()).check(z.maxLength(MAX_FOLLOW_UPS))),
  stopped: z.optional(z.boolean()),
});

export const sessionInfoSchema = z.object({
  sessionId: id,
  title: z.string(),
  createdAt: isoTimestamp,
  lastActivityAt: isoTimestamp,
  expiresAt: isoTimestamp,
  messageCount: count,
  summary: z.optional(z.string()),
});

export const timeRangeSchema = z.enum(['7d', '30d', '90d', '12m', 'ytd']);
export const detailLevelSchema = z.enum(['summary', 'standard', 'detailed']);

export const preferencesSchema = z.object({
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')),
  timeRange: timeRangeSchema,
  detailLevel: detailLevelSchema,
});

export const errorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_ACTION',
  'MESSAGE_TOO_LARGE',
  'SESSION_NOT_FOUND',
  'SESSION_EXPIRED',
  'RATE_LIMITED',
  'STORAGE_UNAVAILABLE',
  'AGENT_FAILED',
  'INTERNAL',
]);

// ---- client to server ----

const clientFrame = <A extends string, S extends $ZodShape>(action: A, shape: S) =>
  z.object({ action: z.literal(action), requestId: id, ...shape });

export const clientFrameSchema = z.discriminatedUnion('action', [
  clientFrame('open_session', { sessionId: optionalId }),
  // content length is checked separately so that it can be answered with MESSAGE_TOO_LARGE.
  clientFrame('chat_message', {
    sessionId: id,
    clientMessageId: id,
    content: z.string().check(z.refine((s) => s.trim().length > 0, 'content must not be blank')),
  }),
  clientFrame('load_history', {
    sessionId: id,
    before: id,
    limit: z.optional(z.int().check(z.minimum(1), z.maximum(HISTORY_MAX_LIMIT))),
  }),
  clientFrame('list_sessions', {}),
  clientFrame('rename_session', {
    sessionId: id,
    // Counted in code points like every protocol limit; zod's maxLength counts UTF-16 units.
    title: z.string().check(
      z.trim(),
      z.minLength(1),
      z.refine(
        (title) => charCount(title) <= MAX_TITLE_CHARS,
        `at most ${MAX_TITLE_CHARS} characters`,
      ),
    ),
  }),
  clientFrame('clear_session', { sessionId: id }),
  clientFrame('delete_session', { sessionId: id }),
  clientFrame('update_preferences', { preferences: z.partial(preferencesSchema) }),
  clientFrame('cancel', { sessionId: id, messageId: id }),
  clientFrame('ping', {}),
]);

export const CLIENT_ACTIONS = clientFrameSchema.def.options.map(
  (o) => o.shape.action.def.values[0],
);

// ---- server to client ----

const serverFrame = <T extends string, S extends $ZodShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), timestamp: isoTimestamp, ...shape });

export const serverFrameSchema = z.discriminatedUnion('type', [
  serverFrame('session_opened', {
    requestId: id,
    sessionId: id,
    created: z.boolean(),
    previous: z.optional(z.object({ sessionId: id, reason: z.enum(['expired', 'not_found']) })),
    session: sessionInfoSchema,
    messages: z.array(chatMessageSchema),
    hasMore: z.boolean(),
    preferences: preferencesSchema,
  }),
  serverFrame('message_ack', {
    requestId: id,
    sessionId: id,
    clientMessageId: id,
    messageId: id,
    stored: z.boolean(),
  }),
  serverFrame('typing', {
    sessionId: id,
    isTyping: z.boolean(),
    agent: z.optional(z.string()),
    status: z.optional(z.string()),
  }),
  serverFrame('assistant_delta', {
    sessionId: id,
    messageId: id,
    replyTo: id,
    seq: count,
    delta: z.string(),
  }),
  serverFrame('assistant_message', {
    sessionId: id,
    message: chatMessageSchema,
    stored: z.boolean(),
  }),
  serverFrame('history_page', {
    requestId: id,
    sessionId: id,
    messages: z.array(chatMessageSchema),
    hasMore: z.boolean(),
  }),
  serverFrame('session_list', { requestId: id, sessions: z.array(sessionInfoSchema) }),
  serverFrame('session_renamed', { requestId: id, sessionId: id, title: z.string() }),
  serverFrame('session_cleared', { requestId: id, sessionId: id }),
  serverFrame('session_deleted', { requestId: id, sessionId: id }),
  serverFrame('preferences_updated', { requestId: optionalId, preferences: preferencesSchema }),
  serverFrame('pong', { requestId: id }),
  serverFrame('error', {
    requestId: optionalId,
    sessionId: optionalId,
    clientMessageId: optionalId,
    // A code this client does not know (a newer server) is still an error: errorText.ts has a
    // generic sentence for it, and whatever the error answers is not left waiting.
    code: z.union([errorCodeSchema, z.string().check(z.maxLength(64))]),
    message: z.string(),
    retryable: z.boolean(),
    retryAfterMs: z.optional(count),
  }),
]);
