import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SERVER_FRAME_BYTES, SESSION_TTL_SECONDS } from '../../../src/protocol/limits';
import type { ServerFrameOf } from '../../../src/protocol/types';
import { TestClient, chatTurn, openSession, startServer } from './harness';

const DAY_MS = 86_400_000;

function fakeClock(start = Date.UTC(2026, 10, 21, 10)) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

async function sessionWithTurns(
  client: TestClient,
  turns: number,
  content = (i: number) => `question ${i}`,
) {
  const { sessionId } = await openSession(client);
  for (let i = 0; i < turns; i++) await chatTurn(client, sessionId, content(i));
  return sessionId;
}

describe('sessions', () => {
  it('resumes an own session with its latest messages', async () => {
    const server = await startServer();
    const userId = randomUUID();
    const first = await TestClient.forUser(server, userId);
    const sessionId = await sessionWithTurns(first, 2);
    const second = await TestClient.forUser(server, userId);
    const opened = await openSession(second, sessionId);
    expect(opened).toMatchObject({ created: false, sessionId, hasMore: false });
    expect(opened.previous).toBeUndefined();
    expect(opened.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(opened.session.messageCount).toBe(4);
  });

  it("treats another user's session exactly like an unknown one, for every action", async () => {
    const server = await startServer({ paceMs: 20 });
    const owner = await TestClient.forUser(server);
    const { sessionId } = await openSession(owner);
    const ownerTurn = owner.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'c1',
      content: 'Show cost by service',
    });
    const ack = await owner.next((f) => f.type === 'message_ack' && f.requestId === ownerTurn);
    expect(ack.type).toBe('message_ack');
    const delta = await owner.next('assistant_delta');

    const intruder = await TestClient.forUser(server);
    const opened = await openSession(intruder, sessionId);
    expect(opened.created).toBe(true);
    expect(opened.sessionId).not.toBe(sessionId);
    expect(opened.previous).toEqual({ sessionId, reason: 'not_found' });
    expect(opened.messages).toEqual([]);

    const attempts = [
      { action: 'chat_message', sessionId, clientMessageId: 'c1', content: 'hi' },
      {
        action: 'load_history',
        sessionId,
        before: ack.type === 'message_ack' ? ack.messageId : '',
      },
      { action: 'rename_session', sessionId, title: 'mine now' },
      { action: 'clear_session', sessionId },
      { action: 'delete_session', sessionId },
      { action: 'cancel', sessionId, messageId: delta.messageId },
    ];
    for (const attempt of attempts) {
      const reply = await intruder.request(attempt);
      expect(reply, attempt.action).toMatchObject({
        type: 'error',
        code: 'SESSION_NOT_FOUND',
        sessionId,
        retryable: false,
      });
    }
    const list = await intruder.request({ action: 'list_sessions' });
    expect(list.type === 'session_list' && list.sessions.map((s) => s.sessionId)).toEqual([
      opened.sessionId,
    ]);

    // The owner's session is untouched and its reply still streams to the owner.
    const final = await owner.next('assistant_message');
    expect(final.message.stopped).toBeUndefined();
    const reopened = await openSession(owner, sessionId);
    expect(reopened.session.title).toBe('Show cost by service');
    expect(reopened.session.messageCount).toBe(2);
  });

  it('expires a session 7 days after its last activity; a turn extends it, opening does not', async () => {
    const clock = fakeClock();
    const server = await startServer({ now: clock.now });
    const userId = randomUUID();
    const client = await TestClient.forUser(server, userId);
    const sessionId = await sessionWithTurns(client, 1);

    const lastTurnAt = clock.t;
    clock.t += SESSION_TTL_SECONDS * 1000 - 1_000;
    const resumed = await openSession(client, sessionId);
    expect(resumed.created).toBe(false);
    // Opening is a read: the 7 days still count from the last turn.
    expect(Date.parse(resumed.session.expiresAt)).toBe(lastTurnAt + SESSION_TTL_SECONDS * 1000);

    await chatTurn(client, sessionId, 'in time'); // a turn is activity: 7 more days
    clock.t += SESSION_TTL_SECONDS * 1000 - 1;
    await chatTurn(client, sessionId, 'still here');
    clock.t += SESSION_TTL_SECONDS * 1000;

    const reply = await client.request({
      action: 'chat_message',
      sessionId,
      clientMessageId: randomUUID(),
      content: 'hello?',
    });
    expect(reply).toMatchObject({
      type: 'error',
      code: 'SESSION_EXPIRED',
      sessionId,
      retryable: false,
    });
    const history = await client.request({ action: 'load_history', sessionId, before: 'm-1' });
    expect(history).toMatchObject({ type: 'error', code: 'SESSION_EXPIRED' });
    const list = await client.request({ action: 'list_sessions' });
    expect(list.type === 'session_list' && list.sessions).toEqual([]);
    const reopened = await openSession(client, sessionId);
    expect(reopened).toMatchObject({
      created: true,
      previous: { sessionId, reason: 'expired' },
      messages: [],
    });

    // Someone else asking about the expired id learns nothing about it.
    const other = await TestClient.forUser(server);
    expect((await openSession(other, sessionId)).previous).toEqual({
      sessionId,
      reason: 'not_found',
    });
  });

  it('lists own sessions by most recent activity with titles from the first message', async () => {
    const clock = fakeClock();
    const server = await startServer({ now: clock.now });
    const client = await TestClient.forUser(server);
    const a = await sessionWithTurns(client, 1, () => 'What did EC2 cost last month?');
    clock.t += 1000;
    const long =
      'Please tell me everything about our Savings Plans coverage and how to improve it this year';
    const b = await sessionWithTurns(client, 1, () => long);
    clock.t += 1000;
    await chatTurn(client, a, 'and last quarter?');

    const list = (await client.request({
      action: 'list_sessions',
    })) as ServerFrameOf<'session_list'>;
    expect(list.sessions.map((s) => s.sessionId)).toEqual([a, b]);
    expect(list.sessions[0]!.title).toBe('What did EC2 cost last month?');
    const title = list.sessions[1]!.title;
    expect(title.endsWith('…')).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect([...title].length).toBeLessThanOrEqual(61);
  });

  it('renames (trimmed), and a renamed title survives later messages and clearing', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const renamed = await client.request({
      action: 'rename_session',
      sessionId,
      title: '  Q4 review  ',
    });
    expect(renamed).toMatchObject({ type: 'session_renamed', sessionId, title: 'Q4 review' });
    await chatTurn(client, sessionId, 'Show cost by service');
    await client.request({ action: 'clear_session', sessionId });
    const opened = await openSession(client, sessionId);
    expect(opened.session.title).toBe('Q4 review');
    const tooLong = await client.request({
      action: 'rename_session',
      sessionId,
      title: 'x'.repeat(121),
    });
    expect(tooLong).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
  });

  it('clears messages but keeps the session, and a late re-send does not resurrect them', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const { ack } = await chatTurn(client, sessionId, 'Show cost by service', 'keep-me');
    const cleared = await client.request({ action: 'clear_session', sessionId });
    expect(cleared).toMatchObject({ type: 'session_cleared', sessionId });
    const resend = await client.request({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'keep-me',
      content: 'Show cost by service',
    });
    expect(resend).toMatchObject({ type: 'message_ack', messageId: ack.messageId });
    const opened = await openSession(client, sessionId);
    expect(opened).toMatchObject({ created: false, messages: [], session: { messageCount: 0 } });
  });

  it('deletes idempotently; a deleted session is not found afterwards', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const sessionId = await sessionWithTurns(client, 1);
    for (let i = 0; i < 2; i++) {
      expect(await client.request({ action: 'delete_session', sessionId })).toMatchObject({
        type: 'session_deleted',
        sessionId,
      });
    }
    const chat = await client.request({
      action: 'chat_message',
      sessionId,
      clientMessageId: randomUUID(),
      content: 'hi',
    });
    expect(chat).toMatchObject({ type: 'error', code: 'SESSION_NOT_FOUND' });
    expect((await openSession(client, sessionId)).previous).toEqual({
      sessionId,
      reason: 'not_found',
    });
    const unknown = await client.request({ action: 'delete_session', sessionId: 's-never' });
    expect(unknown).toMatchObject({ type: 'error', code: 'SESSION_NOT_FOUND' });
  });

  it('pages history: latest 20 on open, then older pages, oldest first', async () => {
    const server = await startServer();
    const userId = randomUUID();
    const client = await TestClient.forUser(server, userId);
    const sessionId = await sessionWithTurns(client, 15);
    const opened = await openSession(await TestClient.forUser(server, userId), sessionId);
    expect(opened.messages).toHaveLength(20);
    expect(opened.hasMore).toBe(true);
    expect(opened.messages[0]!.content).toBe('question 5');

    const page = (await client.request({
      action: 'load_history',
      sessionId,
      before: opened.messages[0]!.messageId,
      limit: 4,
    })) as ServerFrameOf<'history_page'>;
    expect(page.messages.map((m) => m.content.slice(0, 10))).toEqual([
      'question 3',
      page.messages[1]!.content.slice(0, 10),
      'question 4',
      page.messages[3]!.content.slice(0, 10),
    ]);
    expect(page.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(page.hasMore).toBe(true);
    const rest = (await client.request({
      action: 'load_history',
      sessionId,
      before: page.messages[0]!.messageId,
    })) as ServerFrameOf<'history_page'>;
    expect(rest.messages).toHaveLength(6);
    expect(rest.hasMore).toBe(false);
    expect(rest.messages[0]!.content).toBe('question 0');

    const bad = await client.request({ action: 'load_history', sessionId, before: 'm-nope' });
    expect(bad).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });
  });

  it('shrinks history pages to fit the 128 KiB frame limit', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    // 7,900 euro signs are 23,700 bytes of UTF-8: five of them fill a frame.
    const sessionId = await sessionWithTurns(client, 12, (i) => `${i} ${'€'.repeat(7900)}`);
    const start = client.sizes.length;
    const opened = await openSession(client, sessionId);
    expect(opened.hasMore).toBe(true);
    expect(opened.messages.length).toBeLessThan(20);
    expect(opened.messages.length).toBeGreaterThan(4);
    const page = (await client.request({
      action: 'load_history',
      sessionId,
      before: opened.messages[0]!.messageId,
      limit: 100,
    })) as ServerFrameOf<'history_page'>;
    expect(page.messages.length).toBeGreaterThan(0);
    expect(page.hasMore).toBe(true);
    expect(Math.max(...client.sizes.slice(start))).toBeLessThanOrEqual(MAX_SERVER_FRAME_BYTES);
    expect(Math.max(...client.sizes.slice(start))).toBeGreaterThan(MAX_SERVER_FRAME_BYTES * 0.7);
    // Paging on to the start covers every message exactly once.
    const seen = [...opened.messages, ...page.messages].map((m) => m.messageId);
    let before = page.messages[0]!.messageId;
    for (let more = page.hasMore; more;) {
      const next = (await client.request({
        action: 'load_history',
        sessionId,
        before,
        limit: 100,
      })) as ServerFrameOf<'history_page'>;
      seen.push(...next.messages.map((m) => m.messageId));
      before = next.messages[0]?.messageId ?? before;
      more = next.hasMore;
    }
    expect(new Set(seen).size).toBe(24);
  });

  it('summarises the turns older than the last 5 messages', async () => {
    const server = await startServer({ now: fakeClock().now });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    await chatTurn(client, sessionId, 'What did EC2 cost last month?');
    await chatTurn(client, sessionId, 'Show me this in euros');
    let opened = await openSession(client, sessionId);
    expect(opened.session.summary).toBeUndefined();
    await chatTurn(client, sessionId, 'Are we on budget?');
    opened = await openSession(client, sessionId);
    expect(opened.session.messageCount).toBe(6);
    expect(opened.session.summary).toMatch(/1 question/);
    await chatTurn(client, sessionId, 'Any anomalies?');
    opened = await openSession(client, sessionId);
    expect(opened.session.summary).toMatch(
      /EC2 cost, October 2026 \(1–31 Oct\); currency set to EUR/,
    );
    expect(opened.session.summary).not.toMatch(/Budgets|anomalies/);
  });

  it('expires with a short --ttl too', async () => {
    const clock = fakeClock();
    const server = await startServer({ now: clock.now, ttlSeconds: 60 });
    const client = await TestClient.forUser(server);
    const opened = await openSession(client);
    expect(Date.parse(opened.session.expiresAt) - Date.parse(opened.session.lastActivityAt)).toBe(
      60_000,
    );
    clock.t += 60_000;
    expect((await openSession(client, opened.sessionId)).previous?.reason).toBe('expired');
    clock.t += 2 * DAY_MS;
  });
});
