import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../../src/protocol/types';
import { flushStorage } from '../../../src/store/createChatStore';
import { isEmptySession } from '../../../src/store/engine/sessionInfo';
import { ChatHarness, FakeStorage, pass } from '../../support/fakeChat';
import { sessionInfo } from '../../support/fakeServer';

let chat: ChatHarness;

function stored(
  n: number,
  sessionId = 's-1',
  role: 'user' | 'assistant' = n % 2 ? 'assistant' : 'user',
): ChatMessage {
  const minute = String(n).padStart(2, '0');
  return {
    messageId: `m-${minute}`,
    sessionId,
    role,
    content: `message ${n}`,
    timestamp: `2026-11-20T10:${minute}:00.000Z`,
    ...(role === 'user'
      ? { clientMessageId: `c-${minute}` }
      : { replyTo: `m-${String(n - 1).padStart(2, '0')}` }),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  chat?.stop();
  chat?.server.stop();
  vi.useRealTimers();
});

describe('opening', () => {
  it('creates a session on first start, then lists the sessions', async () => {
    chat = await new ChatHarness().start();
    const open = await chat.openSession('s-1', { messages: [stored(0), stored(1)], hasMore: true });
    expect(open.sessionId).toBeUndefined();
    expect(chat.state.currentSessionId).toBe('s-1');
    expect(chat.transcript()).toEqual(['user:message 0', 'assistant:message 1']);
    expect(chat.state.history['s-1']).toEqual({ hasMore: true, loading: false });
    expect(chat.server.sent('list_sessions')).toHaveLength(1);
    const [list] = chat.server.sent('list_sessions');
    chat.server.send({
      type: 'session_list',
      requestId: list!.requestId,
      sessions: [
        sessionInfo('s-1', { lastActivityAt: '2026-11-21T09:00:00.000Z' }),
        sessionInfo('s-0', { lastActivityAt: '2026-11-01T09:00:00.000Z' }),
      ],
    });
    await pass();
    expect(chat.state.sessions.map((s) => s.sessionId)).toEqual(['s-1', 's-0']);
  });

  it('resumes the last session after a reload', async () => {
    const storage = new FakeStorage();
    chat = await new ChatHarness({ storage }).start();
    await chat.openSession('s-7');
    chat.stop();
    const server = chat.server;
    chat = await new ChatHarness({ storage, server }).start();
    const open = server.sent('open_session').at(-1);
    expect(open?.sessionId).toBe('s-7');
  });

  it.each([
    ['expired', /expired/],
    ['not_found', /could not be found/],
  ] as const)(
    'tells the user when the previous session is %s and moves unsent messages',
    async (reason, text) => {
      const storage = new FakeStorage();
      chat = await new ChatHarness({ storage }).start();
      await chat.openSession('s-old');
      chat.stop();
      chat.server.stop();
      chat = new ChatHarness({ storage, idPrefix: 'b' });
      chat.state.sendMessage('written offline');
      await chat.start();
      await chat.openSession('s-new', { previous: { sessionId: 's-old', reason } });
      expect(chat.state.notices).toEqual([
        expect.objectContaining({ severity: 'warning', message: expect.stringMatching(text) }),
      ]);
      expect(chat.state.currentSessionId).toBe('s-new');
      expect(chat.state.sessions.map((s) => s.sessionId)).toEqual(['s-new']);
      expect(chat.lastChat()).toMatchObject({ sessionId: 's-new', clientMessageId: 'b-1' });
    },
  );

  it('keeps the transcript equal to the server page after a reconnect, with no duplicates', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    const q = chat.lastChat();
    await chat.ack(q, 'm-01');
    chat.server.close(1006);
    await vi.advanceTimersByTimeAsync(1100);
    // The server stored the question and finished the answer while we were away.
    const user: ChatMessage = {
      messageId: 'm-01',
      sessionId: 's-1',
      role: 'user',
      content: 'hello',
      clientMessageId: 'cm-1',
      timestamp: '2026-11-21T10:00:00.000Z',
    };
    const answer: ChatMessage = {
      messageId: 'm-02',
      sessionId: 's-1',
      role: 'assistant',
      content: 'hi',
      replyTo: 'm-01',
      timestamp: '2026-11-21T10:00:01.000Z',
    };
    await chat.openSession('s-1', { messages: [user, answer] });
    expect(chat.transcript()).toEqual(['user:hello', 'assistant:hi']);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('answered');
    expect(chat.state.outbox).toEqual([]);
    expect(chat.chats()).toHaveLength(1); // answered: nothing to re-send
  });
});

describe('session actions', () => {
  beforeEach(async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1', { messages: [stored(10), stored(11)], hasMore: true });
  });

  it('starts a new chat; messages written before it exists go there', async () => {
    chat.state.newChat();
    expect(chat.state.currentSessionId).toBeNull();
    chat.state.sendMessage('fresh start');
    chat.state.setDraft('', 'draft');
    await pass();
    expect(chat.transcript('')).toEqual(['user:fresh start']);
    const open = await chat.openSession('s-2');
    expect(open.sessionId).toBeUndefined();
    expect(chat.state.currentSessionId).toBe('s-2');
    expect(chat.transcript()).toEqual(['user:fresh start']);
    expect(chat.lastChat()).toMatchObject({ sessionId: 's-2', clientMessageId: 'cm-1' });
    expect(chat.state.order['']).toBeUndefined();
    expect(chat.state.drafts).toEqual({ 's-2': 'draft' });
  });

  it('switches to another session and shows its latest page', async () => {
    chat.state.switchSession('s-0');
    expect(chat.state.currentSessionId).toBe('s-0');
    const open = await chat.openSession('s-0', { messages: [stored(2, 's-0'), stored(3, 's-0')] });
    expect(open.sessionId).toBe('s-0');
    expect(chat.transcript()).toEqual(['user:message 2', 'assistant:message 3']);
    expect(chat.transcript('s-1')).toEqual(['user:message 10', 'assistant:message 11']);
  });

  it('ignores the answer to a superseded open', async () => {
    chat.state.switchSession('s-a');
    chat.state.switchSession('s-b');
    await pass();
    const [, first, second] = chat.server.sent('open_session');
    chat.skipOpens();
    chat.server.send({
      type: 'session_opened',
      requestId: second!.requestId,
      sessionId: 's-b',
      created: false,
      session: sessionInfo('s-b'),
      messages: [],
      hasMore: false,
      preferences: chat.state.preferences,
    });
    chat.server.send({
      type: 'session_opened',
      requestId: first!.requestId,
      sessionId: 's-a',
      created: false,
      session: sessionInfo('s-a'),
      messages: [],
      hasMore: false,
      preferences: chat.state.preferences,
    });
    await pass();
    expect(chat.state.currentSessionId).toBe('s-b');
  });

  it('pages history on demand until there is no more', async () => {
    chat.state.loadOlder();
    expect(chat.state.history['s-1']).toEqual({ hasMore: true, loading: true });
    chat.state.loadOlder(); // already loading: no second request
    await pass();
    const requests = chat.server.sent('load_history');
    expect(requests).toEqual([
      {
        action: 'load_history',
        requestId: expect.any(String),
        sessionId: 's-1',
        before: 'm-10',
        limit: 20,
      },
    ]);
    chat.server.send({
      type: 'history_page',
      requestId: requests[0]!.requestId,
      sessionId: 's-1',
      messages: [stored(8), stored(9)],
      hasMore: false,
    });
    await pass();
    expect(chat.transcript()).toEqual([
      'user:message 8',
      'assistant:message 9',
      'user:message 10',
      'assistant:message 11',
    ]);
    expect(chat.state.history['s-1']).toEqual({ hasMore: false, loading: false });
    chat.state.loadOlder();
    await pass();
    expect(chat.server.sent('load_history')).toHaveLength(1);
  });

  it('keeps older pages across a reconnect when the new page overlaps them', async () => {
    chat.state.loadOlder();
    await pass();
    const [request] = chat.server.sent('load_history');
    chat.server.send({
      type: 'history_page',
      requestId: request!.requestId,
      sessionId: 's-1',
      messages: [stored(8), stored(9)],
      hasMore: true,
    });
    await pass();
    chat.server.close(1001);
    await pass(50);
    await chat.openSession('s-1', {
      messages: [stored(10), stored(11), stored(12)],
      hasMore: true,
    });
    expect(chat.transcript()).toEqual([
      'user:message 8',
      'assistant:message 9',
      'user:message 10',
      'assistant:message 11',
      'user:message 12',
    ]);
  });

  it('clears a session', async () => {
    chat.state.clearSession('s-1');
    await pass();
    const [clear] = chat.server.sent('clear_session');
    expect(clear).toMatchObject({ sessionId: 's-1' });
    chat.server.send({ type: 'session_cleared', requestId: clear!.requestId, sessionId: 's-1' });
    await pass();
    expect(chat.transcript()).toEqual([]);
    expect(chat.state.currentSessionId).toBe('s-1');
  });

  it('deletes the current session and starts a new chat', async () => {
    chat.state.deleteSession('s-1');
    await pass();
    const [del] = chat.server.sent('delete_session');
    chat.server.send({ type: 'session_deleted', requestId: del!.requestId, sessionId: 's-1' });
    await pass();
    expect(chat.state.sessions).toEqual([]);
    expect(chat.state.order['s-1']).toBeUndefined();
    expect(chat.state.messages['m-11']).toBeUndefined();
    expect(chat.state.currentSessionId).toBeNull();
    expect(chat.server.sent('open_session').at(-1)?.sessionId).toBeUndefined();
  });

  it('renames a session, refusing empty titles', async () => {
    chat.state.renameSession('s-1', '   ');
    expect(chat.state.notices).toHaveLength(1);
    chat.state.renameSession('s-1', '  EC2 costs  ');
    await pass();
    const [rename] = chat.server.sent('rename_session');
    expect(rename).toMatchObject({ sessionId: 's-1', title: 'EC2 costs' });
    chat.server.send({
      type: 'session_renamed',
      requestId: rename!.requestId,
      sessionId: 's-1',
      title: 'EC2 costs',
    });
    await pass();
    expect(chat.state.sessions[0]?.title).toBe('EC2 costs');
  });

  it('refreshes the session list', async () => {
    chat.state.refreshSessions();
    await pass();
    expect(chat.server.sent('list_sessions')).toHaveLength(2);
  });

  it('updates preferences, and applies changes the assistant made', async () => {
    chat.state.updatePreferences({ currency: 'EUR' });
    expect(chat.state.preferences.currency).toBe('EUR');
    await pass();
    const [update] = chat.server.sent('update_preferences');
    expect(update?.preferences).toMatchObject({ currency: 'EUR' });
    chat.server.send({
      type: 'preferences_updated',
      requestId: update!.requestId,
      preferences: { currency: 'EUR', timeRange: '30d', detailLevel: 'standard' },
    });
    await pass();
    expect(chat.state.preferencesDirty).toBe(false);
    chat.server.send({
      type: 'preferences_updated',
      preferences: { currency: 'EUR', timeRange: '90d', detailLevel: 'standard' },
    });
    await pass();
    expect(chat.state.preferences.timeRange).toBe('90d');
  });

  it('keeps preferences changed while offline and sends them after reconnecting', async () => {
    chat.server.close(1006);
    await pass();
    chat.state.updatePreferences({ detailLevel: 'detailed' });
    await vi.advanceTimersByTimeAsync(1100);
    await chat.openSession('s-1'); // its preferences (standard) must not undo the change
    expect(chat.state.preferences.detailLevel).toBe('detailed');
    expect(chat.server.sent('update_preferences').at(-1)?.preferences).toMatchObject({
      detailLevel: 'detailed',
    });
  });

  it('says so when a session action needs the connection', async () => {
    chat.server.close(1006);
    await pass();
    chat.state.deleteSession('s-1');
    expect(chat.state.notices).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/offline/) }),
    ]);
    chat.state.dismissNotice(chat.state.notices[0]!.id);
    expect(chat.state.notices).toEqual([]);
  });

  it('shows errors for session actions as notices', async () => {
    chat.state.renameSession('s-1', 'x');
    await pass();
    const [rename] = chat.server.sent('rename_session');
    chat.server.send({
      type: 'error',
      requestId: rename!.requestId,
      code: 'INTERNAL',
      message: 'Could not rename',
      retryable: false,
    });
    await pass();
    expect(chat.state.notices).toEqual([
      expect.objectContaining({ severity: 'error', message: 'Could not rename' }),
    ]);
  });
});

describe('session list freshness', () => {
  /** Answers the engine's last unanswered list_sessions with `sessions`. */
  async function answerList(...sessions: ReturnType<typeof sessionInfo>[]) {
    const list = chat.server.sent('list_sessions').at(-1);
    chat.server.send({ type: 'session_list', requestId: list!.requestId, sessions });
    await pass();
  }

  beforeEach(async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    await answerList(sessionInfo('s-1', { title: 'New conversation' }));
  });

  it('learns the title, count and activity the server gave a session once a turn ends', async () => {
    chat.state.sendMessage('What did EC2 cost last month?');
    await pass();
    const q = chat.lastChat();
    await chat.ack(q);
    // The drawer's order and expiry follow the activity at once, before any answer.
    const acked = chat.state.sessions[0]!;
    expect(Date.parse(acked.lastActivityAt)).toBeGreaterThan(Date.parse('2026-11-21T09:00:00Z'));
    expect(Date.parse(acked.expiresAt) - Date.parse(acked.lastActivityAt)).toBe(
      7 * 24 * 60 * 60 * 1000,
    );
    expect(chat.server.sent('list_sessions')).toHaveLength(1);

    const reply = await chat.answer(q);
    expect(chat.server.sent('list_sessions')).toHaveLength(2);
    const titled = sessionInfo('s-1', {
      title: 'What did EC2 cost last month?',
      lastActivityAt: reply.timestamp,
      messageCount: 2,
    });
    await answerList(titled);
    expect(chat.state.sessions).toEqual([titled]);

    // A duplicate of the final answer changes nothing and asks for nothing.
    chat.server.send({ type: 'assistant_message', sessionId: 's-1', message: reply, stored: true });
    await pass();
    expect(chat.server.sent('list_sessions')).toHaveLength(2);
  });

  it('keeps one list request in flight and asks once more for what happened meanwhile', async () => {
    chat.state.sendMessage('one');
    await pass();
    const one = chat.lastChat();
    await chat.ack(one);
    await chat.answer(one);
    expect(chat.server.sent('list_sessions')).toHaveLength(2);
    // Replies to another of the user's sessions arrive while that list is unanswered.
    chat.store.setState((state) => ({
      sessions: [...state.sessions, sessionInfo('s-0', { title: 'old' })],
    }));
    for (const n of [1, 2, 3]) {
      chat.server.send({
        type: 'assistant_message',
        sessionId: 's-0',
        stored: true,
        message: {
          messageId: `x-${n}`,
          sessionId: 's-0',
          role: 'assistant',
          content: `late ${n}`,
          replyTo: `q-${n}`,
          timestamp: chat.server.timestamp(),
        },
      });
    }
    await pass();
    expect(chat.server.sent('list_sessions')).toHaveLength(2);
    await answerList(sessionInfo('s-1', { title: 'one' }));
    expect(chat.server.sent('list_sessions')).toHaveLength(3);
    await answerList(sessionInfo('s-1', { title: 'one' }), sessionInfo('s-0', { title: 'old' }));
    expect(chat.server.sent('list_sessions')).toHaveLength(3);
    expect(chat.state.sessions.map((s) => s.title)).toEqual(['one', 'old']);
  });

  it('asks again after a clear, which may reset the title', async () => {
    chat.state.clearSession('s-1');
    await pass();
    const [clear] = chat.server.sent('clear_session');
    chat.server.send({ type: 'session_cleared', requestId: clear!.requestId, sessionId: 's-1' });
    await pass();
    expect(chat.server.sent('list_sessions')).toHaveLength(2);
  });
});

describe('session list hygiene', () => {
  /** Answers the engine's last unanswered list_sessions with `sessions`. */
  async function answerList(...sessions: ReturnType<typeof sessionInfo>[]) {
    const list = chat.server.sent('list_sessions').at(-1);
    chat.server.send({ type: 'session_list', requestId: list!.requestId, sessions });
    await pass();
  }

  /** What the drawer lists, in its order. */
  const listed = () =>
    chat.state.sessions
      .filter((session) => !isEmptySession(session, chat.state.order))
      .map((session) => session.sessionId);

  it('stays in an empty conversation on New chat instead of making another', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.newChat();
    await pass();
    expect(chat.state.currentSessionId).toBe('s-1');
    expect(chat.server.sent('open_session')).toHaveLength(1);
  });

  it('starts a new session on New chat once something was written, even if not sent yet', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.server.close(1006);
    await pass();
    chat.state.sendMessage('written offline');
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('queued');
    chat.state.newChat();
    expect(chat.state.currentSessionId).toBeNull();
  });

  it('lists a conversation from its first message on, never an empty one', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    await answerList(
      sessionInfo('s-1', { lastActivityAt: '2026-11-21T09:30:00.000Z' }),
      sessionInfo('s-2', { lastActivityAt: '2026-11-21T09:20:00.000Z' }),
      sessionInfo('s-0', { lastActivityAt: '2026-11-20T09:00:00.000Z', messageCount: 4 }),
    );
    expect(listed()).toEqual(['s-0']);
    chat.state.sendMessage('What did EC2 cost last month?');
    expect(listed()).toEqual(['s-1', 's-0']);
  });

  it('switches to the most recent conversation left when the current one is deleted', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1', { messages: [stored(10), stored(11)] });
    await answerList(
      sessionInfo('s-1', { lastActivityAt: '2026-11-21T09:40:00.000Z', messageCount: 2 }),
      sessionInfo('s-empty', { lastActivityAt: '2026-11-21T09:30:00.000Z' }),
      sessionInfo('s-2', { lastActivityAt: '2026-11-21T09:20:00.000Z', messageCount: 4 }),
      sessionInfo('s-3', { lastActivityAt: '2026-11-21T09:10:00.000Z', messageCount: 6 }),
    );
    chat.state.deleteSession('s-1');
    await pass();
    const [del] = chat.server.sent('delete_session');
    chat.server.send({ type: 'session_deleted', requestId: del!.requestId, sessionId: 's-1' });
    await pass();
    expect(chat.state.currentSessionId).toBe('s-2');
    expect(chat.server.sent('open_session').at(-1)?.sessionId).toBe('s-2');
  });

  it('keeps the list in its order when a conversation is opened', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1', { messages: [stored(10), stored(11)] });
    await answerList(
      sessionInfo('s-1', { lastActivityAt: '2026-11-21T09:40:00.000Z', messageCount: 2 }),
      sessionInfo('s-0', { lastActivityAt: '2026-11-20T09:00:00.000Z', messageCount: 4 }),
    );
    chat.state.switchSession('s-0');
    await pass();
    const open = chat.server.sent('open_session').at(-1)!;
    chat.skipOpens();
    // A server may count the opening as activity; the client does not.
    const opened = sessionInfo('s-0', {
      title: 'Budget review',
      lastActivityAt: '2026-11-21T10:00:00.000Z',
      expiresAt: '2026-11-28T10:00:00.000Z',
      messageCount: 4,
    });
    chat.server.send({
      type: 'session_opened',
      requestId: open.requestId,
      sessionId: 's-0',
      created: false,
      session: opened,
      messages: [stored(2, 's-0'), stored(3, 's-0')],
      hasMore: true,
      preferences: chat.state.preferences,
    });
    await pass();
    expect(chat.state.currentSessionId).toBe('s-0');
    expect(chat.state.sessions.map((s) => s.sessionId)).toEqual(['s-1', 's-0']);
    expect(chat.state.sessions[1]).toMatchObject({
      title: 'Budget review',
      lastActivityAt: '2026-11-20T09:00:00.000Z',
    });
  });
});

describe('session list refresh cost', () => {
  async function answerList(...sessions: ReturnType<typeof sessionInfo>[]) {
    const list = chat.server.sent('list_sessions').at(-1);
    chat.server.send({ type: 'session_list', requestId: list!.requestId, sessions });
    await pass();
  }

  const many = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      sessionInfo(`s-${i}`, {
        title: `Conversation ${i}`,
        lastActivityAt: new Date(Date.parse('2026-11-21T09:00:00.000Z') - i * 60_000).toISOString(),
        messageCount: 2,
      }),
    );

  beforeEach(async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-0');
    await answerList(...many(600));
  });

  it('keeps the list, and writes nothing, when a refresh brings nothing new', async () => {
    const before = chat.state.sessions;
    flushStorage(chat.store);
    const writes = chat.storage.writes;
    let sets = 0;
    const unsubscribe = chat.store.subscribe(() => sets++);
    chat.state.refreshSessions();
    await pass();
    await answerList(...many(600)); // equal, but new objects off the wire
    unsubscribe();
    expect(chat.state.sessions).toBe(before);
    expect(sets).toBe(0);
    flushStorage(chat.store);
    expect(chat.storage.writes).toBe(writes);
  });

  it('replaces only the session that changed', async () => {
    const before = chat.state.sessions;
    const next = many(600);
    next[3] = { ...next[3]!, lastActivityAt: '2026-11-21T09:30:00.000Z', messageCount: 4 };
    chat.state.refreshSessions();
    await pass();
    await answerList(next[3]!, ...next.filter((_, i) => i !== 3));
    const after = chat.state.sessions;
    expect(after.slice(0, 5).map((s) => s.sessionId)).toEqual(['s-3', 's-0', 's-1', 's-2', 's-4']);
    const kept = new Set(before);
    expect(after.filter((session) => !kept.has(session))).toEqual([
      expect.objectContaining({ sessionId: 's-3', messageCount: 4 }),
    ]);
  });
});
