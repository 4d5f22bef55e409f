import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_CHARS } from '../../../src/protocol/limits';
import { errorCodeSchema } from '../../../src/protocol/schemas';
import type { ServerFrameOf } from '../../../src/protocol/types';
import { TestClient, expectPlainWords, openSession, startServer } from './harness';

type ErrorFrame = ServerFrameOf<'error'>;

const EVERY_CODE = errorCodeSchema.options;

describe('error messages', () => {
  it('are written for people for every code the server sends: no code, field name or id', async () => {
    const errors: ErrorFrame[] = [];
    const clock = { t: Date.UTC(2026, 10, 29, 9) };
    const server = await startServer({ now: () => clock.t, ttlSeconds: 60 });
    const client = await TestClient.forUser(server);
    const expectError = async (frame: Record<string, unknown> | string | Buffer) => {
      if (Buffer.isBuffer(frame)) client.ws.send(frame, { binary: true });
      else client.send(frame);
      errors.push(await client.next('error'));
    };

    await expectError('{not json');
    await expectError('[1,2,3]');
    await expectError('{"requestId":"x1"}');
    await expectError(Buffer.from([1, 2, 3]));
    await expectError({ action: 'chat_message', sessionId: 's' });
    await expectError({ action: 'rename_session', sessionId: 's', title: '' });
    await expectError({ action: 'fly' });
    await expectError({
      action: 'chat_message',
      sessionId: 's',
      clientMessageId: 'c',
      content: 'x'.repeat(MAX_CONTENT_CHARS + 1),
    });
    await expectError({ action: 'ping', pad: 'y'.repeat(40_000) });
    await expectError({
      action: 'chat_message',
      sessionId: 's-never',
      clientMessageId: 'c',
      content: 'hi',
    });
    const { sessionId } = await openSession(client);
    await expectError({ action: 'load_history', sessionId, before: 'm-nope' });
    clock.t += 60_000;
    await expectError({ action: 'rename_session', sessionId, title: 'late' });

    server.backend.setFaults({ storageDown: 1 });
    await expectError({ action: 'open_session' });
    server.backend.setFaults({ internalError: 1 });
    await expectError({ action: 'list_sessions' });
    server.backend.setFaults({ agentFail: 1 });
    const fresh = await openSession(client);
    await expectError({
      action: 'chat_message',
      sessionId: fresh.sessionId,
      clientMessageId: 'c-fail',
      content: 'Show cost by service',
    });

    const limited = await startServer({ faults: 'rate-limit=1/60000', now: () => clock.t });
    const flooder = await TestClient.forUser(limited);
    flooder.send({ action: 'ping' });
    flooder.send({ action: 'ping' });
    errors.push(await flooder.next('error'));

    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(EVERY_CODE));
    for (const error of errors) expectPlainWords(error.message);
  });

  it('are in words also when too many messages wait for an answer', async () => {
    const server = await startServer({ paceMs: 60_000 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    for (let i = 0; i < 10; i++) {
      client.send({ action: 'chat_message', sessionId, clientMessageId: `q${i}`, content: 'hi' });
    }
    const queueFull = await client.next('error');
    expect(queueFull.code).toBe('RATE_LIMITED');
    expectPlainWords(queueFull.message);
  });
});
