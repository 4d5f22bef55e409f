// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WRITE_INTERVAL_MS, createCoalescedStorage } from '../../../src/store/coalescedStorage';
import { createChatStore } from '../../../src/store/createChatStore';
import {
  MAX_PERSISTED_MESSAGES_PER_SESSION,
  STORAGE_KEY,
  STORAGE_VERSION,
  browserStorage,
  createPartialize,
  createSafeStorage,
  partialize,
} from '../../../src/store/persistence';
import { DELTA_WRITE_INTERVAL_MS } from '../../../src/store/engine/Streaming';
import { shownText } from '../../../src/store/transcript';
import type { PersistedChatState } from '../../../src/store/types';
import { ChatHarness, FakeStorage, pass } from '../../support/fakeChat';
import { sessionOpened } from '../../support/fakeServer';

let chat: ChatHarness;

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});

afterEach(() => {
  chat?.stop();
  chat?.server.stop();
  vi.useRealTimers();
});

/** A page reload: the old page's store and socket are gone; a new one starts from storage. */
async function reload(idPrefix: string): Promise<ChatHarness> {
  chat.stop();
  chat = await new ChatHarness({ storage: chat.storage, server: chat.server, idPrefix }).start();
  return chat;
}

describe('persistence', () => {
  it('keeps session, sessions, messages, outbox, drafts, user id and preferences across a reload', async () => {
    chat = await new ChatHarness({ userId: 'u-42' }).start();
    await chat.openSession('s-1');
    chat.state.sendMessage('answered one');
    await pass();
    const q = chat.lastChat();
    await chat.ack(q);
    await chat.answer(q, 'the answer');
    chat.state.sendMessage('pending one');
    chat.state.setDraft('s-1', 'half written');
    chat.state.updatePreferences({ currency: 'EUR' });
    await pass();
    const before = chat.state;

    chat.stop();
    const reloaded = createChatStore({ storage: chat.storage });
    await reloaded.persist.rehydrate();
    const after = reloaded.getState();
    expect(after.userId).toBe('u-42');
    expect(after.currentSessionId).toBe('s-1');
    expect(after.sessions).toEqual(before.sessions);
    expect(after.order).toEqual(before.order);
    expect(after.messages['a-cm-1']).toEqual(before.messages['a-cm-1']);
    expect(after.outbox).toEqual(['cm-2']);
    // It was on the wire when the page went away: it is queued to be sent again.
    expect(after.messages['cm-2']?.deliveryStatus).toBe('queued');
    expect(after.drafts).toEqual({ 's-1': 'half written' });
    expect(after.preferences.currency).toBe('EUR');
    expect(after.connection).toEqual({ kind: 'idle' });
  });

  it('re-sends a message sent just before a reload with the same id, and shows it once', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('quick question');
    await pass();
    expect(chat.chats()).toHaveLength(1); // the server got it; the page reloads before the ack

    await reload('b');
    const stored = {
      messageId: 'm-1',
      sessionId: 's-1',
      role: 'user' as const,
      content: 'quick question',
      clientMessageId: 'cm-1',
      timestamp: '2026-11-21T10:00:00.000Z',
    };
    await chat.openSession('s-1', { messages: [stored] });
    expect(chat.lastChat()).toMatchObject({ clientMessageId: 'cm-1', content: 'quick question' });
    expect(chat.chats()).toHaveLength(2);
    await chat.ack(chat.lastChat(), 'm-1');
    await chat.answer(chat.lastChat(), 'answer');
    expect(chat.transcript()).toEqual(['user:quick question', 'assistant:answer']);
  });

  it('does not keep streaming messages, and caps each session to its latest messages', async () => {
    chat = await new ChatHarness().start();
    const many = Array.from({ length: MAX_PERSISTED_MESSAGES_PER_SESSION + 10 }, (_, i) => ({
      messageId: `m-${String(i).padStart(4, '0')}`,
      sessionId: 's-1',
      role: 'assistant' as const,
      content: `old ${i}`,
      timestamp: new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 1000).toISOString(),
    }));
    await chat.openSession('s-1', { messages: many });
    chat.server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'a-x',
      replyTo: 'm-0001',
      seq: 0,
      delta: 'partial',
    });
    await pass(WRITE_INTERVAL_MS); // writes are coalesced: wait for the one due
    expect(chat.state.messages['a-x']?.streaming).toBe(true);
    const saved = JSON.parse(chat.storage.data.get(STORAGE_KEY)!) as {
      version: number;
      state: { order: Record<string, string[]>; messages: Record<string, unknown> };
    };
    expect(saved.version).toBe(STORAGE_VERSION);
    expect(saved.state.order['s-1']).toHaveLength(MAX_PERSISTED_MESSAGES_PER_SESSION);
    expect(saved.state.order['s-1']?.at(-1)).toBe(`m-${String(many.length - 1).padStart(4, '0')}`);
    expect(saved.state.messages['a-x']).toBeUndefined();
  });

  it('ignores stored state that is corrupt or from an unknown shape', async () => {
    const storage = new FakeStorage();
    storage.data.set(STORAGE_KEY, '{not json');
    let store = createChatStore({ storage });
    await store.persist.rehydrate();
    expect(store.getState().currentSessionId).toBeNull();

    storage.data.set(
      STORAGE_KEY,
      JSON.stringify({
        version: STORAGE_VERSION,
        state: {
          userId: 42,
          currentSessionId: 's-9',
          messages: {
            k: { key: 'other', role: 'user' },
            ok: {
              key: 'ok',
              sessionId: 's-9',
              role: 'user',
              content: 'hi',
              timestamp: 'x',
              clientMessageId: 'ok',
              deliveryStatus: 'sending',
            },
          },
          order: { 's-9': ['ok', 'k', 'missing'] },
          outbox: ['ok', 'missing'],
          preferences: { currency: 'euro' },
        },
      }),
    );
    store = createChatStore({ storage });
    await store.persist.rehydrate();
    const state = store.getState();
    expect(typeof state.userId).toBe('string');
    expect(state.currentSessionId).toBe('s-9');
    expect(Object.keys(state.messages)).toEqual(['ok']);
    expect(state.order['s-9']).toEqual(['ok']);
    expect(state.outbox).toEqual(['ok']);
    expect(state.messages.ok?.deliveryStatus).toBe('queued');
    expect(state.preferences.currency).toBe('USD');
  });

  it('migrates an older stored version without losing the outbox', async () => {
    const storage = new FakeStorage();
    storage.data.set(
      STORAGE_KEY,
      JSON.stringify({
        version: 0,
        state: {
          userId: 'u-old',
          currentSessionId: 's-1',
          messages: {
            c1: {
              key: 'c1',
              sessionId: 's-1',
              role: 'user',
              content: 'hi',
              timestamp: '2026-01-01T00:00:00.000Z',
              clientMessageId: 'c1',
              deliveryStatus: 'queued',
            },
          },
          order: { 's-1': ['c1'] },
          outbox: ['c1'],
        },
      }),
    );
    const store = createChatStore({ storage });
    await store.persist.rehydrate();
    expect(store.getState().userId).toBe('u-old');
    expect(store.getState().outbox).toEqual(['c1']);
  });

  it('survives a full localStorage: keeps the outbox if it can, works on, and says history is not kept', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.storage.quota = 600;
    chat.state.sendMessage('x'.repeat(50));
    await pass();
    expect(chat.state.storageAvailable).toBe(false);
    expect(chat.state.notices).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/cannot be kept/),
      }),
    ]);
    expect(chat.chats()).toHaveLength(1);
    const saved = JSON.parse(chat.storage.data.get(STORAGE_KEY)!) as {
      state: { outbox: string[] };
    };
    expect(saved.state.outbox).toEqual(['cm-1']);

    chat.storage.quota = Infinity;
    await chat.ack(chat.lastChat());
    expect(chat.state.storageAvailable).toBe(true);
  });

  it('survives storage that throws on every access', async () => {
    const storage = new FakeStorage();
    storage.broken = true;
    chat = await new ChatHarness({ storage }).start();
    await chat.openSession('s-1');
    expect(chat.state.sendMessage('still works')).toBe(true);
    await pass();
    expect(chat.chats()).toHaveLength(1);
    expect(chat.state.storageAvailable).toBe(false);
  });

  it('uses window.localStorage by default, and reports none when it is missing', () => {
    expect(browserStorage()).toBe(localStorage);
    const store = createChatStore({ storage: null });
    expect(store.getState().storageAvailable).toBe(false);
    expect(store.getState().notices).toHaveLength(1);
  });

  it('writes the singleton store to localStorage', async () => {
    const { chatStore } = await import('../../../src/store/useChatStore');
    chatStore.getState().setDraft('', 'hello');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).state.drafts).toEqual({ '': 'hello' });
  });
});

describe('coalesced writes', () => {
  const savedState = () =>
    (JSON.parse(chat.storage.data.get(STORAGE_KEY)!) as { state: PersistedChatState }).state;

  beforeEach(async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    await pass(WRITE_INTERVAL_MS);
  });

  afterEach(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });

  it('writes a streamed reply and fast typing a few times, not once per update', async () => {
    chat.state.sendMessage('question');
    await pass();
    const q = chat.lastChat();
    await chat.ack(q);
    const before = chat.storage.writes;
    for (let seq = 0; seq < 200; seq++) {
      chat.server.send({
        type: 'assistant_delta',
        sessionId: 's-1',
        messageId: 'a-1',
        replyTo: `m-${q.clientMessageId}`,
        seq,
        delta: 'x',
      });
      chat.state.setDraft('s-1', 'y'.repeat(seq + 1));
      await pass(5); // 200 deltas and keystrokes in about a second
    }
    await pass(DELTA_WRITE_INTERVAL_MS); // the text held since the last write
    expect(shownText(chat.state.messages['a-1']!, chat.state.streamingText)).toHaveLength(200);
    const writes = chat.storage.writes - before;
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(Math.ceil((200 * 25) / WRITE_INTERVAL_MS) + 1);
    await pass(WRITE_INTERVAL_MS);
    expect(savedState().drafts['s-1']).toHaveLength(200); // the latest state, in the end
  });

  it('writes nothing for changes to what is not persisted, and writes the next change that is', async () => {
    const before = chat.storage.writes;
    for (let i = 0; i < 20; i++) {
      chat.server.send({ type: 'typing', sessionId: 's-1', isTyping: i % 2 === 0 });
      await pass(WRITE_INTERVAL_MS);
    }
    chat.state.dismissNotice('none');
    await pass(WRITE_INTERVAL_MS);
    expect(chat.storage.writes).toBe(before);

    chat.state.setDraft('s-1', 'hello');
    expect(chat.storage.writes).toBe(before + 1);
    expect(savedState().drafts).toEqual({ 's-1': 'hello' });
  });

  it('hands persist the same partialized state while no persisted field changes', () => {
    const memoized = createPartialize();
    const state = chat.state;
    const persisted = memoized(state);
    expect(memoized({ ...state, typing: { 's-1': {} }, streamingText: { a: 'x' } })).toBe(
      persisted,
    );
    const drafted = memoized({ ...state, drafts: { 's-1': 'hi' } });
    expect(drafted).not.toBe(persisted);
    expect(drafted.drafts).toEqual({ 's-1': 'hi' });
  });

  it('writes an unchanged state again once its item was removed', () => {
    const target = new FakeStorage();
    const storage = createCoalescedStorage(
      createSafeStorage(target, () => undefined),
      { pageExit: null },
    );
    const value = { state: partialize(chat.state), version: STORAGE_VERSION };
    storage.setItem('k', value);
    storage.setItem('k', { ...value });
    expect(target.writes).toBe(1);
    storage.removeItem('k');
    storage.setItem('k', { ...value });
    storage.flush();
    expect(target.writes).toBe(2);
    expect(target.data.has('k')).toBe(true);
  });

  it('flushes a pending write on pagehide and when the page is hidden', async () => {
    chat.state.setDraft('s-1', 'first');
    chat.state.setDraft('s-1', 'first words');
    expect(savedState().drafts['s-1']).not.toBe('first words'); // it waits for the interval
    window.dispatchEvent(new Event('pagehide'));
    expect(savedState().drafts['s-1']).toBe('first words');

    await pass(WRITE_INTERVAL_MS);
    chat.state.setDraft('s-1', 'second');
    chat.state.setDraft('s-1', 'second words');
    expect(savedState().drafts['s-1']).not.toBe('second words');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(savedState().drafts['s-1']).toBe('second words');
  });

  it('writes unsent messages and where they go at once, so even a crash re-sends them once', async () => {
    // A conversation with something in it: New chat starts another (an empty one is reused).
    chat.state.sendMessage('earlier');
    await pass();
    await chat.ack(chat.lastChat());
    await chat.answer(chat.lastChat());
    chat.state.newChat();
    chat.state.setDraft('', 'typing'); // a write is now pending: the interval is running
    chat.state.sendMessage('lost in a crash?');
    expect(savedState().outbox).toEqual(['cm-2']);
    await chat.openSession('s-2'); // the new chat's session: the message moves there
    expect(chat.lastChat()).toMatchObject({ sessionId: 's-2', clientMessageId: 'cm-2' });
    expect(savedState().messages['cm-2']?.sessionId).toBe('s-2');

    // The page dies without a pagehide before the ack; the next one starts from storage.
    const storage = chat.storage.snapshot();
    chat.stop();
    const server = chat.server;
    const sentBefore = server.received.length;
    chat = await new ChatHarness({ storage, server, idPrefix: 'b' }).start();
    const open = server.sent('open_session').at(-1)!;
    expect(open.sessionId).toBe('s-2');
    server.send(sessionOpened(open.requestId, 's-2'));
    await pass();
    expect(server.received.slice(sentBefore).filter((f) => f.action === 'chat_message')).toEqual([
      expect.objectContaining({ sessionId: 's-2', clientMessageId: 'cm-2' }),
    ]);
  });
});

describe('what is read back from storage', () => {
  /** A new page over storage holding `raw`, its warnings recorded. */
  async function startWith(raw: string) {
    const storage = new FakeStorage();
    storage.data.set(STORAGE_KEY, raw);
    const warnings: string[] = [];
    const errors: unknown[] = [];
    const store = createChatStore({
      storage,
      logger: {
        warn: (...args: unknown[]) => warnings.push(String(args[0])),
        error: (...args: unknown[]) => errors.push(args),
      },
    });
    await store.persist.rehydrate();
    expect(store.persist.hasHydrated()).toBe(true); // nothing thrown on the way
    expect(errors).toEqual([]);
    return { store, warnings };
  }

  /** What a first visit stores, but for its random user id. */
  function firstVisit() {
    const { userId, ...rest } = partialize(
      createChatStore({ storage: new FakeStorage() }).getState(),
    );
    expect(userId).toEqual(expect.any(String));
    return rest;
  }

  const validState = {
    userId: 'u-7',
    currentSessionId: 's-1',
    sessions: [
      {
        sessionId: 's-1',
        title: 'EC2 costs',
        createdAt: '2026-11-21T10:00:00.000Z',
        lastActivityAt: '2026-11-21T10:05:00.000Z',
        expiresAt: '2026-11-28T10:05:00.000Z',
        messageCount: 2,
      },
    ],
    messages: {
      'cm-1': {
        key: 'cm-1',
        sessionId: 's-1',
        role: 'user',
        content: 'What did EC2 cost?',
        timestamp: '2026-11-21T10:00:00.000Z',
        messageId: 'm-1',
        clientMessageId: 'cm-1',
        deliveryStatus: 'answered',
      },
      'm-2': {
        key: 'm-2',
        sessionId: 's-1',
        role: 'assistant',
        content: '**$1,234**',
        timestamp: '2026-11-21T10:00:05.000Z',
        messageId: 'm-2',
        replyTo: 'm-1',
        agentsUsed: ['cost'],
        followUps: ['By region?'],
      },
      'cm-3': {
        key: 'cm-3',
        sessionId: 's-1',
        role: 'user',
        content: 'And S3?',
        timestamp: '2026-11-21T10:05:00.000Z',
        clientMessageId: 'cm-3',
        deliveryStatus: 'queued',
      },
    },
    order: { 's-1': ['cm-1', 'm-2', 'cm-3'] },
    outbox: ['cm-3'],
    drafts: { 's-1': 'half a' },
    preferences: { currency: 'EUR', timeRange: '90d', detailLevel: 'detailed' },
    preferencesDirty: true,
  };

  it('round-trips a valid stored state: read whole, and written back the same', async () => {
    const { store, warnings } = await startWith(
      JSON.stringify({ state: validState, version: STORAGE_VERSION }),
    );
    expect(warnings).toEqual([]);
    expect(partialize(store.getState())).toEqual(validState);

    const storage = new FakeStorage();
    const writer = createSafeStorage(storage, () => undefined);
    writer.setItem(STORAGE_KEY, { state: partialize(store.getState()), version: STORAGE_VERSION });
    expect(JSON.parse(storage.data.get(STORAGE_KEY)!)).toEqual({
      state: validState,
      version: STORAGE_VERSION,
    });
  });

  it.each([
    ['not JSON', '{"state": {', /stored state dropped: not JSON/],
    ['JSON but no object', '"finops"', /stored state dropped: not of the expected shape/],
    ['an array', JSON.stringify([validState]), /stored state dropped: not of the expected shape/],
    [
      'a state without a version',
      JSON.stringify({ state: validState }),
      /stored state dropped: not of the expected shape/,
    ],
    [
      'a version that is not a number',
      JSON.stringify({ state: validState, version: '1' }),
      /stored state dropped: not of the expected shape/,
    ],
    [
      'a state that is not an object',
      JSON.stringify({ state: 'u-7', version: STORAGE_VERSION }),
      /stored state dropped: not of the expected shape/,
    ],
    [
      'a newer version',
      JSON.stringify({ state: validState, version: STORAGE_VERSION + 1 }),
      /stored state dropped: version 2 is not one this app reads/,
    ],
    [
      'a version that never existed',
      JSON.stringify({ state: validState, version: -1 }),
      /stored state dropped: version -1 is not one this app reads/,
    ],
  ])('starts clean from %s, and logs why', async (_label, raw, reason) => {
    const { store, warnings } = await startWith(raw);
    const { userId, ...rest } = partialize(store.getState());
    expect(userId).not.toBe('u-7');
    expect(rest).toEqual(firstVisit());
    expect(store.getState().notices).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(reason)]);
  });

  it('drops each broken part of a readable state with its reason, and keeps the rest', async () => {
    const { store, warnings } = await startWith(
      JSON.stringify({
        version: STORAGE_VERSION,
        state: {
          ...validState,
          sessions: 'all of them',
          messages: { ...validState.messages, 'm-2': { key: 'm-2', role: 'robot' } },
          drafts: { 's-1': 42 },
          preferences: { currency: 'euros' },
        },
      }),
    );
    const state = store.getState();
    expect(state.userId).toBe('u-7');
    expect(state.sessions).toEqual([]);
    expect(state.order['s-1']).toEqual(['cm-1', 'cm-3']);
    expect(state.outbox).toEqual(['cm-3']);
    expect(state.drafts).toEqual({});
    expect(state.preferences).toEqual(firstVisit().preferences);
    expect(warnings).toEqual([
      '[chat] stored preferences dropped: not of the expected shape',
      '[chat] stored draft dropped: not of the expected shape',
      '[chat] stored session list dropped: not of the expected shape',
      '[chat] stored message dropped: not of the expected shape',
    ]);
  });
});
