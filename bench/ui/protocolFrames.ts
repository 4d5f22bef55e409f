// The frames the scripted server sends, built in one place so that the startup self-check
// validates exactly what goes on the wire against the app's own protocol schema.

import { encodeFrame } from '../../src/protocol/codec';
import { parseChartSpec } from '../../src/protocol/chart';
import {
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  MAX_SERVER_FRAME_BYTES,
  SESSION_TTL_SECONDS,
} from '../../src/protocol/limits';
import { DEFAULT_PREFERENCES } from '../../src/protocol/preferences';
import { utf8Bytes } from '../../src/protocol/textLength';
import { serverFrameSchema } from '../../src/protocol/schemas';
import type { ChatMessage, OutgoingServerFrame, SessionInfo } from '../../src/protocol/types';
import { historyMessages, loadAnswer, splitDeltas } from './fixtures';

/** Messages in the `session_opened` of a long conversation (the app's own page size). */
export const LATEST_PAGE = 20;

/** Adds the `timestamp` and encodes; a frame over API Gateway's 128 KiB is a bench bug. */
export function encodeServerFrame(frame: OutgoingServerFrame): string {
  const text = encodeFrame({ ...frame, timestamp: new Date().toISOString() });
  if (utf8Bytes(text) > MAX_SERVER_FRAME_BYTES) {
    throw new Error(`${frame.type} frame of ${utf8Bytes(text)} bytes exceeds 128 KiB`);
  }
  return text;
}

export function sessionInfo(
  sessionId: string,
  title: string,
  createdAt: number,
  messages: readonly ChatMessage[],
): SessionInfo {
  const last = messages.length ? Date.parse(messages[messages.length - 1]!.timestamp) : createdAt;
  return {
    sessionId,
    title,
    createdAt: new Date(createdAt).toISOString(),
    lastActivityAt: new Date(last).toISOString(),
    expiresAt: new Date(last + SESSION_TTL_SECONDS * 1000).toISOString(),
    messageCount: messages.length,
  };
}

/**
 * Up to `limit` messages older than `before`, oldest first, trimmed from the old end until
 * the frame fits in 128 KiB. An unknown cursor gets an empty last page.
 */
export function historyPage(
  all: readonly ChatMessage[],
  before: string,
  limit = HISTORY_DEFAULT_LIMIT,
): { messages: ChatMessage[]; hasMore: boolean } {
  const end = all.findIndex((m) => m.messageId === before);
  if (end < 0) return { messages: [], hasMore: false };
  let start = Math.max(0, end - Math.min(limit, HISTORY_MAX_LIMIT));
  const budget = MAX_SERVER_FRAME_BYTES - 1024; // the frame's own fields
  while (start < end && utf8Bytes(encodeFrame(all.slice(start, end))) > budget) start++;
  return { messages: all.slice(start, end), hasMore: start > 0 };
}

export function finalMessage(
  sessionId: string,
  messageId: string,
  replyTo: string,
  content: string,
  stopped = false,
): ChatMessage {
  return {
    messageId,
    sessionId,
    role: 'assistant',
    content,
    timestamp: new Date().toISOString(),
    replyTo,
    agentsUsed: ['cost-analysis-agent', 'budget-management-agent'],
    followUps: ['Break EC2 down by account', 'Forecast December by service'],
    ...(stopped ? { stopped } : {}),
  };
}

/**
 * Fails loudly when a frame the server sends no longer matches the app's schema, a history
 * page would exceed 128 KiB, or the answer's charts are not charts the app can draw.
 */
export function selfCheck(historySize: number): void {
  const { text } = loadAnswer();
  const deltas = splitDeltas(text);
  if (deltas.join('') !== text) throw new Error('the deltas do not add up to the answer');
  const charts = [...text.matchAll(/```chart\n([\s\S]*?)\n```/g)].map((m) => parseChartSpec(m[1]!));
  if (charts.length !== 2 || charts.some((chart) => chart === null)) {
    throw new Error('answer.md must hold two chart blocks the app can draw');
  }
  const sessionId = 's-check';
  // At least a few pages' worth, so every frame kind is checked even with --history 0.
  const history = historyMessages(sessionId, Math.max(historySize, 250), Date.now());
  const session = sessionInfo(sessionId, 'Check', Date.now(), history);
  const reply = finalMessage(sessionId, 'a-check', 'q-check', text);
  const frames: OutgoingServerFrame[] = [
    {
      type: 'session_opened',
      requestId: 'r1',
      sessionId,
      created: false,
      session,
      messages: history.slice(-LATEST_PAGE),
      hasMore: true,
      preferences: DEFAULT_PREFERENCES,
    },
    {
      type: 'message_ack',
      requestId: 'r2',
      sessionId,
      clientMessageId: 'c1',
      messageId: 'q-check',
      stored: true,
    },
    { type: 'typing', sessionId, isTyping: true, agent: 'cost-analysis-agent' },
    {
      type: 'assistant_delta',
      sessionId,
      messageId: 'a-check',
      replyTo: 'q-check',
      seq: 0,
      delta: deltas[0]!,
    },
    { type: 'assistant_message', sessionId, message: reply, stored: true },
    {
      type: 'history_page',
      requestId: 'r3',
      sessionId,
      ...historyPage(history, history[history.length - 1]!.messageId, HISTORY_MAX_LIMIT),
    },
    { type: 'session_list', requestId: 'r4', sessions: [session] },
    { type: 'session_renamed', requestId: 'r5', sessionId, title: 'Renamed' },
    { type: 'session_cleared', requestId: 'r6', sessionId },
    { type: 'session_deleted', requestId: 'r7', sessionId },
    { type: 'preferences_updated', requestId: 'r8', preferences: DEFAULT_PREFERENCES },
    { type: 'pong', requestId: 'r9' },
    {
      type: 'error',
      requestId: 'r10',
      code: 'SESSION_NOT_FOUND',
      message: 'That conversation is gone.',
      retryable: false,
    },
  ];
  for (const frame of frames) {
    const result = serverFrameSchema.safeParse(JSON.parse(encodeServerFrame(frame)));
    if (!result.success) {
      throw new Error(
        `self-check: the ${frame.type} frame does not match the protocol: ${result.error.message}`,
      );
    }
  }
  // Every page the history runs will send must fit in a frame.
  for (let end = history.length - LATEST_PAGE; end > 0; end -= HISTORY_MAX_LIMIT) {
    const page = historyPage(history, history[end]!.messageId, HISTORY_MAX_LIMIT);
    encodeServerFrame({ type: 'history_page', requestId: 'r', sessionId, ...page });
  }
}
