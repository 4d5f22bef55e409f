// No frame of any shape, in any order, at any moment, can throw out of the service or the
// store, or leave the store inconsistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';
import { errorCodeSchema } from '../../../src/protocol/schemas';
import type { ChatMessage, OutgoingClientFrame, ServerFrame } from '../../../src/protocol/types';
import { WebSocketChatService } from '../../../src/services/WebSocketChatService';
import type { ConnectionState } from '../../../src/services/WebSocketChatService';
import { createChatStore, engineOf } from '../../../src/store/createChatStore';
import type { ChatTransport } from '../../../src/store/engine/EngineContext';
import { FakeClock } from '../../support/fakeClock';
import { FakeSocket } from '../../support/fakeNetwork';
import { FakeStorage, sequentialIds } from '../../support/fakeStorage';

const sessionId = fc.constantFrom('s1', 's2', 's3');
const messageId = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6');
const clientMessageId = fc.constantFrom('cm-1', 'cm-2', 'cm-3', 'cm-4');
const requestId = fc.integer({ min: 1, max: 12 }).map((n) => `r${n}`);
const timestamp = fc
  .integer({ min: 0, max: 10_000 })
  .map((s) => new Date(Date.parse('2026-11-21T10:00:00.000Z') + s * 1000).toISOString());
const text = fc.string({ maxLength: 12 });
const errorCode = fc.constantFrom(...errorCodeSchema.options);

const chatMessage: fc.Arbitrary<ChatMessage> = fc.record(
  {
    messageId,
    sessionId,
    role: fc.constantFrom('user', 'assistant', 'system'),
    content: text,
    timestamp,
    clientMessageId,
    replyTo: messageId,
    stopped: fc.boolean(),
  },
  { requiredKeys: ['messageId', 'sessionId', 'role', 'content', 'timestamp'] },
);

const sessionInfo = fc.record({
  sessionId,
  title: text,
  createdAt: timestamp,
  lastActivityAt: timestamp,
  expiresAt: timestamp,
  messageCount: fc.nat(50),
});

const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.record({
    type: fc.constant('session_opened' as const),
    requestId,
    sessionId,
    created: fc.boolean(),
    previous: fc.option(
      fc.record({ sessionId, reason: fc.constantFrom('expired' as const, 'not_found' as const) }),
      { nil: undefined },
    ),
    session: sessionInfo,
    messages: fc.array(chatMessage, { maxLength: 5 }),
    hasMore: fc.boolean(),
    preferences: fc.constant(DEFAULT_PREFERENCES),
    timestamp,
  }),
  fc.record({
    type: fc.constant('message_ack' as const),
    requestId,
    sessionId,
    clientMessageId,
    messageId,
    stored: fc.boolean(),
    timestamp,
  }),
  fc.record(
    {
      type: fc.constant('typing' as const),
      sessionId,
      isTyping: fc.boolean(),
      agent: text,
      status: text,
      timestamp,
    },
    { requiredKeys: ['type', 'sessionId', 'isTyping', 'timestamp'] },
  ),
  fc.record({
    type: fc.constant('assistant_delta' as const),
    sessionId,
    messageId,
    replyTo: messageId,
    seq: fc.nat(4),
    delta: text,
    timestamp,
  }),
  fc.record({
    type: fc.constant('assistant_message' as const),
    sessionId,
    message: chatMessage,
    stored: fc.boolean(),
    timestamp,
  }),
  fc.record({
    type: fc.constant('history_page' as const),
    requestId,
    sessionId,
    messages: fc.array(chatMessage, { maxLength: 4 }),
    hasMore: fc.boolean(),
    timestamp,
  }),
  fc.record({
    type: fc.constant('session_list' as const),
    requestId,
    sessions: fc.array(sessionInfo, { maxLength: 3 }),
    timestamp,
  }),
  fc.record({
    type: fc.constantFrom('session_cleared' as const, 'session_deleted' as const),
    requestId,
    sessionId,
    timestamp,
  }),
  fc.record({
    type: fc.constant('session_renamed' as const),
    requestId,
    sessionId,
    title: text,
    timestamp,
  }),
  fc.record(
    {
      type: fc.constant('preferences_updated' as const),
      requestId,
      preferences: fc.constant(DEFAULT_PREFERENCES),
      timestamp,
    },
    { requiredKeys: ['type', 'preferences', 'timestamp'] },
  ),
  fc.record(
    {
      type: fc.constant('error' as const),
      requestId,
      sessionId,
      clientMessageId,
      code: errorCode,
      message: text,
      retryable: fc.boolean(),
      retryAfterMs: fc.nat(5000),
      timestamp,
    },
    { requiredKeys: ['type', 'code', 'message', 'retryable', 'timestamp'] },
  ),
) as fc.Arbitrary<ServerFrame>;

type Step =
  | { kind: 'frame'; frame: ServerFrame }
  | { kind: 'connection'; state: ConnectionState }
  | { kind: 'action'; name: string; arg: string }
  | { kind: 'time'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: serverFrame.map((frame) => ({ kind: 'frame' as const, frame })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<ConnectionState>(
        { kind: 'open' },
        { kind: 'reconnecting', attempt: 1, maxAttempts: 3 },
        { kind: 'offline', reason: 'attempts_exhausted' },
      )
      .map((state) => ({ kind: 'connection' as const, state })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('action' as const),
      name: fc.constantFrom(
        'send',
        'retryAll',
        'retry',
        'newChat',
        'switch',
        'clear',
        'delete',
        'rename',
        'loadOlder',
        'cancel',
        'prefs',
        'refresh',
      ),
      arg: fc.oneof(sessionId, clientMessageId, text),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(100, 1_000, 10_001, 30_001)
      .map((ms) => ({ kind: 'time' as const, ms })),
  },
);

function checkConsistent(state: ReturnType<ReturnType<typeof createChatStore>['getState']>) {
  const placed = new Set<string>();
  for (const [sid, keys] of Object.entries(state.order)) {
    for (const key of keys) {
      const message = state.messages[key];
      expect(message, `order[${sid}] names a missing message ${key}`).toBeDefined();
      expect(message!.key).toBe(key);
      expect(message!.sessionId).toBe(sid);
      expect(placed.has(key), `${key} is placed twice`).toBe(false);
      placed.add(key);
    }
  }
  expect(new Set(state.outbox).size).toBe(state.outbox.length);
  for (const key of state.outbox) {
    expect(state.messages[key]?.role).toBe('user');
    expect(state.messages[key]?.deliveryStatus).not.toBe('answered');
  }
}

describe('robustness', () => {
  it('applies any sequence of valid frames, connection changes and user actions without throwing', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const errors: unknown[] = [];
        const logger = { warn: () => undefined, error: (...args: unknown[]) => errors.push(args) };
        const store = createChatStore({
          storage: new FakeStorage(),
          newId: sequentialIds(),
          logger,
        });
        const engine = engineOf(store);
        const clock = new FakeClock();
        let open = false;
        let requests = 0;
        const sent: OutgoingClientFrame[] = [];
        const transport: ChatTransport = {
          get isOpen() {
            return open;
          },
          send: (frame) => {
            if (open) sent.push(frame);
            return `r${++requests}`;
          },
          reconnect: () => undefined,
        };
        engine.attach(transport, clock);
        for (const s of steps) {
          const state = store.getState();
          if (s.kind === 'frame') engine.onFrame(s.frame);
          else if (s.kind === 'connection') {
            open = s.state.kind === 'open';
            engine.onConnectionChange(s.state);
          } else if (s.kind === 'time') clock.advance(s.ms);
          else if (s.name === 'send') state.sendMessage(s.arg || 'x');
          else if (s.name === 'retryAll') state.retryAllFailed();
          else if (s.name === 'retry') state.retryMessage(s.arg);
          else if (s.name === 'newChat') state.newChat();
          else if (s.name === 'switch') state.switchSession(s.arg);
          else if (s.name === 'clear') state.clearSession(s.arg);
          else if (s.name === 'delete') state.deleteSession(s.arg);
          else if (s.name === 'rename') state.renameSession(s.arg, s.arg);
          else if (s.name === 'loadOlder') state.loadOlder();
          else if (s.name === 'cancel') state.cancelReply();
          else if (s.name === 'prefs') state.updatePreferences({ currency: 'EUR' });
          else state.refreshSessions();
          checkConsistent(store.getState());
        }
        expect(errors).toEqual([]);
        for (const frame of sent) {
          if (frame.action === 'chat_message') expect(frame.content.trim()).not.toBe('');
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  }, 120_000);

  it('drops anything that is not a protocol frame at the service, with a warning', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.record({ type: fc.string(), timestamp: fc.string() }).map((v) => JSON.stringify(v)),
            serverFrame.map((f) => JSON.stringify({ ...f, timestamp: 'not a time' })),
            fc.constant(new Uint8Array([1, 2, 3]) as unknown as string),
            fc.constant(null as unknown as string),
          ),
          { maxLength: 20 },
        ),
        (inputs) => {
          const warnings: unknown[] = [];
          const errors: unknown[] = [];
          const socket = new FakeSocket('ws://x', {
            accept: () => undefined,
            receive: () => undefined,
            disconnect: () => undefined,
          });
          const service = new WebSocketChatService({
            url: 'ws://x',
            userId: 'u',
            clock: new FakeClock(),
            onlineSource: null,
            createSocket: () => socket,
            logger: {
              warn: (...a: unknown[]) => warnings.push(a),
              error: (...a) => errors.push(a),
            },
          });
          const frames: ServerFrame[] = [];
          service.onFrame((frame) => frames.push(frame));
          service.connect();
          socket.open();
          for (const data of inputs) socket.onmessage?.({ data });
          expect(service.status).toEqual({ kind: 'open' });
          expect(frames).toEqual([]);
          expect(warnings).toHaveLength(inputs.length);
          expect(errors).toEqual([]);
          service.close();
        },
      ),
      { numRuns: 300 },
    );
  });
});
