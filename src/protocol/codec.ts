import type { $ZodError } from 'zod/v4/core';
import { MAX_CLIENT_FRAME_BYTES, MAX_CONTENT_CHARS, MAX_SERVER_FRAME_BYTES } from './limits';
import { charCount, utf8Bytes } from './textLength';
import { CLIENT_ACTIONS, clientFrameSchema, serverFrameSchema } from './schemas';
import type { ClientFrame, ErrorCode, ServerFrame } from './types';

export type DecodeResult<T> = { ok: true; frame: T } | { ok: false; reason: string };

/**
 * Parses one frame received from the server. Never throws: anything that is not a valid
 * frame of the protocol comes back as `{ ok: false, reason }`.
 */
export function decodeServerFrame(data: unknown): DecodeResult<ServerFrame> {
  if (typeof data !== 'string') return { ok: false, reason: 'frame is not text' };
  // A string has at least one and at most three UTF-8 bytes per UTF-16 unit: most frames are
  // judged by their length without encoding them.
  if (
    data.length > MAX_SERVER_FRAME_BYTES ||
    (data.length * 3 > MAX_SERVER_FRAME_BYTES && utf8Bytes(data) > MAX_SERVER_FRAME_BYTES)
  ) {
    return { ok: false, reason: `frame exceeds the ${MAX_SERVER_FRAME_BYTES}-byte limit` };
  }
  const parsed = parseJsonObject(data);
  if (!parsed.ok) return parsed;
  const result = serverFrameSchema.safeParse(parsed.value);
  if (!result.success) return { ok: false, reason: describeIssues(result.error) };
  return { ok: true, frame: result.data };
}

/** Why a client frame was refused, with what the error frame should echo back. */
export interface ClientFrameRejection {
  ok: false;
  code: Extract<ErrorCode, 'BAD_REQUEST' | 'UNKNOWN_ACTION' | 'MESSAGE_TOO_LARGE'>;
  reason: string;
  requestId?: string;
  sessionId?: string;
  clientMessageId?: string;
}

/** Parses one frame received from a client (the server's side of the edge). Never throws. */
export function decodeClientFrame(
  data: string,
): { ok: true; frame: ClientFrame } | ClientFrameRejection {
  const parsed = parseJsonObject(data);
  const echo = parsed.ok ? echoFields(parsed.value) : {};
  const reject = (code: ClientFrameRejection['code'], reason: string): ClientFrameRejection => ({
    ok: false,
    code,
    reason,
    ...echo,
  });

  if (utf8Bytes(data) > MAX_CLIENT_FRAME_BYTES) {
    return reject('MESSAGE_TOO_LARGE', `frame exceeds ${MAX_CLIENT_FRAME_BYTES} bytes`);
  }
  if (!parsed.ok) return reject('BAD_REQUEST', parsed.reason);
  const { action } = parsed.value;
  if (typeof action !== 'string') return reject('BAD_REQUEST', 'action: expected a string');
  if (!(CLIENT_ACTIONS as string[]).includes(action)) {
    return reject('UNKNOWN_ACTION', `unknown action "${action.slice(0, 64)}"`);
  }
  const result = clientFrameSchema.safeParse(parsed.value);
  if (!result.success) return reject('BAD_REQUEST', describeIssues(result.error));
  const frame = result.data;
  if (frame.action === 'chat_message' && charCount(frame.content) > MAX_CONTENT_CHARS) {
    return reject('MESSAGE_TOO_LARGE', `content exceeds ${MAX_CONTENT_CHARS} characters`);
  }
  return { ok: true, frame };
}

/** Serialises a frame for the wire. Frames are plain JSON; this is the one place that says so. */
export function encodeFrame(frame: object): string {
  return JSON.stringify(frame);
}

function parseJsonObject(
  data: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'frame is not a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function echoFields(value: Record<string, unknown>) {
  const echo: Pick<ClientFrameRejection, 'requestId' | 'sessionId' | 'clientMessageId'> = {};
  for (const key of ['requestId', 'sessionId', 'clientMessageId'] as const) {
    const field = value[key];
    if (typeof field === 'string' && field.length > 0 && field.length <= 256) echo[key] = field;
  }
  return echo;
}

function describeIssues(error: $ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}`)
    .join('; ');
}
