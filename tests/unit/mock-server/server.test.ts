import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_CONTENT_CHARS, SESSION_TTL_SECONDS } from '../../../src/protocol/limits';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';
import { ISO_MS_UTC, TestClient, chatTurn, openSession, startServer } from './harness';

/** Sends raw HTTP and returns the status line of the answer. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (data) => (text += data.toString()));
    socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

const GFM_TABLE = /^\|.+\|\n\|(?:\s*:?-+:?\s*\|)+\n(?:\|.+\|\n?)+/m;

describe('mock server over a real socket', () => {
  it('opens a new session with defaults and a 7-day expiry', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const opened = await openSession(client);
    expect(opened.created).toBe(true);
    expect(opened.requestId).toBe('r1');
    expect(opened.messages).toEqual([]);
    expect(opened.hasMore).toBe(false);
    expect(opened.preferences).toEqual(DEFAULT_PREFERENCES);
    expect(opened.sessionId).toBe(opened.session.sessionId);
    const ttl = Date.parse(opened.session.expiresAt) - Date.parse(opened.session.lastActivityAt);
    expect(ttl).toBe(SESSION_TTL_SECONDS * 1000);
    expect(client.invalid).toEqual([]);
  });

  it('streams a reply: ack, typing with agent, consecutive deltas, final message, typing off', async () => {
    const server = await startServer({ paceMs: 1 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    const { frames, ack, final } = await chatTurn(
      client,
      sessionId,
      'Show me cost by service',
      'c-1',
    );

    expect(ack).toMatchObject({ sessionId, clientMessageId: 'c-1', stored: true, requestId: 'r2' });
    const types = frames.map((f) => f.type);
    expect(types[0]).toBe('message_ack');
    expect(frames[1]).toMatchObject({
      type: 'typing',
      isTyping: true,
      agent: 'cost-forecast-agent',
    });
    expect(types.at(-2)).toBe('assistant_message');
    expect(frames.at(-1)).toMatchObject({ type: 'typing', isTyping: false });

    const deltas = frames.flatMap((f) => (f.type === 'assistant_delta' ? [f] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i));
    expect(new Set(deltas.map((d) => d.messageId))).toEqual(new Set([final.message.messageId]));
    expect(deltas.every((d) => d.replyTo === ack.messageId)).toBe(true);

    expect(final.stored).toBe(true);
    expect(final.message.content).toBe(deltas.map((d) => d.delta).join(''));
    expect(final.message.content).toMatch(GFM_TABLE);
    expect(final.message).toMatchObject({ role: 'assistant', replyTo: ack.messageId, sessionId });
    expect(final.message.agentsUsed).toContain('cost-forecast-agent');
    expect(client.invalid).toEqual([]);
  });

  it('answers ping with pong, echoing requestId, every frame stamped in ISO UTC with ms', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const pong = await client.request({ action: 'ping', requestId: 'ping-7' });
    expect(pong).toMatchObject({ type: 'pong', requestId: 'ping-7' });
    expect(pong.timestamp).toMatch(ISO_MS_UTC);
  });

  it('answers bad frames with error frames and keeps the connection', async () => {
    const server = await startServer();
    const client = await TestClient.forUser(server);
    const cases: Array<[string, string, string?]> = [
      ['{not json', 'BAD_REQUEST'],
      ['[1,2,3]', 'BAD_REQUEST'],
      ['"a string"', 'BAD_REQUEST'],
      ['{"requestId":"x1"}', 'BAD_REQUEST', 'x1'],
      ['{"action":"fly","requestId":"x2"}', 'UNKNOWN_ACTION', 'x2'],
      ['{"action":"chat_message","requestId":"x3","sessionId":"s"}', 'BAD_REQUEST', 'x3'],
      [
        '{"action":"load_history","requestId":"x4","sessionId":"s","before":"m","limit":"9"}',
        'BAD_REQUEST',
        'x4',
      ],
      [
        JSON.stringify({
          action: 'chat_message',
          requestId: 'x5',
          sessionId: 's',
          clientMessageId: 'c',
          content: 'x'.repeat(MAX_CONTENT_CHARS + 1),
        }),
        'MESSAGE_TOO_LARGE',
        'x5',
      ],
      [
        JSON.stringify({ action: 'ping', requestId: 'x6', pad: 'y'.repeat(40_000) }),
        'MESSAGE_TOO_LARGE',
        'x6',
      ],
    ];
    for (const [data, code, requestId] of cases) {
      client.send(data);
      const error = await client.next('error');
      expect(error, data.slice(0, 60)).toMatchObject({ code, retryable: false });
      if (requestId) expect(error.requestId).toBe(requestId);
      expect(error.message.length).toBeGreaterThan(0);
    }
    const pong = await client.request({ action: 'ping' });
    expect(pong.type).toBe('pong');
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(client.invalid).toEqual([]);
  });

  it('closes with 1008 when userId is missing or v is not 1, and 404s other paths', async () => {
    const server = await startServer();
    const noUser = await TestClient.connect(`${server.url}?v=1`);
    expect((await noUser.closed).code).toBe(1008);
    const badVersion = await TestClient.connect(`${server.url}?v=2&userId=u1`);
    const closed = await badVersion.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/version/);

    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(server.url.replace(/\/ws$/, '/other?v=1&userId=u1'));
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => reject(new Error('upgrade to /other should have failed')));
      ws.on('error', () => {});
    });
    expect(status).toBe(404);
  });

  it('answers a request target that is not a URL path ("//") with 400 and stays up', async () => {
    const server = await startServer();
    const upgrade =
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    for (const target of ['//', '//:99999/ws?v=1&userId=u1']) {
      const plain = `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
      expect(await rawRequest(server.port, plain)).toMatch(/^HTTP\/1\.1 400/);
      const ws = `GET ${target} HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n`;
      expect(await rawRequest(server.port, ws)).toMatch(/^HTTP\/1\.1 400/);
    }
    const client = await TestClient.forUser(server);
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
  });

  it('closes idle connections and connections past their lifetime with 1001, as API Gateway does', async () => {
    const idle = await startServer({ idleTimeoutMs: 50 });
    const quiet = await TestClient.forUser(idle);
    expect(await quiet.closed).toEqual({ code: 1001, reason: 'idle timeout' });

    const old = await startServer({ maxConnectionMs: 80 });
    const busy = await TestClient.forUser(old);
    const pinging = setInterval(() => busy.send({ action: 'ping' }), 10);
    const closed = await busy.closed;
    clearInterval(pinging);
    expect(closed).toEqual({ code: 1001, reason: 'connection lifetime exceeded' });
  });
});
