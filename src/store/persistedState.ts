// What survives a reload, as one schema: types.ts infers the stored types from it and
// persistence.ts checks what it reads back against it, so the two cannot drift (as the
// protocol's frames do in protocol/schemas.ts).
//
// Stored values are checked field by field and entry by entry (persistence.ts `sanitize`),
// never with one parse of `persistedStateSchema`: a broken message must not cost the user
// the rest of their conversations, and zod's `record` builds a plain object, which drops an
// id such as `__proto__` (records.ts).

import { z } from 'zod/mini';
import { preferencesSchema, roleSchema, sessionInfoSchema } from '../protocol/schemas';

export const deliveryStatusSchema = z.enum(['queued', 'sending', 'sent', 'answered', 'failed']);

/** One bubble of the transcript; the same shape in memory and in storage. */
export const uiMessageSchema = z.object({
  /** Stable React key: `clientMessageId` for user messages, `messageId` for the others. */
  key: z.string(),
  /** The session it belongs to; `''` while a new chat has no session id yet. */
  sessionId: z.string(),
  role: roleSchema,
  /** While `streaming`: the text it had when it was placed; see `streamingText`. */
  content: z.string(),
  // Any string here: sanitize checks it is a date, and repairs rather than drops the
  // timestamp of an unsent message.
  timestamp: z.string(),
  messageId: z.optional(z.string()),
  clientMessageId: z.optional(z.string()),
  replyTo: z.optional(z.string()),
  agentsUsed: z.optional(z.array(z.string())),
  followUps: z.optional(z.array(z.string())),
  stopped: z.optional(z.boolean()),
  /** User messages only. */
  deliveryStatus: z.optional(deliveryStatusSchema),
  /** A failed user message: why, in words for people (protocol.md: errors in words). */
  failure: z.optional(z.string()),
  /** Acknowledged with `stored: false`: answered, but not kept in the conversation's history. */
  notSaved: z.optional(z.boolean()),
  /** An assistant message whose generation failed part way: its text is partial. */
  incomplete: z.optional(z.boolean()),
  /** An assistant message still receiving deltas (never stored). */
  streaming: z.optional(z.boolean()),
  /**
   * A question sent again with "Ask again", to have it answered anew. The mark is this
   * client's own (the protocol has no field for it): another device shows a plain question.
   */
  askedAgain: z.optional(z.boolean()),
  /** The timestamp is the ack's stand-in, not the stored one (the place may still move). */
  provisional: z.optional(z.boolean()),
});

/** Message keys, in order. */
export const keyListSchema = z.array(z.string());

/** The part of the state written to storage. */
export const persistedStateSchema = z.object({
  userId: z.string().check(z.minLength(1)),
  currentSessionId: z.nullable(z.string()),
  sessions: z.array(sessionInfoSchema),
  /** By message key. */
  messages: z.record(z.string(), uiMessageSchema),
  /** Session id to message keys, oldest first. */
  order: z.record(z.string(), keyListSchema),
  outbox: keyListSchema,
  /** By session id. */
  drafts: z.record(z.string(), z.string()),
  preferences: preferencesSchema,
  preferencesDirty: z.boolean(),
});

/** What persist writes under the storage key: the state and the version of its shape. */
export const storedValueSchema = z.object({
  state: z.record(z.string(), z.unknown()),
  version: z.number(),
});
