import { describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaultSpec } from '../../../src/mock-server/backend/faults';
import type { ServerFrame, ServerFrameOf } from '../../../src/protocol/types';
import { STATELESS_TURN_TTL_MS } from '../../../src/mock-server/backend/StatelessTurns';
import { TestClient, chatTurn, expectPlainWords, openSession, startServer } from './harness';

function deltasOf(frames: ServerFrame[]): Array<ServerFrameOf<'assistant_delta'>> {
  return frames.flatMap((f) => (f.type === 'assistant_delta' ? [f] : []));
}

describe('parseFaultSpec', () => {
  it('parses every fault', () => {
    expect(
      parseFaultSpec(
        'drop-after=5#2, close=4000@3#1:server restart,latency=10-20,dup-delta,drop-delta=0.25,storage-down=0.5,rate-limit=3/1000,agent-fail,internal-error=0.1,seed=42',
      ),
    ).toEqual({
      dropAfter: { frames: 5, connections: 2 },
      close: { code: 4000, afterFrames: 3, reason: 'server restart', connections: 1 },
      latency: { minMs: 10, maxMs: 20 },
      duplicateDelta: 1,
      dropDelta: 0.25,
      storageDown: 0.5,
      rateLimit: { frames: 3, windowMs: 1000 },
      agentFail: 1,
      internalError: 0.1,
      seed: 42,
    });
    expect(parseFaultSpec('close=1008')).toEqual({
      close: { code: 1008, afterFrames: 0, reason: 'fault injection' },
    });
    expect(parseFaultSpec('latency=50')).toEqual({ latency: { minMs: 50, maxMs: 50 } });
    expect(parseFaultSpec('')).toEqual({});
  });

  it.each([
    'explode',
    'drop-after',
    'drop-after=x',
    'close=1006',
    'close=999',
    'latency=20-10',
    'dup-delta=1.5',
    'storage-down=',
    'rate-limit=0/100',
    'rate-limit=5',
    'seed=abc',
  ])('rejects %j with a readable message', (spec) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
  });
});

describe('fault injection over a real socket', () => {
  it('drop-after=N aborts the connection after N frames (the client sees 1006)', async () => {
    const server = await startServer({ faults: 'drop-after=3' });
    const client = await TestClient.forUser(server);
    for (let i = 0; i < 5; i++) client.send({ action: 'ping' });
    expect((await client.closed).code).toBe(1006);
    expect(client.frames.map((f) => f.type)).toEqual(['pong', 'pong', 'pong']);
  });

  it('close=CODE@N:REASON closes with that code and reason; #K limits it to the first K connections', async () => {
    const server = await startServer({ faults: 'close=4001@2#1:try later' });
    const first = await TestClient.forUser(server);
    first.send({ action: 'ping' });
    first.send({ action: 'ping' });
    expect(await first.closed).toEqual({ code: 4001, reason: 'try later' });
    expect(first.frames).toHaveLength(2);
    const second = await TestClient.forUser(server);
    for (let i = 0; i < 3; i++)
      expect((await second.request({ action: 'ping' })).type).toBe('pong');
  });

  it('close=1008 closes at once, as a policy violation', async () => {
    const server = await startServer({ faults: 'close=1008:token expired' });
    const client = await TestClient.forUser(server);
    expect(await client.closed).toEqual({ code: 1008, reason: 'token expired' });
  });

  it('latency delays frames without reordering them', async () => {
    const server = await startServer({ faults: 'latency=0-15,seed=3' });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
    for (const requestId of ids) client.send({ action: 'ping', requestId });
    const pongs: string[] = [];
    while (pongs.length < ids.length) pongs.push((await client.next('pong')).requestId);
    expect(pongs).toEqual(ids);
    const { frames, final } = await chatTurn(client, sessionId, 'Show cost by service');
    const deltas = deltasOf(frames);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i));
    expect(final.message.content).toBe(deltas.map((d) => d.delta).join(''));
  });

  it('dup-delta sends deltas twice; the final message still has the content once', async () => {
    const server = await startServer({ faults: 'dup-delta' });
    const client = await TestClient.forUser(server);
    const { frames, final } = await chatTurn(
      client,
      (await openSession(client)).sessionId,
      'Show cost by service',
    );
    const deltas = deltasOf(frames);
    const seqs = deltas.map((d) => d.seq);
    expect(seqs.length).toBeGreaterThan(2);
    expect(seqs).toEqual(seqs.flatMap((_, i) => (i % 2 === 0 ? [i / 2, i / 2] : [])));
    expect(final.message.content).toBe(
      deltas
        .filter((_, i) => i % 2 === 0)
        .map((d) => d.delta)
        .join(''),
    );
  });

  it('drop-delta leaves seq gaps; drop-delta=1 sends none, and the final message is whole', async () => {
    const some = await startServer({ faults: 'drop-delta=0.5,seed=11' });
    const a = await TestClient.forUser(some);
    const turn = await chatTurn(a, (await openSession(a)).sessionId, 'Show cost by service');
    const seqs = deltasOf(turn.frames).map((d) => d.seq);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs.at(-1)! + 1).toBeGreaterThan(seqs.length);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);

    const all = await startServer({ faults: 'drop-delta' });
    const b = await TestClient.forUser(all);
    const whole = await chatTurn(b, (await openSession(b)).sessionId, 'Show cost by service');
    expect(deltasOf(whole.frames)).toEqual([]);
    expect(whole.final.message.content).toBe(turn.final.message.content);
  });

  it('storage-down answers chat statelessly (stored: false) and refuses storage actions as retryable', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    server.backend.setFaults({ storageDown: 1 });

    const opened = await client.request({ action: 'open_session' });
    expect(opened).toMatchObject({ type: 'error', code: 'STORAGE_UNAVAILABLE', retryable: true });
    for (const action of [
      'list_sessions',
      'update_preferences',
      'rename_session',
      'clear_session',
      'delete_session',
    ]) {
      const frame = { action, sessionId, title: 't', preferences: { currency: 'EUR' } };
      expect(await client.request(frame), action).toMatchObject({
        type: 'error',
        code: 'STORAGE_UNAVAILABLE',
      });
    }
    const turn = await chatTurn(client, sessionId, 'Show cost by service');
    expect(turn.ack.stored).toBe(false);
    expect(turn.final.stored).toBe(false);
    expect(turn.final.message.content).toMatch(/Cost by service/);
    expect((await client.request({ action: 'ping' })).type).toBe('pong');

    server.backend.setFaults({});
    const after = await openSession(client, sessionId);
    expect(after.session.messageCount).toBe(0);
    expect((await chatTurn(client, sessionId, 'Show cost by service')).final.stored).toBe(true);
  });

  it('storage-down: a re-send joins a stateless reply still streaming, also once storage is back', async () => {
    const server = await startServer({ paceMs: 20 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    server.backend.setFaults({ storageDown: 1 });
    const question = {
      action: 'chat_message',
      sessionId,
      clientMessageId: 'c-outage',
      content: 'Show cost by service',
    };
    const start = client.position;
    client.send(question);
    const ack = await client.next('message_ack');
    expect(ack.stored).toBe(false);
    await client.next('assistant_delta');
    client.send(question);
    await client.next('assistant_delta');
    // Storage is back, but the reply to this message is still being generated: join it.
    server.backend.setFaults({});
    client.send(question);
    const frames = await client.collectUntil((f) => f.type === 'typing' && !f.isTyping, start);
    const acks = frames.filter((f) => f.type === 'message_ack');
    expect(acks).toHaveLength(3);
    expect(acks.every((f) => f.messageId === ack.messageId && !f.stored)).toBe(true);
    const deltas = deltasOf(frames);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i));
    expect(new Set(deltas.map((d) => d.messageId)).size).toBe(1);
    const finals = frames.filter((f) => f.type === 'assistant_message');
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({ stored: false, message: { replyTo: ack.messageId } });
  });

  it('storage-down: a stateless reply can be cancelled and stops on shutdown', async () => {
    const server = await startServer({ paceMs: 20, faults: 'storage-down' });
    const client = await TestClient.forUser(server);
    client.send({
      action: 'chat_message',
      sessionId: 's-any',
      clientMessageId: 'c-1',
      content: 'Show cost by service',
    });
    const delta = await client.next('assistant_delta');
    const cancelId = client.send({
      action: 'cancel',
      sessionId: 's-any',
      messageId: delta.messageId,
    });
    const stopped = await client.next('assistant_message');
    expect(stopped).toMatchObject({
      stored: false,
      message: { stopped: true, messageId: delta.messageId },
    });
    expect(stopped.message.content.startsWith(delta.delta)).toBe(true);
    await client.next((f) => f.type === 'typing' && !f.isTyping);
    expect(client.frames.some((f) => f.type === 'error' && f.requestId === cancelId)).toBe(false);

    client.send({
      action: 'chat_message',
      sessionId: 's-any',
      clientMessageId: 'c-2',
      content: 'Show cost by service',
    });
    await client.next('assistant_delta');
    await server.close();
    expect((await client.closed).code).toBe(1001);
    // Shutdown stops the stateless reply like any other: typing off, no final message.
    expect(client.frames.at(-1)).toMatchObject({ type: 'typing', isTyping: false });
    expect(client.frames.filter((f) => f.type === 'assistant_message')).toHaveLength(1);
  });

  it('storage-down: a reply whose final write failed is generated again on a re-send', async () => {
    const server = await startServer({ paceMs: 20 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'c-lost',
      content: 'Show cost by service',
    });
    const ack = await client.next('message_ack');
    await client.next('assistant_delta');
    server.backend.setFaults({ storageDown: 1 });
    const unstored = await client.next('assistant_message');
    expect(unstored.stored).toBe(false);
    server.backend.setFaults({});

    const retry = await chatTurn(client, sessionId, 'Show cost by service', 'c-lost');
    expect(retry.ack).toMatchObject({ messageId: ack.messageId, stored: true });
    expect(retry.final.stored).toBe(true);
    // Generated again under the same messageId: the client replaces the unstored reply.
    expect(retry.final.message.messageId).toBe(unstored.message.messageId);
    expect((await openSession(client, sessionId)).session.messageCount).toBe(2);
  });

  it('rate-limit=N/MS answers RATE_LIMITED with retryAfterMs and keeps the connection', async () => {
    const server = await startServer({ faults: 'rate-limit=3/60000', now: () => 0 });
    const client = await TestClient.forUser(server);
    for (let i = 0; i < 3; i++)
      expect((await client.request({ action: 'ping' })).type).toBe('pong');
    const limited = await client.request({ action: 'ping', requestId: 'late' });
    expect(limited).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      requestId: 'late',
      retryable: true,
      retryAfterMs: 20_000,
    });
  });

  it('agent-fail ends the turn with AGENT_FAILED; a re-send of the same clientMessageId retries it', async () => {
    const server = await startServer({ faults: 'agent-fail' });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'fragile',
      content: 'Show cost by service',
    });
    const frames = await client.collectUntil((f) => f.type === 'typing' && !f.isTyping);
    const ack = frames[0] as ServerFrameOf<'message_ack'>;
    const failure = frames.find((f) => f.type === 'error');
    expect(failure).toMatchObject({
      code: 'AGENT_FAILED',
      retryable: true,
      clientMessageId: 'fragile',
      sessionId,
      requestId: ack.requestId,
    });
    expect(frames.some((f) => f.type === 'assistant_message')).toBe(false);
    const failedId = deltasOf(frames)[0]?.messageId;

    server.backend.setFaults({});
    const retry = await chatTurn(client, sessionId, 'Show cost by service', 'fragile');
    expect(retry.ack.messageId).toBe(ack.messageId);
    expect(retry.final.message.messageId).toBe(failedId);
    expect(retry.final.message.replyTo).toBe(ack.messageId);
    expect((await openSession(client, sessionId)).session.messageCount).toBe(2);
  });

  it('agent-fail: an error in words, the queued turn goes next with no frame interleaved, and a re-send regenerates from seq 0 under the same messageId', async () => {
    const server = await startServer({ paceMs: 5, faults: 'agent-fail' });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const q1 = {
      action: 'chat_message',
      sessionId,
      clientMessageId: 'q1',
      content: 'Show cost by service',
    };
    const start = client.position;
    const requestId = client.send(q1);
    client.send({ ...q1, clientMessageId: 'q2', content: 'Forecast next month' });
    const failure = await client.next('error');
    const second = await client.next('error');
    await client.next((f) => f.type === 'typing' && !f.isTyping);
    const frames = client.frames.slice(start, client.position);
    const [ack1, ack2] = frames.filter(
      (f): f is ServerFrameOf<'message_ack'> => f.type === 'message_ack',
    );
    expect(failure).toMatchObject({
      code: 'AGENT_FAILED',
      retryable: true,
      requestId,
      sessionId,
      clientMessageId: 'q1',
    });
    expectPlainWords(failure.message);
    expect(second).toMatchObject({ code: 'AGENT_FAILED', clientMessageId: 'q2' });
    // The failed turn is over: typing off, then the queued turn, none of its frames before.
    const failedAt = frames.indexOf(failure);
    expect(frames[failedAt + 1]).toMatchObject({ type: 'typing', isTyping: false });
    expect(frames[failedAt + 2]).toMatchObject({ type: 'typing', isTyping: true });
    const partial = deltasOf(frames.slice(0, failedAt));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((d) => d.replyTo === ack1!.messageId)).toBe(true);
    expect(deltasOf(frames.slice(failedAt)).every((d) => d.replyTo === ack2!.messageId)).toBe(true);

    server.backend.setFaults({});
    const retry = await chatTurn(client, sessionId, 'Show cost by service', 'q1');
    expect(retry.ack.messageId).toBe(ack1!.messageId);
    const deltas = deltasOf(retry.frames);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i));
    expect(new Set(deltas.map((d) => d.messageId))).toEqual(new Set([partial[0]!.messageId]));
    expect(retry.final.message.messageId).toBe(partial[0]!.messageId);
    expect(retry.final.message.content.startsWith(partial.map((d) => d.delta).join(''))).toBe(true);
    const opened = await openSession(client, sessionId);
    expect(opened.messages.map((m) => m.messageId)).toEqual([
      retry.ack.messageId,
      retry.final.message.messageId,
      ack2!.messageId,
    ]);
  });

  it('agent-fail during a storage outage: a re-send regenerates the stateless reply under the same ids', async () => {
    const server = await startServer({ paceMs: 5, faults: 'agent-fail,storage-down' });
    const client = await TestClient.forUser(server);
    const question = {
      action: 'chat_message',
      sessionId: 's-any',
      clientMessageId: 'c-1',
      content: 'Show cost by service',
    };
    client.send(question);
    const ack = await client.next('message_ack');
    const partial = await client.next('assistant_delta');
    expect(await client.next('error')).toMatchObject({ code: 'AGENT_FAILED', retryable: true });
    server.backend.setFaults({ storageDown: 1 });
    const retry = await chatTurn(client, 's-any', question.content, 'c-1');
    expect(retry.ack).toMatchObject({ messageId: ack.messageId, stored: false });
    expect(deltasOf(retry.frames)[0]).toMatchObject({ seq: 0, messageId: partial.messageId });
    expect(retry.final).toMatchObject({ stored: false, message: { messageId: partial.messageId } });
  });

  it('storage-down: a re-send after the stateless reply ended gets the same ack and answer, no duplicate, until the record expires', async () => {
    const clock = { t: Date.UTC(2026, 10, 29, 9) };
    const server = await startServer({ now: () => clock.t });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    server.backend.setFaults({ storageDown: 1 });
    const first = await chatTurn(client, sessionId, 'Show cost by service', 'c-outage');
    expect(first.ack.stored).toBe(false);
    expect(first.final.stored).toBe(false);

    const resend = async () => {
      const start = client.position;
      client.send({
        action: 'chat_message',
        sessionId,
        clientMessageId: 'c-outage',
        content: 'Show cost by service',
      });
      const ack = await client.next('message_ack');
      const final = await client.next('assistant_message');
      expect((await client.request({ action: 'ping' })).type).toBe('pong');
      return { ack, final, types: client.frames.slice(start).map((f) => f.type) };
    };
    for (const storage of ['down', 'back'] as const) {
      if (storage === 'back') server.backend.setFaults({});
      const again = await resend();
      expect(again.types, storage).toEqual(['message_ack', 'assistant_message', 'pong']);
      expect(again.ack).toMatchObject({ messageId: first.ack.messageId, stored: false });
      expect([again.final.stored, again.final.message]).toEqual([false, first.final.message]);
    }
    // A cancel after the end is answered from the same record.
    client.send({ action: 'cancel', sessionId, messageId: first.final.message.messageId });
    expect((await client.next('assistant_message')).message).toEqual(first.final.message);
    expect((await openSession(client, sessionId)).session.messageCount).toBe(0);

    // An hour later the record is gone: the re-send is a new question, stored this time.
    clock.t += STATELESS_TURN_TTL_MS;
    const later = await chatTurn(client, sessionId, 'Show cost by service', 'c-outage');
    expect(later.ack.stored).toBe(true);
    expect(later.ack.messageId).not.toBe(first.ack.messageId);
    expect((await openSession(client, sessionId)).session.messageCount).toBe(2);
  });

  it('internal-error answers INTERNAL (retryable) with the requestId and keeps the connection', async () => {
    const server = await startServer({ faults: 'internal-error' });
    const client = await TestClient.forUser(server);
    const reply = await client.request({ action: 'list_sessions', requestId: 'boom' });
    expect(reply).toMatchObject({
      type: 'error',
      code: 'INTERNAL',
      requestId: 'boom',
      retryable: true,
    });
    server.backend.setFaults({});
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
    expect(server.log.some((line) => /INTERNAL/.test(line))).toBe(true);
  });
});
