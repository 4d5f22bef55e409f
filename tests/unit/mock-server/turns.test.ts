import { describe, expect, it } from 'vitest';
import type { ServerFrame, ServerFrameOf } from '../../../src/protocol/types';
import { TestClient, chatTurn, openSession, startServer } from './harness';

// shared/protocol.md, "Turns" and "Changes" 2026-11-29: one reply at a time per session,
// messages in turn order, and a cancel after the end is not an error.

type Ack = ServerFrameOf<'message_ack'>;
type Final = ServerFrameOf<'assistant_message'>;

/**
 * The reply frames of two turns as tokens, acks left out and runs of deltas of one reply
 * collapsed: `delta:1` is a delta of the first reply, `final:2` the second's final message.
 */
function replyTokens(frames: ServerFrame[], replyIds: string[]): string[] {
  const tokens: string[] = [];
  for (const f of frames) {
    let token: string | undefined;
    if (f.type === 'typing') token = f.isTyping ? 'typing+' : 'typing-';
    if (f.type === 'assistant_delta') token = `delta:${replyIds.indexOf(f.messageId) + 1}`;
    if (f.type === 'assistant_message')
      token = `final:${replyIds.indexOf(f.message.messageId) + 1}`;
    if (token && !(token.startsWith('delta') && tokens.at(-1) === token)) tokens.push(token);
  }
  return tokens;
}

/** Sends two questions back to back and collects every frame up to the second reply's end. */
async function askTwice(client: TestClient, sessionId: string, beforeSecond?: () => void) {
  const start = client.position;
  client.send({
    action: 'chat_message',
    sessionId,
    clientMessageId: 'q1',
    content: 'Show cost by service',
  });
  const ack1 = await client.next('message_ack');
  beforeSecond?.();
  client.send({
    action: 'chat_message',
    sessionId,
    clientMessageId: 'q2',
    content: 'Forecast next month',
  });
  const second = await client.next(
    (f) => f.type === 'assistant_message' && f.message.replyTo !== ack1.messageId,
  );
  await client.next((f) => f.type === 'typing' && !f.isTyping);
  const all = client.frames.slice(start, client.position);
  const acks = all.filter((f): f is Ack => f.type === 'message_ack');
  const finals = all.filter((f): f is Final => f.type === 'assistant_message');
  expect(finals.at(-1)).toBe(second);
  return { all, acks, finals };
}

describe('turns', () => {
  it.each([
    ['storage up', 'up'],
    ['storage down (stateless replies)', 'down'],
    ['storage failing after the first question', 'fails'],
  ] as const)(
    'two questions sent back to back, %s: the second is acknowledged at once and answered after the first reply ends',
    async (_, storage) => {
      const server = await startServer({ paceMs: 20 });
      const client = await TestClient.forUser(server);
      const { sessionId } = await openSession(client);
      if (storage === 'down') server.backend.setFaults({ storageDown: 1 });
      const { all, acks, finals } = await askTwice(client, sessionId, () => {
        if (storage === 'fails') server.backend.setFaults({ storageDown: 1 });
      });

      expect(acks.map((a) => a.clientMessageId)).toEqual(['q1', 'q2']);
      expect(finals.map((f) => f.message.replyTo)).toEqual(acks.map((a) => a.messageId));
      // Acknowledged while the first reply was still being generated.
      expect(all.indexOf(acks[1]!)).toBeLessThan(all.indexOf(finals[0]!));
      const replyIds = finals.map((f) => f.message.messageId);
      expect(replyTokens(all, replyIds)).toEqual([
        'typing+',
        'delta:1',
        'final:1',
        'typing-',
        'typing+',
        'delta:2',
        'final:2',
        'typing-',
      ]);
    },
  );

  it('orders session_opened, history_page and the before cursor by turn, not by timestamp', async () => {
    // Every reading of the clock is a millisecond later, so the first reply, which ends
    // after the second question was acknowledged, has a later timestamp than that question.
    let t = Date.UTC(2026, 10, 29, 9);
    const server = await startServer({ paceMs: 20, now: () => ++t });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const { acks, finals } = await askTwice(client, sessionId);
    const [q1, q2] = acks.map((a) => a.messageId);
    const [a1, a2] = finals.map((f) => f.message);
    expect(a1!.timestamp > (await userMessage(client, sessionId, q2!)).timestamp).toBe(true);

    const opened = await openSession(client, sessionId);
    expect(opened.messages.map((m) => m.messageId)).toEqual([q1, a1!.messageId, q2, a2!.messageId]);
    const page = async (before: string, limit?: number) =>
      (await client.request({
        action: 'load_history',
        sessionId,
        before,
        ...(limit ? { limit } : {}),
      })) as ServerFrameOf<'history_page'>;
    expect((await page(a2!.messageId)).messages.map((m) => m.messageId)).toEqual([
      q1,
      a1!.messageId,
      q2,
    ]);
    const beforeQ2 = await page(q2!, 1);
    expect(beforeQ2.messages.map((m) => m.messageId)).toEqual([a1!.messageId]);
    expect(beforeQ2.hasMore).toBe(true);
    expect((await page(a1!.messageId)).messages.map((m) => m.messageId)).toEqual([q1]);
  });

  it('cancel for a reply waiting its turn ends it at once: stopped, empty, stored, no typing frames; the running reply goes on', async () => {
    // A reply waits with an id the client knows when its turn failed mid-reply and was
    // re-sent while the next turn's reply was being generated.
    const server = await startServer({ paceMs: 30, faults: 'agent-fail' });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const q1 = {
      action: 'chat_message',
      sessionId,
      clientMessageId: 'q1',
      content: 'Show cost by service',
    };
    client.send(q1);
    const ack1 = await client.next('message_ack');
    const partial = await client.next('assistant_delta');
    await client.next('error');
    server.backend.setFaults({});
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'q2',
      content: 'Forecast next month',
    });
    const ack2 = await client.next('message_ack');
    const running = await client.next('assistant_delta');

    const start = client.position;
    client.send(q1);
    expect(await client.next('message_ack')).toMatchObject({ messageId: ack1.messageId });
    client.send({ action: 'cancel', sessionId, messageId: partial.messageId });
    const stopped = await client.next('assistant_message');
    expect(stopped).toMatchObject({
      stored: true,
      message: {
        messageId: partial.messageId,
        replyTo: ack1.messageId,
        stopped: true,
        content: '',
      },
    });
    const second = await client.next('assistant_message');
    expect(second.message).toMatchObject({ messageId: running.messageId, replyTo: ack2.messageId });
    expect(second.message.stopped).toBeUndefined();
    await client.next((f) => f.type === 'typing' && !f.isTyping);
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
    const frames = client.frames.slice(start);
    // Only the running reply's typing off; nothing at all of the cancelled one.
    expect(frames.filter((f) => f.type === 'typing')).toMatchObject([{ isTyping: false }]);
    expect(
      frames.some((f) => f.type === 'assistant_delta' && f.messageId === partial.messageId),
    ).toBe(false);

    // Stored: a re-send gets the same stopped message, and it sits under its question.
    client.send(q1);
    await client.next('message_ack');
    const again = await client.next('assistant_message');
    expect([again.stored, again.message]).toEqual([true, stopped.message]);
    const opened = await openSession(client, sessionId);
    expect(opened.messages.map((m) => m.messageId)).toEqual([
      ack1.messageId,
      partial.messageId,
      ack2.messageId,
      running.messageId,
    ]);
  });

  it('cancel after the end is not an error: the final message if the reply has one, nothing otherwise', async () => {
    const server = await startServer({ faults: 'agent-fail' });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'failing',
      content: 'Show cost by service',
    });
    const failedReply = await client.next('assistant_delta');
    await client.next('error');
    server.backend.setFaults({});
    const { final } = await chatTurn(client, sessionId, 'Forecast next month');

    const start = client.position;
    client.send({ action: 'cancel', sessionId, messageId: final.message.messageId });
    const again = await client.next('assistant_message');
    expect([again.stored, again.message]).toEqual([true, final.message]);
    // A reply that failed has no final message; an id the session never had has none either.
    client.send({ action: 'cancel', sessionId, messageId: failedReply.messageId });
    client.send({ action: 'cancel', sessionId, messageId: 'm-unknown' });
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
    expect(client.frames.slice(start).map((f) => f.type)).toEqual(['assistant_message', 'pong']);

    // A session that is not the user's is still not found.
    const unknown = await client.request({
      action: 'cancel',
      sessionId: 's-never',
      messageId: 'm-1',
    });
    expect(unknown).toMatchObject({ type: 'error', code: 'SESSION_NOT_FOUND', retryable: false });
  });
});

async function userMessage(client: TestClient, sessionId: string, messageId: string) {
  const opened = await openSession(client, sessionId);
  const message = opened.messages.find((m) => m.messageId === messageId);
  if (!message) throw new Error(`no message ${messageId}`);
  return message;
}
