import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../../src/mock-server/server';
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
