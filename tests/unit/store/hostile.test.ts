// What a hostile or broken server sends must never break the store: ids that are property
// names of every object, frames for sessions the user does not have, endless seq gaps.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_HELD_DELTAS } from '../../../src/store/engine/Streaming';
import { createChatStore } from '../../../src/store/createChatStore';
import { STORAGE_KEY, STORAGE_VERSION } from '../../../src/store/persistence';
import { ChatHarness, FakeStorage, pass } from '../../support/fakeChat';

let chat: ChatHarness;

async function start(sessionId: string) {
  vi.useFakeTimers();
  chat = await new ChatHarness().start();
  await chat.openSession(sessionId);
}

afterEach(() => {
  chat.stop();
  chat.server.stop();
  vi.useRealTimers();
});

describe.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
  'a session id %j',
  (sessionId) => {
    it('is an ordinary conversation: asked, streamed, answered, listed', async () => {
      await start(sessionId);
      expect(chat.state.currentSessionId).toBe(sessionId);
      chat.state.sendMessage('What did EC2 cost?');
      await pass();
      const question = chat.lastChat();
      expect(question.sessionId).toBe(sessionId);
      await chat.ack(question, '__proto__');
      chat.server.send({
        type: 'assistant_delta',
        sessionId,
        messageId: 'constructor',
        replyTo: '__proto__',
        seq: 0,
        delta: 'EC2 cost',
      });
      await pass();
      expect(chat.transcript()).toEqual(['user:What did EC2 cost?', 'assistant:EC2 cost']);
      await chat.answer(question, 'EC2 cost $1,234.50.', {
        messageId: 'constructor',
        replyTo: '__proto__',
      });
      expect(chat.transcript()).toEqual([
        'user:What did EC2 cost?',
        'assistant:EC2 cost $1,234.50.',
      ]);
      expect(Object.keys(chat.state.order)).toContain(sessionId);
      expect(chat.state.outbox).toEqual([]);
    });
  },
);

describe('frames the user has no session for', () => {
  it('are dropped, not stored invisibly', async () => {
    await start('s-1');
    const before = Object.keys(chat.state.messages).length;
    for (let i = 0; i < 500; i++) {
      chat.server.send({
        type: 'assistant_message',
        sessionId: `s-stranger-${i}`,
        stored: true,
        message: {
          messageId: `x-${i}`,
          sessionId: `s-stranger-${i}`,
          role: 'assistant',
          content: 'x'.repeat(4_000),
          timestamp: '2026-11-21T10:00:00.000Z',
        },
      });
      chat.server.send({
        type: 'typing',
        sessionId: `s-stranger-${i}`,
        isTyping: true,
      });
    }
    await pass(200);
    expect(Object.keys(chat.state.messages)).toHaveLength(before);
    expect(Object.keys(chat.state.order)).toEqual(['s-1']);
    expect(Object.keys(chat.state.typing)).toEqual([]);
  });
});

describe('a 5 MB frame', () => {
  it('is dropped before it is parsed, and nothing of it is stored or written', async () => {
    await start('s-1');
    chat.state.sendMessage('Everything, please');
    await pass();
    const question = chat.lastChat();
    await chat.ack(question);
    await pass(1_000);
    const written = chat.storage.data.get('finops-chat')?.length ?? 0;
    await chat.answer(question, 'z'.repeat(5 * 1024 * 1024));
    await pass(1_000);
    expect(Object.values(chat.state.messages).map((m) => m.content.length)).not.toContain(
      5 * 1024 * 1024,
    );
    expect(chat.storage.data.get('finops-chat')?.length ?? 0).toBeLessThan(written + 10_000);
  });
});

describe('a seq gap that is never filled', () => {
  it('holds a bounded number of deltas, and the final message still completes the reply', async () => {
    await start('s-1');
    chat.state.sendMessage('Tell me everything');
    await pass();
    const question = chat.lastChat();
    await chat.ack(question);
    const frames = 5_000;
    for (let seq = 1; seq <= frames; seq++) {
      chat.server.send({
        type: 'assistant_delta',
        sessionId: 's-1',
        messageId: 'a-1',
        replyTo: `m-${question.clientMessageId}`,
        seq,
        delta: 'y'.repeat(100),
      });
    }
    await pass(2_000);
    // seq 0 arrives: only what was held shows, the rest was dropped.
    chat.server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'a-1',
      replyTo: `m-${question.clientMessageId}`,
      seq: 0,
      delta: 'x',
    });
    await pass();
    expect(chat.state.streamingText['a-1']).toHaveLength(1 + MAX_HELD_DELTAS * 100);
    await chat.answer(question, 'The whole answer.', { messageId: 'a-1' });
    expect(chat.transcript()).toEqual(['user:Tell me everything', 'assistant:The whole answer.']);
  });
});

describe('what storage holds', () => {
  const stored = (state: Record<string, unknown>) =>
    JSON.stringify({ version: STORAGE_VERSION, state });
  const message = (key: string, sessionId: string, extra: Record<string, unknown> = {}) => ({
    key,
    sessionId,
    role: 'user',
    content: `text of ${key}`,
    timestamp: '2026-11-21T10:00:00.000Z',
    messageId: `m-${key}`,
    deliveryStatus: 'answered',
    ...extra,
  });

  async function load(state: Record<string, unknown>) {
    const storage = new FakeStorage();
    storage.data.set(STORAGE_KEY, stored(state));
    const warnings: string[] = [];
    const store = createChatStore({
      storage,
      logger: { warn: (...args: unknown[]) => warnings.push(String(args[0])), error: () => {} },
    });
    await store.persist.rehydrate();
    return { state: store.getState(), warnings, storage };
  }

  it('keeps conversations and messages whose ids are __proto__ or constructor across a reload', async () => {
    const { state } = await load({
      currentSessionId: '__proto__',
      // Computed keys: a literal `__proto__:` would set the object's prototype instead.
      messages: {
        ['__proto__']: message('__proto__', '__proto__'),
        constructor: message('constructor', 'constructor'),
      },
      order: { ['__proto__']: ['__proto__'], constructor: ['constructor'] },
      drafts: { ['__proto__']: 'half a question' },
    });
    expect(state.currentSessionId).toBe('__proto__');
    expect(state.order['__proto__']).toEqual(['__proto__']);
    expect(state.order['constructor']).toEqual(['constructor']);
    expect(state.messages['__proto__']?.content).toBe('text of __proto__');
    expect(state.drafts['__proto__']).toBe('half a question');
    expect(Object.getPrototypeOf(state.messages)).toBeNull();
  });

  it('drops a message or session whose timestamp is not a date, with a reason, and keeps an unsent one', async () => {
    const { state, warnings } = await load({
      currentSessionId: 's-1',
      sessions: [
        {
          sessionId: 's-1',
          title: 'Fine',
          createdAt: '2026-11-21T10:00:00.000Z',
          lastActivityAt: '2026-11-21T10:00:00.000Z',
          expiresAt: '2026-11-28T10:00:00.000Z',
          messageCount: 2,
        },
        {
          sessionId: 's-2',
          title: 'Broken',
          createdAt: '2026-11-21T10:00:00.000Z',
          lastActivityAt: 'not a date',
          expiresAt: '2026-11-28T10:00:00.000Z',
          messageCount: 1,
        },
      ],
      messages: {
        old: message('old', 's-1', { timestamp: 'not a date' }),
        unsent: message('unsent', 's-1', {
          timestamp: 'not a date',
          messageId: undefined,
          deliveryStatus: 'queued',
        }),
      },
      order: { 's-1': ['old', 'unsent'] },
      outbox: ['unsent'],
    });
    expect(state.sessions.map((s) => s.sessionId)).toEqual(['s-1']);
    expect(Object.keys(state.messages)).toEqual(['unsent']);
    expect(Number.isNaN(Date.parse(state.messages['unsent']!.timestamp))).toBe(false);
    expect(state.outbox).toEqual(['unsent']);
    expect(warnings.join('\n')).toMatch(/session dropped: not of the expected shape/);
    expect(warnings.join('\n')).toMatch(/message dropped: its timestamp is not a date/);
  });
});
