import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';
import type { ServerFrame, ServerFrameOf } from '../../../src/protocol/types';
import { startMockServer } from '../../../src/mock-server/transport/server';
import { TestClient, chatTurn, openSession, startServer } from './harness';

const NOW = Date.UTC(2026, 10, 21, 10);
const fixedClock = () => NOW;

function deltasOf(frames: ServerFrame[]): Array<ServerFrameOf<'assistant_delta'>> {
  return frames.flatMap((f) => (f.type === 'assistant_delta' ? [f] : []));
}

function chartBlocks(content: string): unknown[] {
  return [...content.matchAll(/```chart\n(.+?)\n```/gs)].map((m) => JSON.parse(m[1]!));
}

describe('chat_message', () => {
  it('is idempotent: a re-send of a finished turn gets the same ack and the same reply', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const first = await chatTurn(client, sessionId, 'Show cost by service', 'same-id');
    const resendId = client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'same-id',
      content: 'Show cost by service',
    });
    const ack = await client.next('message_ack');
    const final = await client.next('assistant_message');
    expect(ack).toMatchObject({
      requestId: resendId,
      messageId: first.ack.messageId,
      stored: true,
    });
    expect(final.message).toEqual(first.final.message);
    const opened = await openSession(client, sessionId);
    expect(opened.session.messageCount).toBe(2);
  });

  it('sends the rest of a reply still streaming to the newest connection that re-sends it', async () => {
    const server = await startServer({ paceMs: 40 });
    const userId = randomUUID();
    const old = await TestClient.forUser(server, userId);
    const { sessionId } = await openSession(old);
    old.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'c-stream',
      content: 'Show cost by service',
    });
    const ack = await old.next('message_ack');
    const firstDelta = await old.next('assistant_delta');
    old.ws.terminate();

    const fresh = await TestClient.forUser(server, userId);
    await openSession(fresh, sessionId);
    fresh.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'c-stream',
      content: 'Show cost by service',
    });
    const frames = await fresh.collectUntil((f) => f.type === 'typing' && !f.isTyping);
    const reAck = frames.find((f) => f.type === 'message_ack');
    expect(reAck).toMatchObject({ messageId: ack.messageId, stored: true });
    const deltas = deltasOf(frames);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas[0]!.seq).toBeGreaterThan(0);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => deltas[0]!.seq + i));
    expect((await fresh.request({ action: 'ping' })).type).toBe('pong');
    expect(fresh.frames.filter((f) => f.type === 'assistant_message')).toHaveLength(1);
    const final = frames.find((f) => f.type === 'assistant_message');
    expect(final?.type === 'assistant_message' && final.message.messageId).toBe(
      firstDelta.messageId,
    );
    expect(
      final?.type === 'assistant_message' && final.message.content.startsWith(firstDelta.delta),
    ).toBe(true);
    expect(frames.findIndex((f) => f.type === 'message_ack')).toBeLessThan(
      frames.findIndex((f) => f.type === 'assistant_delta'),
    );
    expect((await openSession(fresh, sessionId)).session.messageCount).toBe(2);
  });

  it('keeps generating a reply when its connection drops (1006); a re-send gets it once', async () => {
    // Frame 4 is the first delta (session_opened, message_ack, typing, delta); the second
    // connection is not affected.
    const server = await startServer({ paceMs: 20, faults: 'drop-after=4#1' });
    const userId = randomUUID();
    const old = await TestClient.forUser(server, userId);
    const { sessionId } = await openSession(old);
    const question = { action: 'chat_message', sessionId, clientMessageId: 'c-drop' };
    old.send({ ...question, content: 'Show cost by service' });
    const ack = await old.next('message_ack');
    expect((await old.closed).code).toBe(1006);

    const fresh = await TestClient.forUser(server, userId);
    // Wait until the reply has finished and been stored while nobody was listening.
    for (;;) {
      if ((await openSession(fresh, sessionId)).session.messageCount === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const start = fresh.position;
    fresh.send({ ...question, content: 'Show cost by service' });
    const reAck = await fresh.next('message_ack');
    const final = await fresh.next('assistant_message');
    expect((await fresh.request({ action: 'ping' })).type).toBe('pong');
    const frames = fresh.frames.slice(start);
    expect(reAck).toMatchObject({ messageId: ack.messageId, stored: true });
    expect(frames.filter((f) => f.type === 'assistant_message')).toEqual([final]);
    expect(frames.some((f) => f.type === 'assistant_delta')).toBe(false);
    expect(final).toMatchObject({ stored: true, message: { replyTo: ack.messageId } });
    expect(final.message.stopped).toBeUndefined();
  });

  it('cancel ends the reply with what was generated, marked stopped, and starts the next queued turn', async () => {
    const server = await startServer({ paceMs: 60_000 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'q1',
      content: 'Show cost by service',
    });
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'q2',
      content: 'Forecast next month',
    });
    const ack1 = await client.next('message_ack');
    const delta = await client.next('assistant_delta');
    const ack2 = await client.next('message_ack');
    expect(delta).toMatchObject({ seq: 0, replyTo: ack1.messageId });

    const cancelId = client.send({ action: 'cancel', sessionId, messageId: delta.messageId });
    const stopped = await client.next('assistant_message');
    expect(stopped.message).toMatchObject({
      messageId: delta.messageId,
      stopped: true,
      content: delta.delta,
      replyTo: ack1.messageId,
    });
    // A stopped answer keeps its suggestions (the reader may want one instead of the rest).
    expect(stopped.message.followUps?.length ?? 0).toBeGreaterThan(0);
    expect(await client.next('typing')).toMatchObject({ isTyping: false });
    expect(cancelId).toBeDefined();

    // The second turn only starts now, and sees the first (stopped) reply as context.
    const typing = await client.next('typing');
    expect(typing).toMatchObject({ isTyping: true, agent: 'cost-forecast-agent' });
    const second = await client.next('assistant_delta');
    expect(second).toMatchObject({ seq: 0, replyTo: ack2.messageId });
    client.send({ action: 'cancel', sessionId, messageId: second.messageId });
    expect((await client.next('assistant_message')).message.stopped).toBe(true);

    // Cancelling what is already over re-sends the final message (see 'cancel after the end'
    // below for the rest).
    client.send({ action: 'cancel', sessionId, messageId: delta.messageId });
    const final = await client.next((f) => f.type === 'assistant_message' || f.type === 'error');
    expect(final.type === 'assistant_message' && final.message).toEqual(stopped.message);
  });

  it('acknowledges a few queued messages and rate-limits a queue flood', async () => {
    const server = await startServer({ paceMs: 60_000 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    for (let i = 0; i < 10; i++) {
      client.send({
        action: 'chat_message',
        sessionId,
        clientMessageId: `flood-${i}`,
        content: `question ${i}`,
      });
    }
    const replies: ServerFrame[] = [];
    while (replies.length < 10) {
      replies.push(await client.next((f) => f.type === 'message_ack' || f.type === 'error'));
    }
    expect(replies.filter((f) => f.type === 'message_ack')).toHaveLength(9);
    expect(replies[9]).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      clientMessageId: 'flood-9',
      retryable: true,
    });
    expect(replies[9]!.type === 'error' && replies[9]!.retryAfterMs).toBeGreaterThan(0);
  });

  it('answers in the currency asked for, saves it and pushes preferences_updated', async () => {
    const server = await startServer({ now: fixedClock });
    const userId = randomUUID();
    const client = await TestClient.forUser(server, userId);
    const otherTab = await TestClient.forUser(server, userId);
    const { sessionId } = await openSession(client);
    const usd = await chatTurn(client, sessionId, 'What did EC2 cost last month?');
    expect(usd.final.message.content).toMatch(/\$[\d,]+\.\d\d/);

    const eur = await chatTurn(client, sessionId, 'show me this in euros');
    const pushed = eur.frames.find((f) => f.type === 'preferences_updated');
    expect(pushed).toMatchObject({ preferences: { ...DEFAULT_PREFERENCES, currency: 'EUR' } });
    expect(pushed && 'requestId' in pushed ? pushed.requestId : undefined).toBeUndefined();
    expect(eur.frames.indexOf(pushed!)).toBeLessThan(
      eur.frames.findIndex((f) => f.type === 'assistant_message'),
    );
    expect(eur.final.message.content).toMatch(/€[\d,]+\.\d\d/);
    expect(eur.final.message.content).toMatch(/Amazon EC2/);
    expect(eur.final.message.content).not.toMatch(/\$\d/);
    expect(await otherTab.next('preferences_updated')).toMatchObject({
      preferences: { currency: 'EUR' },
    });
    expect((await openSession(client)).preferences.currency).toBe('EUR');
  });

  it('update_preferences merges a subset, answers with requestId and tells the other tabs', async () => {
    const server = await startServer();
    const userId = randomUUID();
    const client = await TestClient.forUser(server, userId);
    const otherTab = await TestClient.forUser(server, userId);
    const stranger = await TestClient.forUser(server);
    const reply = await client.request({
      action: 'update_preferences',
      preferences: { timeRange: '90d' },
    });
    expect(reply).toMatchObject({
      type: 'preferences_updated',
      requestId: 'r1',
      preferences: { ...DEFAULT_PREFERENCES, timeRange: '90d' },
    });
    const pushed = await otherTab.next('preferences_updated');
    expect(pushed.requestId).toBeUndefined();
    expect((await openSession(stranger)).preferences).toEqual(DEFAULT_PREFERENCES);
    const bad = await client.request({
      action: 'update_preferences',
      preferences: { currency: 'euro' },
    });
    expect(bad).toMatchObject({ type: 'error', code: 'BAD_REQUEST' });

    const { sessionId } = await openSession(client);
    const turn = await chatTurn(client, sessionId, 'Show cost by service');
    expect(turn.final.message.content).toMatch(/last 90 days/);
  });

  it('uses the last messages as context: "and last quarter?" refers to the service asked about', async () => {
    const server = await startServer({ now: fixedClock });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    await chatTurn(client, sessionId, 'What did RDS cost last month?');
    const { final } = await chatTurn(client, sessionId, 'and last quarter?');
    expect(final.message.content).toMatch(/Following up on/);
    // A calendar quarter, as Cost Explorer means it (the clock says 21 Nov 2026).
    expect(final.message.content).toMatch(/### RDS cost, Q3 2026 \(1 Jul – 30 Sep\)/);
  });

  it('streams a reply as a model does by default: word-sized deltas, one per tick', async () => {
    // Not the harness: its servers stream coarse deltas. A short pace keeps this test quick.
    const server = await startMockServer({ port: 0, paceMs: 2, log: () => undefined });
    try {
      const client = await TestClient.forUser(server);
      const started = Date.now();
      const { frames, final } = await chatTurn(
        client,
        (await openSession(client)).sessionId,
        'Are we on budget?',
      );
      const elapsed = Date.now() - started;
      const deltas = deltasOf(frames);
      expect(deltas.map((d) => d.delta).join('')).toBe(final.message.content);
      expect(deltas.every((d) => d.delta.length <= 12)).toBe(true);
      expect(deltas.length).toBeGreaterThan(final.message.content.length / 12);
      // Paced: a timer per delta, not all at once.
      expect(elapsed).toBeGreaterThanOrEqual((deltas.length - 1) * 2);
      client.ws.close();
    } finally {
      await server.close();
    }
  }, 30_000);

  it('gives the same figures for the same question', async () => {
    const server = await startServer({ now: fixedClock });
    const a = await TestClient.forUser(server);
    const b = await TestClient.forUser(server);
    const answerA = await chatTurn(a, (await openSession(a)).sessionId, 'Forecast next month');
    const answerB = await chatTurn(b, (await openSession(b)).sessionId, 'Forecast next month');
    expect(answerA.final.message.content).toBe(answerB.final.message.content);
    expect(answerA.final.message.content).toMatch(/\*\*\$[\d,]+\.\d\d\*\*/);
  });

  const topics: Array<[string, string[], RegExp[]]> = [
    ['Show cost by service', ['cost-forecast-agent'], [/^\| Service \| Cost/m, /```chart/]],
    ['Show the spend trend', ['cost-forecast-agent'], [/```chart/]],
    ['Forecast next month', ['cost-forecast-agent'], [/```chart/, /expect/]],
    [
      'Are we on budget?',
      ['cost-forecast-agent', 'budget-management-agent'],
      [/^\| Budget \|/m, /```bash/],
    ],
    [
      'Any rightsizing recommendations?',
      ['trusted-advisor-agent'],
      [/^\| Check \|/m, /```bash\naws /],
    ],
    ['Any cost anomalies?', ['cost-forecast-agent'], [/### Cost anomalies/]],
    [
      'What is our Savings Plans coverage?',
      ['cost-forecast-agent', 'trusted-advisor-agent'],
      [/Coverage|coverage/, /```bash/],
    ],
  ];
  it.each(topics)(
    'answers %j with its agents, typing frames naming them, and follow-ups',
    async (question, agents, patterns) => {
      const server = await startServer({ now: fixedClock });
      const client = await TestClient.forUser(server);
      const { frames, final } = await chatTurn(
        client,
        (await openSession(client)).sessionId,
        question,
      );
      expect(final.message.agentsUsed).toEqual(agents);
      const typingAgents = frames.flatMap((f) =>
        f.type === 'typing' && f.isTyping ? [f.agent] : [],
      );
      expect(typingAgents).toEqual(agents);
      for (const pattern of patterns) expect(final.message.content).toMatch(pattern);
      for (const chart of chartBlocks(final.message.content)) {
        expect(chart).toMatchObject({
          type: expect.stringMatching(/^(bar|line|pie)$/),
          unit: 'USD',
        });
        const { categories, series } = chart as {
          categories: string[];
          series: Array<{ data: number[] }>;
        };
        for (const s of series) expect(s.data).toHaveLength(categories.length);
      }
      expect(final.message.followUps!.length).toBeGreaterThan(0);
      expect(final.message.followUps!.length).toBeLessThanOrEqual(4);
      expect(final.message.content).toBe(
        deltasOf(frames)
          .map((d) => d.delta)
          .join(''),
      );
    },
  );
});
