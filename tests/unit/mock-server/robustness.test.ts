import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../src/protocol/types';
import { TestClient, chatTurn, expectPlainWords, openSession, startServer } from './harness';

describe('hostile input', () => {
  it('rate-limits a flood per connection with RATE_LIMITED and recovers when the window passes', async () => {
    const clock = { t: 0 };
    const server = await startServer({ now: () => clock.t });
    const client = await TestClient.forUser(server);
    const bystander = await TestClient.forUser(server);
    for (let i = 0; i < 150; i++) client.send({ action: 'ping', requestId: `f${i}` });
    const replies: ServerFrame[] = [];
    while (replies.length < 150) replies.push(await client.next(() => true));
    expect(replies.filter((f) => f.type === 'pong')).toHaveLength(100);
    const limited = replies.filter((f) => f.type === 'error');
    expect(limited).toHaveLength(50);
    expect(limited[0]).toMatchObject({ code: 'RATE_LIMITED', requestId: 'f100', retryable: true });
    expect(limited.every((f) => f.type === 'error' && f.retryAfterMs! > 0)).toBe(true);
    expect((await bystander.request({ action: 'ping' })).type).toBe('pong');

    clock.t += 10_000;
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
    expect(server.log.some((line) => /rate limited/.test(line))).toBe(true);
  });

  it('answers binary frames and invalid UTF-8 with BAD_REQUEST', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const binary = await client.next('error');
    expect(binary).toMatchObject({ code: 'BAD_REQUEST' });
    expectPlainWords(binary.message);
    client.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await client.next('error')).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
  });

  it('survives thousands of random and mutated frames, then still answers ping and chat_message', async () => {
    const server = await startServer({ rateLimit: { frames: 1_000_000, windowMs: 1000 } });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const { ack } = await chatTurn(client, sessionId, 'Show cost by service', 'known-cmid');

    const id = fc.oneof(
      fc.constantFrom(sessionId, ack.messageId, 'known-cmid', ''),
      fc.string({ maxLength: 300 }),
    );
    const validFrames = fc.oneof(
      fc.record({ action: fc.constant('ping'), requestId: id }),
      fc.record(
        { action: fc.constant('open_session'), requestId: id, sessionId: id },
        { requiredKeys: ['action', 'requestId'] },
      ),
      fc.record({
        action: fc.constant('chat_message'),
        requestId: id,
        sessionId: id,
        clientMessageId: id,
        content: fc.string({ maxLength: 9000 }),
      }),
      fc.record({
        action: fc.constant('load_history'),
        requestId: id,
        sessionId: id,
        before: id,
        limit: fc.integer({ min: -5, max: 200 }),
      }),
      fc.record({ action: fc.constant('list_sessions'), requestId: id }),
      fc.record({
        action: fc.constant('rename_session'),
        requestId: id,
        sessionId: id,
        title: fc.string({ maxLength: 200 }),
      }),
      fc.record({
        action: fc.constantFrom('clear_session', 'delete_session'),
        requestId: id,
        sessionId: fc.constant('s-elsewhere'),
      }),
      fc.record({
        action: fc.constant('update_preferences'),
        requestId: id,
        preferences: fc.record(
          {
            currency: fc.string({ maxLength: 4 }),
            timeRange: fc.constantFrom('7d', '30d', 'forever'),
            detailLevel: fc.string(),
          },
          { requiredKeys: [] },
        ),
      }),
      fc.record({ action: fc.constant('cancel'), requestId: id, sessionId: id, messageId: id }),
    );
    const mutated = fc
      .tuple(
        validFrames,
        fc.constantFrom('drop', 'retype', 'rename', 'pad', 'array', 'twice'),
        fc.jsonValue(),
        fc.string(),
      )
      .map(([frame, how, value, text]) => {
        const obj: Record<string, unknown> = { ...frame };
        const keys = Object.keys(obj);
        const key = keys[text.length % keys.length]!;
        switch (how) {
          case 'drop':
            delete obj[key];
            return JSON.stringify(obj);
          case 'retype':
            obj[key] = value;
            return JSON.stringify(obj);
          case 'rename':
            obj.action = text;
            return JSON.stringify(obj);
          case 'pad':
            obj.pad = 'x'.repeat(33 * 1024);
            return JSON.stringify(obj);
          case 'array':
            return JSON.stringify([obj]);
          default:
            return JSON.stringify(JSON.stringify(obj));
        }
      });
    const anyFrame = fc.oneof(
      { arbitrary: mutated, weight: 4 },
      { arbitrary: validFrames.map((f) => JSON.stringify(f)), weight: 2 },
      { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'), weight: 2 },
      { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
      { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 },
    );

    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyFrame, { minLength: 40, maxLength: 80 }), async (frames) => {
        for (const frame of frames) {
          if (typeof frame === 'string') client.ws.send(frame);
          else client.ws.send(Buffer.from(frame), { binary: false });
        }
        sent += frames.length;
        const requestId = `check-${randomUUID()}`;
        client.send({ action: 'ping', requestId });
        const pong = await client.next((f) => f.type === 'pong' && f.requestId === requestId);
        return pong.type === 'pong' && client.ws.readyState === WebSocket.OPEN;
      }),
      { numRuns: 60, seed: 20261121 },
    );
    expect(sent).toBeGreaterThan(2000);

    const after = await chatTurn(client, sessionId, 'Any cost anomalies?');
    expect(after.final.message.content).toMatch(/### Cost anomalies/);
    expect(client.invalid).toEqual([]);
    expect(client.frames.some((f) => f.type === 'error' && f.code === 'INTERNAL')).toBe(false);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  }, 60_000);
});
