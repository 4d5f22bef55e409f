import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACK_TIMEOUT_MS, MAX_SENDS, REPLY_TIMEOUT_MS } from '../../../src/store/engine/timings';
import { MAX_CONTENT_CHARS } from '../../../src/protocol/limits';
import { ChatHarness, pass } from '../../support/fakeChat';
import {
  FakeServer,
  sessionInfo,
  sessionOpened as sessionOpenedFrame,
} from '../../support/fakeServer';

let chat: ChatHarness;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-11-21T10:00:00.000Z'));
});

afterEach(() => {
  chat?.stop();
  chat?.server.stop();
  vi.useRealTimers();
});

describe('outbox', () => {
  it('queues messages written before the session is open and sends them in order, one at a time', async () => {
    chat = new ChatHarness();
    expect(chat.state.sendMessage('first')).toBe(true);
    expect(chat.state.sendMessage('second')).toBe(true);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('queued');
    expect(chat.transcript('')).toEqual(['user:first', 'user:second']);

    await chat.start();
    // Nothing before session_opened: the open may move the messages to another session.
    expect(chat.server.received.map((f) => f.action)).toEqual(['open_session']);
    await chat.openSession('s-1');
    expect(chat.chats().map((c) => [c.clientMessageId, c.sessionId])).toEqual([['cm-1', 's-1']]);
    expect(chat.transcript('s-1')).toEqual(['user:first', 'user:second']);
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('queued');

    await chat.ack(chat.lastChat());
    expect(chat.chats().map((c) => c.clientMessageId)).toEqual(['cm-1', 'cm-2']);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('sent');
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('sending');
  });

  it('re-sends after a reconnect: open_session first, then unacked and acked-unanswered messages with their ids', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('acked');
    await pass();
    await chat.ack(chat.lastChat());
    chat.state.sendMessage('not acked');
    await pass();
    chat.state.sendMessage('not sent');
    await pass();
    expect(chat.chats().map((c) => c.clientMessageId)).toEqual(['cm-1', 'cm-2']);

    chat.server.close(1006, 'network');
    await pass();
    expect(chat.state.connection).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('queued');
    chat.state.sendMessage('written while disconnected');
    await vi.advanceTimersByTimeAsync(1100);
    expect(chat.state.connection).toEqual({ kind: 'open' });

    const before = chat.server.received.length;
    const open = await chat.openSession('s-1');
    expect(open.sessionId).toBe('s-1');
    const after = chat.server.received.slice(before).filter((f) => f.action === 'chat_message');
    expect(after.map((f) => f.action === 'chat_message' && f.clientMessageId)).toEqual([
      'cm-1',
      'cm-2',
    ]);

    await chat.ack(chat.lastChat());
    expect(chat.lastChat().clientMessageId).toBe('cm-3');
    await chat.ack(chat.lastChat());
    expect(chat.lastChat().clientMessageId).toBe('cm-4');
    expect(chat.state.outbox).toEqual(['cm-1', 'cm-2', 'cm-3', 'cm-4']);
  });

  it('re-sends after 10 s without ack, 3 sends in all, then marks the message failed', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    chat.state.sendMessage('behind it');
    await pass();
    expect(chat.chats()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS - 100);
    expect(chat.chats()).toHaveLength(1);
    await pass(200);
    expect(chat.chats()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(chat.chats()).toHaveLength(MAX_SENDS);
    expect(new Set(chat.chats().map((c) => c.clientMessageId))).toEqual(new Set(['cm-1']));
    expect(new Set(chat.chats().map((c) => c.requestId)).size).toBe(MAX_SENDS);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('sending');
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('failed');
    // The next message goes on; the failed one waits for the user.
    expect(chat.lastChat().clientMessageId).toBe('cm-2');
    await chat.ack(chat.lastChat());
    await vi.advanceTimersByTimeAsync(5 * ACK_TIMEOUT_MS);
    expect(chat.chats().filter((c) => c.clientMessageId === 'cm-1')).toHaveLength(MAX_SENDS);
  });

  it('lets the user retry a failed message by hand, and all failed messages at once', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('one');
    await vi.advanceTimersByTimeAsync(MAX_SENDS * ACK_TIMEOUT_MS + 100);
    chat.state.sendMessage('two');
    await vi.advanceTimersByTimeAsync(MAX_SENDS * ACK_TIMEOUT_MS + 100);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('failed');
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('failed');

    chat.state.retryMessage('cm-2');
    await pass();
    expect(chat.lastChat().clientMessageId).toBe('cm-2');
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('sending');
    await chat.answer(chat.lastChat()).then(() => chat.ack(chat.lastChat()));
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('answered');

    chat.state.retryAllFailed();
    await pass();
    expect(chat.lastChat().clientMessageId).toBe('cm-1');
    await chat.ack(chat.lastChat());
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('sent');
  });

  it('waits retryAfterMs on RATE_LIMITED without counting it as a send', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS); // send 2
    for (let i = 0; i < 3; i++) {
      const last = chat.lastChat();
      chat.server.send({
        type: 'error',
        requestId: last.requestId,
        clientMessageId: 'cm-1',
        code: 'RATE_LIMITED',
        message: 'Slow down',
        retryable: true,
        retryAfterMs: 5000,
      });
      await pass();
      const count = chat.chats().length;
      await vi.advanceTimersByTimeAsync(4900);
      expect(chat.chats()).toHaveLength(count); // not before retryAfterMs
      await pass(200);
      expect(chat.chats()).toHaveLength(count + 1);
    }
    // Rate limiting cost nothing: 2 counted sends so far, so one more before failing.
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(chat.chats()).toHaveLength(2 + 3 + 1);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('sending');
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('failed');
    expect(chat.chats()).toHaveLength(2 + 3 + 1);
    expect(chat.state.notices).toEqual([]);
  });

  it('re-sends an acknowledged message whose reply goes silent, and shows the reply once', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    await chat.ack(chat.lastChat());
    await vi.advanceTimersByTimeAsync(REPLY_TIMEOUT_MS + 100);
    expect(chat.chats()).toHaveLength(2);
    // The server answers a known clientMessageId with the same ack and the finished reply.
    await chat.ack(chat.lastChat());
    await chat.answer(chat.lastChat(), 'It cost $12.');
    await chat.answer(chat.chats()[0]!, 'It cost $12.');
    expect(chat.transcript()).toEqual(['user:hello', 'assistant:It cost $12.']);
    expect(chat.state.outbox).toEqual([]);
  });

  it('refuses a message over MAX_CONTENT_CHARS with a notice and keeps it as the draft', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    const long = 'a'.repeat(MAX_CONTENT_CHARS + 1);
    expect(chat.state.sendMessage(long)).toBe(false);
    expect(chat.state.drafts['s-1']).toBe(long);
    expect(chat.state.notices).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('8,000') }),
    ]);
    expect(chat.state.sendMessage('😀'.repeat(MAX_CONTENT_CHARS))).toBe(true); // code points count
    await pass();
    expect(chat.chats()).toHaveLength(1);
  });

  it('refuses a message whose frame would exceed 32 KiB, even within the character limit', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    const escaped = '\u0001'.repeat(MAX_CONTENT_CHARS); // 6 bytes each once JSON-escaped
    expect(chat.state.sendMessage(escaped)).toBe(false);
    expect(chat.state.drafts['s-1']).toBe(escaped);
    expect(chat.state.notices[0]?.message).toMatch(/32 KiB/);
    await pass();
    expect(chat.chats()).toHaveLength(0);
    expect(chat.state.outbox).toEqual([]);
  });

  it('does not send blank messages', async () => {
    chat = new ChatHarness();
    expect(chat.state.sendMessage('   \n')).toBe(false);
    expect(chat.state.outbox).toEqual([]);
  });

  it('clears the draft of the session a message is sent from', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.setDraft('s-1', 'typing…');
    expect(chat.state.drafts).toEqual({ 's-1': 'typing…' });
    chat.state.sendMessage('typing…');
    expect(chat.state.drafts).toEqual({});
  });
});

describe('errors in answer to a chat_message', () => {
  it.each(['SESSION_EXPIRED', 'SESSION_NOT_FOUND'] as const)(
    '%s: opens a new session, says why, and sends the message there with the same id',
    async (code) => {
      chat = await new ChatHarness().start();
      await chat.openSession('s-old');
      chat.state.sendMessage('still there?');
      await pass();
      chat.server.send({
        type: 'error',
        requestId: chat.lastChat().requestId,
        sessionId: 's-old',
        clientMessageId: 'cm-1',
        code,
        message: 'gone',
        retryable: false,
      });
      await pass();
      const open = chat.server.sent('open_session').at(-1);
      expect(open?.sessionId).toBeUndefined();
      expect(chat.state.notices).toEqual([
        expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/new one/) }),
      ]);
      await chat.openSession('s-new');
      expect(chat.state.currentSessionId).toBe('s-new');
      expect(chat.lastChat()).toMatchObject({ sessionId: 's-new', clientMessageId: 'cm-1' });
      expect(chat.transcript('s-new')).toEqual(['user:still there?']);
      expect(chat.state.order['s-old']).toBeUndefined();
      expect(chat.state.sessions.map((s) => s.sessionId)).toEqual(['s-new']);
    },
  );

  it('marks the message failed on a retryable:false error, with words instead of a technical message', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    chat.server.send({
      type: 'error',
      requestId: chat.lastChat().requestId,
      clientMessageId: 'cm-1',
      code: 'BAD_REQUEST',
      message: 'content: bad',
      retryable: false,
    });
    await pass();
    expect(chat.state.messages['cm-1']).toMatchObject({
      deliveryStatus: 'failed',
      failure:
        'The assistant could not read a request from this app. Reload the page and try again.',
    });
    expect(chat.chats()).toHaveLength(1);
  });

  it('re-sends after a retryable error after 1 s, then 2 s, and fails after the third with the server’s words', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    const failAgent = async () => {
      const last = chat.lastChat();
      await chat.ack(last, 'm-1');
      chat.server.send({
        type: 'assistant_delta',
        sessionId: 's-1',
        messageId: 'a-1',
        replyTo: 'm-1',
        seq: 0,
        delta: 'Partial',
      });
      chat.server.send({
        type: 'error',
        sessionId: 's-1',
        clientMessageId: 'cm-1',
        code: 'AGENT_FAILED',
        message: 'The cost forecast agent stopped responding.',
        retryable: true,
      });
      await pass();
    };
    await failAgent();
    expect(chat.state.messages['a-1']).toMatchObject({ content: 'Partial', incomplete: true });
    expect(chat.state.messages['a-1']?.streaming).toBeUndefined();
    // Jitter is ±20%: not before 0.8 s, by 1.2 s.
    await vi.advanceTimersByTimeAsync(750);
    expect(chat.chats()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(chat.chats()).toHaveLength(2);
    await failAgent();
    await vi.advanceTimersByTimeAsync(1_550);
    expect(chat.chats()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(900);
    expect(chat.chats()).toHaveLength(3);
    await failAgent();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(chat.chats()).toHaveLength(3);
    expect(chat.state.messages['cm-1']).toMatchObject({
      deliveryStatus: 'failed',
      failure: 'The cost forecast agent stopped responding.',
    });
    expect(chat.state.messages['a-1']).toMatchObject({ content: 'Partial', incomplete: true });
    expect(chat.state.typing['s-1']).toBeUndefined();

    // Retry regenerates the answer from seq 0, in place.
    chat.state.retryMessage('cm-1');
    await pass();
    expect(chat.chats()).toHaveLength(4);
    expect(chat.state.messages['cm-1']?.failure).toBeUndefined();
    chat.server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'a-1',
      replyTo: 'm-1',
      seq: 0,
      delta: 'Fresh',
    });
    await pass();
    expect(chat.transcript()).toEqual(['user:hello', 'assistant:Fresh']);
    await chat.answer(chat.lastChat(), 'Fresh and whole', { messageId: 'a-1', replyTo: 'm-1' });
    expect(chat.transcript()).toEqual(['user:hello', 'assistant:Fresh and whole']);
    expect(chat.state.messages['a-1']?.incomplete).toBeUndefined();
  });

  it('fails a message after three retryable errors before its ack, never looping', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    for (let i = 0; i < 3; i++) {
      chat.server.send({
        type: 'error',
        requestId: chat.lastChat().requestId,
        clientMessageId: 'cm-1',
        code: 'INTERNAL',
        message: 'TypeError: x is undefined',
        retryable: true,
      });
      await vi.advanceTimersByTimeAsync(2_500);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(chat.chats()).toHaveLength(3);
    expect(chat.state.messages['cm-1']).toMatchObject({
      deliveryStatus: 'failed',
      failure: 'Something went wrong on the assistant’s side.',
    });
  });

  it('tells the user when the answer could not be stored', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    const last = chat.lastChat();
    chat.server.send({
      type: 'message_ack',
      requestId: last.requestId,
      sessionId: 's-1',
      clientMessageId: 'cm-1',
      messageId: 'm-1',
      stored: false,
    });
    await pass();
    expect(chat.state.notices[0]).toMatchObject({ severity: 'info' });
    expect(chat.state.messages['cm-1']).toMatchObject({ deliveryStatus: 'sent', notSaved: true });
  });
});

describe('provisional order', () => {
  it('refetches the page when an ack answers a re-send, so the transcript takes the stored order', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    const first = chat.lastChat();
    // The server stored it at 10:00:00 and answered at 10:00:01, but the ack was lost.
    const question = {
      messageId: 'm-1',
      sessionId: 's-1',
      role: 'user' as const,
      content: 'hello',
      clientMessageId: 'cm-1',
      timestamp: '2026-11-21T10:00:00.000Z',
    };
    const reply = {
      messageId: 'm-2',
      sessionId: 's-1',
      role: 'assistant' as const,
      content: 'hi',
      replyTo: 'm-1',
      timestamp: '2026-11-21T10:00:01.000Z',
    };
    chat.server.send({ type: 'assistant_message', sessionId: 's-1', message: reply, stored: true });
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(chat.chats()).toHaveLength(2);
    chat.server.now = Date.parse('2026-11-21T10:00:11.000Z');
    await chat.ack(chat.lastChat(), 'm-1'); // stamped 10:00:11, after the reply
    expect(first.clientMessageId).toBe('cm-1');
    const resync = chat.server.sent('open_session').at(-1);
    expect(resync).toMatchObject({ sessionId: 's-1' });
    chat.skipOpens();
    chat.server.send({
      type: 'session_opened',
      requestId: resync!.requestId,
      sessionId: 's-1',
      created: false,
      session: sessionInfo('s-1'),
      messages: [question, reply],
      hasMore: false,
      preferences: chat.state.preferences,
    });
    await pass();
    expect(chat.transcript()).toEqual(['user:hello', 'assistant:hi']);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('answered');
    expect(chat.state.outbox).toEqual([]);
  });
});

describe('connection', () => {
  it('shows the attempts, goes offline after 3, and sends the queue after a manual reconnect', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1');
    chat.server.stop();
    chat.server.close(1006, '', chat.server.last);
    await pass(10);
    expect(chat.state.connection).toEqual({ kind: 'reconnecting', attempt: 1, maxAttempts: 3 });
    chat.state.sendMessage('written while away');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(chat.state.connection).toEqual({ kind: 'offline', reason: 'attempts_exhausted' });
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('queued');

    const server = new FakeServer();
    try {
      chat.state.reconnect();
      await pass();
      expect(chat.state.connection).toEqual({ kind: 'open' });
      const [open] = server.sent('open_session');
      expect(open?.sessionId).toBe('s-1');
      server.send(sessionOpenedFrame(open!.requestId, 's-1'), server.last);
      await pass();
      expect(server.sent('chat_message')).toMatchObject([{ clientMessageId: 'cm-1' }]);
    } finally {
      server.stop();
    }
  });
});
