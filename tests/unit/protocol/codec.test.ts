import { describe, expect, it } from 'vitest';
import { decodeClientFrame, decodeServerFrame } from '../../../src/protocol/codec';
import { MAX_CLIENT_FRAME_BYTES, MAX_CONTENT_CHARS } from '../../../src/protocol/limits';
import type { ClientFrame, ServerFrame } from '../../../src/protocol/types';

const ts = '2026-11-21T10:00:00.000Z';
const message = {
  messageId: 'm-1',
  sessionId: 's-1',
  role: 'assistant',
  content: '| a | b |\n|---|---|\n| 1 | 2 |',
  timestamp: ts,
  replyTo: 'm-0',
  agentsUsed: ['cost-forecast-agent'],
  followUps: ['Forecast next month?'],
};
const session = {
  sessionId: 's-1',
  title: 'EC2 costs',
  createdAt: ts,
  lastActivityAt: ts,
  expiresAt: '2026-11-28T10:00:00.000Z',
  messageCount: 2,
};
const preferences = { currency: 'USD', timeRange: '30d', detailLevel: 'standard' };

/** One valid example of every server frame type, and the fields each one requires. */
const validServerFrames: Record<ServerFrame['type'], [Record<string, unknown>, string[]]> = {
  session_opened: [
    {
      requestId: 'r1',
      sessionId: 's-1',
      created: false,
      previous: { sessionId: 's-0', reason: 'expired' },
      session,
      messages: [message],
      hasMore: true,
      preferences,
    },
    ['requestId', 'sessionId', 'created', 'session', 'messages', 'hasMore', 'preferences'],
  ],
  message_ack: [
    { requestId: 'r2', sessionId: 's-1', clientMessageId: 'c-1', messageId: 'm-0', stored: true },
    ['requestId', 'sessionId', 'clientMessageId', 'messageId', 'stored'],
  ],
  typing: [
    { sessionId: 's-1', isTyping: true, agent: 'cost-forecast-agent', status: 'Querying' },
    ['sessionId', 'isTyping'],
  ],
  assistant_delta: [
    { sessionId: 's-1', messageId: 'm-1', replyTo: 'm-0', seq: 0, delta: 'EC2 ' },
    ['sessionId', 'messageId', 'replyTo', 'seq', 'delta'],
  ],
  assistant_message: [
    { sessionId: 's-1', message, stored: true },
    ['sessionId', 'message', 'stored'],
  ],
  history_page: [
    { requestId: 'r3', sessionId: 's-1', messages: [message], hasMore: false },
    ['requestId', 'sessionId', 'messages', 'hasMore'],
  ],
  session_list: [{ requestId: 'r4', sessions: [session] }, ['requestId', 'sessions']],
  session_renamed: [
    { requestId: 'r5', sessionId: 's-1', title: 'Renamed' },
    ['requestId', 'sessionId', 'title'],
  ],
  session_cleared: [{ requestId: 'r6', sessionId: 's-1' }, ['requestId', 'sessionId']],
  session_deleted: [{ requestId: 'r7', sessionId: 's-1' }, ['requestId', 'sessionId']],
  preferences_updated: [{ preferences }, ['preferences']],
  pong: [{ requestId: 'r8' }, ['requestId']],
  error: [
    {
      requestId: 'r9',
      code: 'RATE_LIMITED',
      message: 'Slow down',
      retryable: true,
      retryAfterMs: 500,
    },
    ['code', 'message', 'retryable'],
  ],
};

/** A value of the wrong type for each field name used above. */
const illTyped = (field: string): unknown =>
  ['created', 'hasMore', 'stored', 'isTyping', 'retryable'].includes(field)
    ? 'yes'
    : ['seq', 'retryAfterMs'].includes(field)
      ? '3'
      : 42;

describe('decodeServerFrame', () => {
  for (const [type, [fields, required]] of Object.entries(validServerFrames)) {
    describe(type, () => {
      const valid: Record<string, unknown> = { type, timestamp: ts, ...fields };

      it('accepts a valid frame and keeps its fields', () => {
        const result = decodeServerFrame(JSON.stringify(valid));
        expect(result).toEqual({ ok: true, frame: valid });
      });

      for (const field of [...required, 'timestamp']) {
        it(`rejects a frame without ${field}`, () => {
          const { [field]: _dropped, ...rest } = valid;
          const result = decodeServerFrame(JSON.stringify(rest));
          expect(result.ok).toBe(false);
        });

        it(`rejects a frame whose ${field} is ill-typed`, () => {
          const result = decodeServerFrame(JSON.stringify({ ...valid, [field]: illTyped(field) }));
          expect(result.ok).toBe(false);
        });
      }
    });
  }

  it('strips fields it does not know, so newer servers stay compatible', () => {
    const result = decodeServerFrame(
      JSON.stringify({ type: 'pong', timestamp: ts, requestId: 'r', extra: 1 }),
    );
    expect(result).toEqual({ ok: true, frame: { type: 'pong', timestamp: ts, requestId: 'r' } });
  });

  it.each([
    ['not JSON', '{"type": "pong"'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['a string', '"pong"'],
    ['an unknown type', JSON.stringify({ type: 'teleport', timestamp: ts })],
    [
      'a non-ISO timestamp',
      JSON.stringify({ type: 'pong', requestId: 'r', timestamp: 'yesterday' }),
    ],
    [
      'a negative seq',
      JSON.stringify({
        ...validServerFrames.assistant_delta[0],
        type: 'assistant_delta',
        timestamp: ts,
        seq: -1,
      }),
    ],
    [
      'a bad currency',
      JSON.stringify({
        type: 'preferences_updated',
        timestamp: ts,
        preferences: { ...preferences, currency: 'dollars' },
      }),
    ],
    [
      'too many follow-ups',
      JSON.stringify({
        type: 'assistant_message',
        timestamp: ts,
        stored: true,
        sessionId: 's',
        message: { ...message, followUps: ['a', 'b', 'c', 'd', 'e'] },
      }),
    ],
  ])('rejects %s with a reason instead of throwing', (_label, raw) => {
    const result = decodeServerFrame(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/\S/);
  });

  it('takes an error with a code it does not know (a newer server), so the request is not left waiting', () => {
    const raw = {
      type: 'error',
      timestamp: ts,
      code: 'QUOTA_EXCEEDED',
      message: 'x',
      retryable: false,
    };
    const result = decodeServerFrame(JSON.stringify(raw));
    expect(result).toMatchObject({ ok: true, frame: { code: 'QUOTA_EXCEEDED' } });
  });

  it('rejects binary data', () => {
    expect(decodeServerFrame(new ArrayBuffer(4)).ok).toBe(false);
  });

  it('drops a frame over 128 KiB, counted in UTF-8 bytes, and takes one at the limit', () => {
    const frameWith = (content: string) =>
      JSON.stringify({
        type: 'assistant_message',
        timestamp: ts,
        stored: true,
        sessionId: 's',
        message: { ...message, content },
      });
    const overhead = frameWith('').length;
    const atLimit = frameWith('x'.repeat(128 * 1024 - overhead));
    expect(decodeServerFrame(atLimit).ok).toBe(true);
    expect(decodeServerFrame(frameWith('x'.repeat(128 * 1024 - overhead + 1)))).toEqual({
      ok: false,
      reason: 'frame exceeds the 131072-byte limit',
    });
    // 50,000 characters of three bytes each: short in characters, 150 KB on the wire.
    expect(decodeServerFrame(frameWith('€'.repeat(50_000))).ok).toBe(false);
  });
});

const validClientFrames: ClientFrame[] = [
  { action: 'open_session', requestId: 'r1' },
  { action: 'open_session', requestId: 'r1', sessionId: 's-1' },
  {
    action: 'chat_message',
    requestId: 'r2',
    sessionId: 's-1',
    clientMessageId: 'c-1',
    content: 'Hi',
  },
  { action: 'load_history', requestId: 'r3', sessionId: 's-1', before: 'm-9', limit: 50 },
  { action: 'list_sessions', requestId: 'r4' },
  { action: 'rename_session', requestId: 'r5', sessionId: 's-1', title: 'EC2' },
  { action: 'clear_session', requestId: 'r6', sessionId: 's-1' },
  { action: 'delete_session', requestId: 'r7', sessionId: 's-1' },
  { action: 'update_preferences', requestId: 'r8', preferences: { currency: 'EUR' } },
  { action: 'cancel', requestId: 'r9', sessionId: 's-1', messageId: 'm-2' },
  { action: 'ping', requestId: 'r10' },
];

describe('decodeClientFrame', () => {
  it.each(validClientFrames.map((f) => [f.action, f] as const))(
    'accepts a valid %s',
    (_a, frame) => {
      expect(decodeClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
    },
  );

  it('counts a title in code points: 120 emoji are a valid title, 121 are not', () => {
    const rename = (title: string) =>
      JSON.stringify({ action: 'rename_session', requestId: 'r', sessionId: 's', title });
    expect(decodeClientFrame(rename('💸'.repeat(120)))).toMatchObject({ ok: true });
    expect(decodeClientFrame(rename('💸'.repeat(121)))).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
  });

  it.each([
    ['not JSON', 'hello', 'BAD_REQUEST'],
    ['not an object', '[]', 'BAD_REQUEST'],
    ['without action', '{"requestId":"r"}', 'BAD_REQUEST'],
    ['with an unknown action', '{"action":"fly","requestId":"r"}', 'UNKNOWN_ACTION'],
    ['without requestId', '{"action":"ping"}', 'BAD_REQUEST'],
    [
      'with an ill-typed field',
      '{"action":"load_history","requestId":"r","sessionId":"s","before":"m","limit":500}',
      'BAD_REQUEST',
    ],
    [
      'with blank content',
      '{"action":"chat_message","requestId":"r","sessionId":"s","clientMessageId":"c","content":"  "}',
      'BAD_REQUEST',
    ],
    [
      'with a title over 120 characters',
      JSON.stringify({
        action: 'rename_session',
        requestId: 'r',
        sessionId: 's',
        title: 'x'.repeat(121),
      }),
      'BAD_REQUEST',
    ],
  ])('rejects a frame %s as %s', (_label, raw, code) => {
    expect(decodeClientFrame(raw)).toMatchObject({ ok: false, code });
  });

  it('echoes requestId, sessionId and clientMessageId of a rejected frame', () => {
    const raw = JSON.stringify({
      action: 'chat_message',
      requestId: 'r',
      sessionId: 's',
      clientMessageId: 'c',
    });
    expect(decodeClientFrame(raw)).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      requestId: 'r',
      sessionId: 's',
      clientMessageId: 'c',
    });
  });

  it('counts content in characters, not UTF-16 units or bytes', () => {
    const frame = (content: string) =>
      JSON.stringify({
        action: 'chat_message',
        requestId: 'r',
        sessionId: 's',
        clientMessageId: 'c',
        content,
      });
    expect(decodeClientFrame(frame('💶'.repeat(MAX_CONTENT_CHARS))).ok).toBe(true);
    expect(decodeClientFrame(frame('a'.repeat(MAX_CONTENT_CHARS + 1)))).toMatchObject({
      code: 'MESSAGE_TOO_LARGE',
    });
  });

  it('rejects a frame over 32 KiB as MESSAGE_TOO_LARGE', () => {
    const raw = JSON.stringify({
      action: 'ping',
      requestId: 'r',
      pad: 'x'.repeat(MAX_CLIENT_FRAME_BYTES),
    });
    expect(decodeClientFrame(raw)).toMatchObject({
      ok: false,
      code: 'MESSAGE_TOO_LARGE',
      requestId: 'r',
    });
  });
});
