import { randomUUID } from 'node:crypto';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViteDevServer } from 'vite';
import { escapeLogLine, MAX_LOG_LINE_CHARS } from '../../../src/mock-server/backend/log';
import { parseArgs } from '../../../src/mock-server/cliArgs';
import {
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_SESSIONS_PER_USER,
  DEFAULT_MESSAGES_PER_MINUTE,
  optionsFromEnv,
} from '../../../src/mock-server/transport/options';
import { startMockServer } from '../../../src/mock-server/transport/server';
import { mockServerPlugin } from '../../../src/mock-server/vitePlugin';
import {
  TestClient,
  chatTurn,
  connectionUrl,
  expectPlainWords,
  openSession,
  startServer,
} from './harness';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mock-hardening-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fromOrigin(server: { url: string }, origin: string, userId?: string) {
  return TestClient.connect(connectionUrl(server, userId), { headers: { Origin: origin } });
}

async function expectWorks(client: TestClient) {
  expect((await client.request({ action: 'ping' })).type).toBe('pong');
}

async function expectRefused(client: TestClient, reason: RegExp) {
  const closed = await client.closed;
  expect(closed.code).toBe(1008);
  expect(closed.reason).toMatch(reason);
  expect(client.frames).toEqual([]);
}

describe('origins', () => {
  it('refuses a page of another origin with 1008 and a reason; lets loopback pages and non-browsers in', async () => {
    const server = await startServer();
    await expectRefused(await fromOrigin(server, 'https://evil.example'), /not allowed/);
    await expectRefused(await fromOrigin(server, 'null'), /not allowed/);
    // A look-alike host is not loopback.
    await expectRefused(await fromOrigin(server, 'http://localhost.evil.example'), /not allowed/);
    expect(
      server.log.some((line) => /origin https:\/\/evil\.example is not allowed/.test(line)),
    ).toBe(true);

    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:4173',
      'https://[::1]:8443',
      'http://app.localhost:3000',
    ]) {
      await expectWorks(await fromOrigin(server, origin));
    }
    await expectWorks(await TestClient.forUser(server)); // no Origin header
  });

  it('allowedOrigins replaces the default, and * allows any page', async () => {
    const server = await startServer({ allowedOrigins: ['https://demo.example.com'] });
    await expectWorks(await fromOrigin(server, 'https://demo.example.com'));
    await expectRefused(await fromOrigin(server, 'http://localhost:5173'), /not allowed/);
    await expectWorks(await TestClient.forUser(server));

    const open = await startServer({ allowedOrigins: ['*'] });
    await expectWorks(await fromOrigin(open, 'https://anywhere.example'));
  });

  it('takes --allowed-origins and MOCK_ALLOWED_ORIGINS as comma-separated origins', () => {
    expect(
      parseArgs(['--allowed-origins', 'https://Demo.example.com/, http://localhost:80,*']),
    ).toMatchObject({
      allowedOrigins: ['https://demo.example.com', 'http://localhost', '*'],
    });
    expect(parseArgs(['--allowed-origins=http://a.test:1'])).toMatchObject({
      allowedOrigins: ['http://a.test:1'],
    });
    expect(() => parseArgs(['--allowed-origins', 'https://a.test/app'])).toThrow(
      /--allowed-origins: "https:\/\/a.test\/app" is not an origin/,
    );
    expect(() => parseArgs(['--allowed-origins', 'localhost:5173'])).toThrow(/not an origin/);
    expect(optionsFromEnv({ MOCK_ALLOWED_ORIGINS: 'https://a.test,https://b.test' })).toEqual({
      allowedOrigins: ['https://a.test', 'https://b.test'],
    });
    expect(() => optionsFromEnv({ MOCK_ALLOWED_ORIGINS: 'ftp://a.test' })).toThrow(
      /MOCK_ALLOWED_ORIGINS/,
    );
  });

  it("the Vite plugin always lets the dev server's own page in, also on a network address", async () => {
    process.env.MOCK_ALLOWED_ORIGINS = 'https://other.example';
    cleanups.push(() => void delete process.env.MOCK_ALLOWED_ORIGINS);
    const httpServer: Server = createServer((_req, res) => res.end('app'));
    const sockets = new Set<Socket>();
    httpServer.on('connection', (socket) => sockets.add(socket));
    // As Vite closes: destroy every socket (upgraded ones too), then close.
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => httpServer.close(resolve));
    });
    // What Vite resolves once it listens, e.g. `vite --host` on a LAN address.
    const viteServer = { httpServer, resolvedUrls: null as null | object };
    (mockServerPlugin().configureServer as (s: ViteDevServer) => void)(
      viteServer as unknown as ViteDevServer,
    );
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    viteServer.resolvedUrls = {
      local: [`http://localhost:${port}/`],
      network: [`http://192.168.1.20:${port}/`],
    };
    const url = `ws://127.0.0.1:${port}/ws`;

    await expectWorks(await fromOrigin({ url }, `http://192.168.1.20:${port}`));
    await expectWorks(await fromOrigin({ url }, `http://localhost:${port}`));
    await expectWorks(await fromOrigin({ url }, 'https://other.example'));
    // MOCK_ALLOWED_ORIGINS replaced the loopback default: another local port is refused.
    await expectRefused(await fromOrigin({ url }, 'http://localhost:1'), /not allowed/);
    await expectRefused(await fromOrigin({ url }, 'https://evil.example'), /not allowed/);
  });
});

describe('limits', () => {
  it('defaults leave room for the benches, tests and npm run dev', () => {
    // bench:server opens up to 5,000 connections from one address.
    expect(DEFAULT_MAX_CONNECTIONS_PER_ADDRESS).toBeGreaterThan(5_000);
    expect(DEFAULT_MAX_SESSIONS_PER_USER).toBeGreaterThanOrEqual(1_000);
    expect(DEFAULT_MESSAGES_PER_MINUTE).toBeGreaterThanOrEqual(300);
    expect(
      parseArgs([
        '--max-connections-per-address',
        '3',
        '--max-sessions-per-user=4',
        '--messages-per-minute',
        '5',
      ]),
    ).toMatchObject({ maxConnectionsPerAddress: 3, maxSessionsPerUser: 4, messagesPerMinute: 5 });
    expect(() => parseArgs(['--messages-per-minute', '0'])).toThrow(/--messages-per-minute/);
    expect(
      optionsFromEnv({
        MOCK_MAX_CONNECTIONS_PER_ADDRESS: '7',
        MOCK_MAX_SESSIONS_PER_USER: '8',
        MOCK_MESSAGES_PER_MINUTE: '9',
      }),
    ).toEqual({ maxConnectionsPerAddress: 7, maxSessionsPerUser: 8, messagesPerMinute: 9 });
  });

  it('closes connections from one address beyond the limit with 1008, and frees a place on close', async () => {
    const server = await startServer({ maxConnectionsPerAddress: 2 });
    const first = await TestClient.forUser(server);
    await expectWorks(await TestClient.forUser(server));
    const third = await TestClient.forUser(server);
    await expectRefused(third, /Too many connections/);
    expect(server.log.some((line) => /already 2 connections/.test(line))).toBe(true);

    await first.close();
    // The server hears of the close a moment after the client does.
    for (let attempt = 0; ; attempt++) {
      const next = await TestClient.forUser(server);
      const outcome = await Promise.race([
        next.request({ action: 'ping' }).then(() => 'open'),
        next.closed.then(() => 'refused'),
      ]);
      if (outcome === 'open') break;
      expect(attempt).toBeLessThan(50);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('answers a new session beyond the per-user limit with RATE_LIMITED in words', async () => {
    const server = await startServer({ maxSessionsPerUser: 2 });
    const client = await TestClient.forUser(server, 'many-sessions');
    const a = await openSession(client);
    await openSession(client);
    const refused = await client.request({ action: 'open_session' });
    expect(refused).toMatchObject({ type: 'error', code: 'RATE_LIMITED', retryable: true });
    if (refused.type !== 'error') throw new Error('expected an error');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expectPlainWords(refused.message);
    // An unknown id would mean a new session too.
    expect(await client.request({ action: 'open_session', sessionId: 's-gone' })).toMatchObject({
      code: 'RATE_LIMITED',
    });

    // Existing sessions still open; other users have their own allowance.
    expect((await openSession(client, a.sessionId)).created).toBe(false);
    await openSession(await TestClient.forUser(server));
    // Deleting one frees a place.
    await client.request({ action: 'delete_session', sessionId: a.sessionId });
    expect((await openSession(client)).created).toBe(true);
  });

  it('limits new chat messages per user across connections with RATE_LIMITED and retryAfterMs', async () => {
    const clock = { t: Date.parse('2026-12-01T10:00:00Z') };
    const server = await startServer({ messagesPerMinute: 3, now: () => clock.t });
    const userId = `u-${randomUUID()}`;
    const tabA = await TestClient.forUser(server, userId);
    const tabB = await TestClient.forUser(server, userId);
    const { sessionId } = await openSession(tabA);
    const { ack } = await chatTurn(tabA, sessionId, 'Show cost by service', 'cm-1');
    await chatTurn(tabA, sessionId, 'Forecast next month', 'cm-2');
    await chatTurn(tabB, sessionId, 'Are we on budget?', 'cm-3');

    const refused = await tabB.request({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'cm-4',
      content: 'Any anomalies?',
    });
    expect(refused).toMatchObject({
      type: 'error',
      code: 'RATE_LIMITED',
      retryable: true,
      sessionId,
      clientMessageId: 'cm-4',
    });
    if (refused.type !== 'error') throw new Error('expected an error');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(20_000);
    expectPlainWords(refused.message);
    // Another user is not affected, and a re-send of a message the server has creates nothing
    // and is not counted.
    const other = await TestClient.forUser(server);
    await chatTurn(other, (await openSession(other)).sessionId, 'hello');
    const resend = await tabB.request({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'cm-1',
      content: 'Show cost by service',
    });
    expect(resend).toMatchObject({ type: 'message_ack', messageId: ack.messageId });

    clock.t += refused.retryAfterMs!;
    await chatTurn(tabB, sessionId, 'Any anomalies?', 'cm-4');
  });
});

describe('the data file', () => {
  it('is written with mode 0600 through a new temporary file, never through a planted link', async () => {
    const dir = tempDir();
    const file = join(dir, 'sessions.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    // The temporary name the server used to use, and the data path itself after start.
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    const server = await startMockServer({ port: 0, dataFile: file, log: () => {} });
    symlinkSync(victim, file);
    const client = await TestClient.forUser(server, 'owner');
    await client.request({ action: 'update_preferences', preferences: { currency: 'EUR' } });
    await server.close();

    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).preferences.owner.currency).toBe('EUR');
    // No temporary file left behind; the planted link is untouched.
    expect(readdirSync(dir).sort()).toEqual(
      ['sessions.json', `sessions.json.${process.pid}.tmp`, 'victim.txt'].sort(),
    );
  });

  it('refuses to start on a data path that is a symbolic link', async () => {
    const dir = tempDir();
    const victim = join(dir, 'victim.json');
    writeFileSync(victim, '{"not":"ours"}');
    const file = join(dir, 'sessions.json');
    symlinkSync(victim, file);
    await expect(startMockServer({ port: 0, dataFile: file, log: () => {} })).rejects.toThrow(
      /symbolic link/,
    );
    expect(readFileSync(victim, 'utf8')).toBe('{"not":"ours"}');
  });
});

describe('the log', () => {
  it('escapes control characters and cuts long lines', () => {
    expect(escapeLogLine('a\nb\r\tc\\d')).toBe('a\\nb\\r\\tc\\\\d');
    expect(escapeLogLine('red \u001b[31m bell \u0007 del \u007f c1 \u009b')).toBe(
      'red \\x1b[31m bell \\x07 del \\x7f c1 \\x9b',
    );
    expect(escapeLogLine('rtl \u202e ls \u2028 isolate \u2066')).toBe(
      'rtl \\u{202e} ls \\u{2028} isolate \\u{2066}',
    );
    expect(escapeLogLine('plain: €, 日本, emoji 😀')).toBe('plain: €, 日本, emoji 😀');
    const long = escapeLogLine('x'.repeat(MAX_LOG_LINE_CHARS + 50));
    expect(long).toBe(`${'x'.repeat(MAX_LOG_LINE_CHARS)}…(50 more)`);
  });

  it('writes what a client sent escaped, on one line', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const forged = 'x\n[mock-server] conn 0: all good\u001b[2K\u202e';
    const reply = await client.request({ action: forged });
    expect(reply).toMatchObject({ type: 'error', code: 'UNKNOWN_ACTION' });
    await expectRefused(await fromOrigin(server, `https://evil.example`), /not allowed/);

    for (const line of server.log) {
      // eslint-disable-next-line no-control-regex -- looking for control characters
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028-\u202e]/);
      expect(line.length).toBeLessThanOrEqual(MAX_LOG_LINE_CHARS + 20);
    }
    expect(server.log).toContainEqual(
      expect.stringContaining('x\\n[mock-server] conn 0: all good\\x1b[2K\\u{202e}'),
    );
  });
});
