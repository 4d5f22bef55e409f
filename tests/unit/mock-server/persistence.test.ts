import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../../src/mock-server/transport/server';
import { TestClient, chatTurn, openSession, startServer } from './harness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mock-server-'));
  dirs.push(dir);
  return { dir, file: join(dir, 'sessions.json') };
}

describe('--data persistence', () => {
  it('keeps sessions, messages, preferences and idempotency across a restart', async () => {
    const { dir, file } = tempFile();
    const userId = randomUUID();
    const first = await startMockServer({ port: 0, paceMs: 0, dataFile: file, log: () => {} });
    const client = await TestClient.forUser(first, userId);
    const { sessionId } = await openSession(client);
    const turn = await chatTurn(client, sessionId, 'Show cost by service', 'c-persist');
    await client.request({ action: 'update_preferences', preferences: { currency: 'GBP' } });
    await client.request({ action: 'rename_session', sessionId, title: 'Kept' });
    await first.close();
    expect(readdirSync(dir)).toEqual(['sessions.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });

    const second = await startServer({ dataFile: file });
    const again = await TestClient.forUser(second, userId);
    const opened = await openSession(again, sessionId);
    expect(opened).toMatchObject({
      created: false,
      session: { title: 'Kept', messageCount: 2 },
      preferences: { currency: 'GBP' },
    });
    expect(opened.messages[1]).toEqual(turn.final.message);
    again.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'c-persist',
      content: 'Show cost by service',
    });
    expect((await again.next('message_ack')).messageId).toBe(turn.ack.messageId);
    expect((await again.next('assistant_message')).message).toEqual(turn.final.message);
    const next = await chatTurn(again, sessionId, 'Forecast next month');
    expect(next.ack.messageId > turn.final.message.messageId).toBe(true);
  });

  it('answers a re-send after a restart when a graceful close cut its reply short', async () => {
    const { file } = tempFile();
    const userId = randomUUID();
    const first = await startMockServer({ port: 0, paceMs: 30, dataFile: file, log: () => {} });
    const client = await TestClient.forUser(first, userId);
    const { sessionId } = await openSession(client);
    const question = { action: 'chat_message', sessionId, clientMessageId: 'c-cut' };
    client.send({ ...question, content: 'Show cost by service' });
    const ack = await client.next('message_ack');
    await client.next('assistant_delta');
    await first.close();
    expect((await client.closed).code).toBe(1001);
    expect(client.frames.some((f) => f.type === 'assistant_message')).toBe(false);

    const second = await startServer({ dataFile: file });
    const again = await TestClient.forUser(second, userId);
    expect((await openSession(again, sessionId)).session.messageCount).toBe(1);
    again.send({ ...question, content: 'Show cost by service' });
    const frames = await again.collectUntil((f) => f.type === 'typing' && !f.isTyping);
    expect(frames[0]).toMatchObject({
      type: 'message_ack',
      messageId: ack.messageId,
      stored: true,
    });
    expect((await again.request({ action: 'ping' })).type).toBe('pong');
    const finals = again.frames.filter((f) => f.type === 'assistant_message');
    expect(finals).toHaveLength(1);
    expect(finals[0]).toMatchObject({
      stored: true,
      message: { replyTo: ack.messageId, content: expect.stringMatching(/Cost by service/) },
    });
    const opened = await openSession(again, sessionId);
    expect(opened.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    // Now it is complete: a further re-send gets the same reply, nothing new.
    again.send({ ...question, content: 'Show cost by service' });
    expect((await again.next('assistant_message')).message).toEqual(finals[0]!.message);
  });

  it('repairs a data file whose turn was marked complete without a stored reply', async () => {
    const { file } = tempFile();
    const userId = randomUUID();
    const first = await startMockServer({ port: 0, paceMs: 30, dataFile: file, log: () => {} });
    const client = await TestClient.forUser(first, userId);
    const { sessionId } = await openSession(client);
    const question = 'Show cost by service';
    client.send({ action: 'chat_message', sessionId, clientMessageId: 'c-old', content: question });
    const ack = await client.next('message_ack');
    await client.next('assistant_delta');
    await first.close();
    // What a server before the fix wrote after a shutdown mid-reply.
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      sessions: Array<{ turns: Array<{ status: string }> }>;
    };
    data.sessions[0]!.turns[0]!.status = 'complete';
    writeFileSync(file, JSON.stringify(data));

    const second = await startServer({ dataFile: file });
    const again = await TestClient.forUser(second, userId);
    const turn = await chatTurn(again, sessionId, question, 'c-old');
    expect(turn.ack.messageId).toBe(ack.messageId);
    expect(turn.final).toMatchObject({ stored: true, message: { replyTo: ack.messageId } });
  });

  it('refuses to start on a file that is not its own rather than overwrite it', async () => {
    const { file } = tempFile();
    writeFileSync(file, '{"hello": "world"}');
    await expect(startMockServer({ port: 0, dataFile: file, log: () => {} })).rejects.toThrow(
      /not a mock-server data file/,
    );
    writeFileSync(file, 'not json');
    await expect(startMockServer({ port: 0, dataFile: file, log: () => {} })).rejects.toThrow(
      /not valid JSON/,
    );
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});
