import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONNECT_TIMEOUT_MS,
  JITTER,
  MAX_RECONNECT_ATTEMPTS,
  PING_AFTER_IDLE_MS,
  PONG_TIMEOUT_MS,
  RECONNECT_DELAYS_MS,
  WebSocketChatService,
  reconnectDelay,
} from '../../../src/services/WebSocketChatService';
import type {
  ConnectionState,
  OnlineSource,
  SocketLike,
  WebSocketChatServiceOptions,
} from '../../../src/services/WebSocketChatService';
import type { ServerFrame } from '../../../src/protocol/types';
import { FakeServer, TEST_URL, mockSocketFactory } from '../../support/fakeServer';

/** `online`/`offline` events under the test's control. */
class FakeWindow implements OnlineSource {
  online = true;
  private readonly target = new EventTarget();
  addEventListener(type: 'online' | 'offline', listener: () => void) {
    this.target.addEventListener(type, listener);
  }
  removeEventListener(type: 'online' | 'offline', listener: () => void) {
    this.target.removeEventListener(type, listener);
  }
  isOnline = () => this.online;
  go(online: boolean) {
    this.online = online;
    this.target.dispatchEvent(new Event(online ? 'online' : 'offline'));
  }
}

let server: FakeServer | null;
let service: WebSocketChatService;
let states: ConnectionState[];
let frames: ServerFrame[];
let logger: {
  warn: ReturnType<typeof vi.fn<(...args: unknown[]) => void>>;
  error: ReturnType<typeof vi.fn<(...args: unknown[]) => void>>;
};
let fakeWindow: FakeWindow;

function start(options: Partial<WebSocketChatServiceOptions> = {}) {
  service = new WebSocketChatService({
    url: TEST_URL,
    userId: 'u-1',
    createSocket: mockSocketFactory,
    random: () => 0.5,
    onlineSource: fakeWindow,
    logger,
    ...options,
  });
  states = [];
  frames = [];
  service.onStatusChange((state) => states.push(state));
  service.onFrame((frame) => frames.push(frame));
  service.connect();
}

/** Lets mock-socket's 4 ms hops and the given time pass. */
const pass = (ms = 10) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeServer();
  logger = {
    warn: vi.fn<(...args: unknown[]) => void>(),
    error: vi.fn<(...args: unknown[]) => void>(),
  };
  fakeWindow = new FakeWindow();
});

afterEach(() => {
  service?.close();
  server?.stop();
  vi.useRealTimers();
});

describe('connecting', () => {
  it('opens the endpoint with v=1 and the userId, and reports connecting then open', async () => {
    start();
    expect(service.status).toEqual({ kind: 'connecting' });
    await pass();
    expect(server!.urls).toEqual([`${TEST_URL}?v=1&userId=u-1`]);
    expect(states).toEqual([{ kind: 'connecting' }, { kind: 'open' }]);
  });

  it('adds the token from a synchronous or asynchronous provider', async () => {
    start({ getToken: () => 'jwt-1' });
    await pass();
    service.close();
    start({ getToken: async () => 'jwt 2' });
    await pass();
    expect(server!.urls).toEqual([
      `${TEST_URL}?v=1&userId=u-1&token=jwt-1`,
      `${TEST_URL}?v=1&userId=u-1&token=jwt+2`,
    ]);
  });

  it('never logs the token, even when the socket cannot be made from its URL', async () => {
    start({
      getToken: () => 'secret.jwt-value',
      createSocket: (url: string) => {
        // As a browser words it: the whole URL in the message.
        throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
      },
    });
    await pass();
    const logged = JSON.stringify(
      [...logger.warn.mock.calls, ...logger.error.mock.calls],
      (_, v) => (v instanceof Error ? `${v.name}: ${v.message} ${v.stack}` : v),
    );
    expect(logger.warn).toHaveBeenCalled();
    expect(logged).toContain('token=…');
    expect(logged).not.toContain('secret.jwt-value');
  });

  it('counts a token provider that fails as a failed attempt', async () => {
    start({ getToken: () => Promise.reject(new Error('no token')) });
    await pass();
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 1, maxAttempts: 3 });
    expect(server!.connections).toHaveLength(0);
  });
});

describe('frames', () => {
  it('delivers valid frames and drops invalid ones with a warning, never throwing', async () => {
    start();
    service.onFrame(() => {
      throw new Error('a listener bug');
    });
    await pass();
    server!.sendRaw('not json');
    server!.sendRaw('{"type":"assistant_delta","seq":-1}');
    server!.sendRaw('[1,2]');
    server!.send({ type: 'pong', requestId: 'r1' });
    await pass();
    expect(frames).toEqual([expect.objectContaining({ type: 'pong', requestId: 'r1' })]);
    expect(logger.warn).toHaveBeenCalledTimes(3);
    expect(logger.error).toHaveBeenCalledTimes(1); // the throwing listener, isolated
    expect(service.status).toEqual({ kind: 'open' });
  });

  it('sends frames with a fresh requestId only while open, and never over 32 KiB', async () => {
    start();
    const early = service.send({ action: 'list_sessions' });
    await pass();
    const first = service.send({ action: 'list_sessions' });
    const second = service.send({ action: 'list_sessions' });
    service.send({ action: 'rename_session', sessionId: 's', title: 'x'.repeat(40_000) });
    await pass();
    expect(new Set([early, first, second]).size).toBe(3);
    expect(server!.received).toEqual([
      { action: 'list_sessions', requestId: first },
      { action: 'list_sessions', requestId: second },
    ]);
  });
});

describe('reconnecting', () => {
  it('backs off about 1 s, 2 s, 4 s over 3 attempts, then goes offline', async () => {
    start();
    await pass();
    server!.stop();
    server!.close(1006, 'gone', server!.last);
    await pass(5);
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 1, maxAttempts: 3 });

    // random() = 0.5 means no jitter: attempts start 1000, 2000, 4000 ms after each failure
    // (each failed attempt itself takes mock-socket's 4 ms).
    await vi.advanceTimersByTimeAsync(990);
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 1, maxAttempts: 3 });
    await pass(20); // attempt 1 runs and fails (no server)
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 2, maxAttempts: 3 });
    await vi.advanceTimersByTimeAsync(1980);
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 2, maxAttempts: 3 });
    await pass(20);
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 3, maxAttempts: 3 });
    await vi.advanceTimersByTimeAsync(3980);
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 3, maxAttempts: 3 });
    await pass(30);
    expect(service.status).toEqual({ kind: 'offline', reason: 'attempts_exhausted' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(service.status).toEqual({ kind: 'offline', reason: 'attempts_exhausted' });
  });

  it('reconnects when the server is back within the attempts, and resets the count', async () => {
    start();
    await pass();
    server!.close(1011, 'internal');
    await pass(5);
    expect(service.status).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1010);
    expect(service.status).toEqual({ kind: 'open' });
    server!.close(1006);
    await pass(5);
    expect(service.status).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  });

  it('reconnects at once, without counting, after 1000 and 1001', async () => {
    start();
    await pass();
    for (const code of [1000, 1001, 1000, 1001, 1000]) {
      states.length = 0;
      server!.close(code, 'bye');
      await pass(20);
      // No backoff: the new socket is created as the old one closes.
      expect(states).toEqual([{ kind: 'connecting' }, { kind: 'open' }]);
    }
    expect(server!.connections).toHaveLength(6);
    expect(states.some((s) => s.kind === 'reconnecting')).toBe(false);
  });

  it('stops on 1008 and shows the reason; only a manual reconnect tries again', async () => {
    start();
    await pass();
    server!.close(1008, 'invalid token');
    await pass();
    expect(service.status).toEqual({
      kind: 'closed_by_server',
      code: 1008,
      reason: 'invalid token',
    });
    await vi.advanceTimersByTimeAsync(60_000);
    fakeWindow.go(true);
    await pass();
    expect(server!.connections).toHaveLength(1);
    service.reconnect();
    await pass();
    expect(service.status).toEqual({ kind: 'open' });
    expect(server!.connections).toHaveLength(2);
  });

  it('starts a new round of 3 attempts on a manual reconnect after giving up', async () => {
    start();
    await pass();
    server!.stop();
    server!.close(1006, '', server!.last);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(service.status).toEqual({ kind: 'offline', reason: 'attempts_exhausted' });
    service.reconnect();
    expect(service.status).toEqual({ kind: 'connecting' });
    await pass();
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 1, maxAttempts: 3 });
    server = new FakeServer();
    await vi.advanceTimersByTimeAsync(1010);
    expect(service.status).toEqual({ kind: 'open' });
  });

  it('abandons a socket that never opens after CONNECT_TIMEOUT_MS', async () => {
    const sockets: SocketLike[] = [];
    start({
      createSocket: () => {
        const socket: SocketLike = {
          readyState: 0,
          onopen: null,
          onmessage: null,
          onclose: null,
          onerror: null,
          send: vi.fn(),
          close: vi.fn(),
        };
        sockets.push(socket);
        return socket;
      },
    });
    await vi.advanceTimersByTimeAsync(CONNECT_TIMEOUT_MS - 1);
    expect(service.status).toEqual({ kind: 'connecting' });
    await vi.advanceTimersByTimeAsync(1);
    expect(service.status).toEqual({ kind: 'reconnecting', attempt: 1, maxAttempts: 3 });
    expect(sockets[0]!.close).toHaveBeenCalled();
  });

  it('goes offline with the browser and starts a new round when it is back online', async () => {
    start();
    await pass();
    fakeWindow.go(false);
    expect(service.status).toEqual({ kind: 'offline', reason: 'browser_offline' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server!.connections).toHaveLength(1);
    fakeWindow.go(true);
    expect(service.status).toEqual({ kind: 'connecting' });
    await pass();
    expect(service.status).toEqual({ kind: 'open' });
  });

  it('does not try while the browser says it is offline', async () => {
    fakeWindow.online = false;
    start();
    expect(service.status).toEqual({ kind: 'offline', reason: 'browser_offline' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server!.connections).toHaveLength(0);
  });

  it('close() stops for good', async () => {
    start();
    await pass();
    service.close();
    expect(service.status).toEqual({ kind: 'idle' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server!.connections).toHaveLength(1);
  });

  it('keeps every jittered delay within ±20% of 1 s, 2 s, 4 s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_RECONNECT_ATTEMPTS }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const base = RECONNECT_DELAYS_MS[attempt - 1]!;
          const delay = reconnectDelay(attempt, () => r);
          return (
            delay >= Math.floor(base * (1 - JITTER)) && delay <= Math.ceil(base * (1 + JITTER))
          );
        },
      ),
    );
    expect(reconnectDelay(1, () => 0)).toBe(800);
    expect(reconnectDelay(3, () => 0.9999999)).toBe(4800);
  });
});

describe('keep-alive', () => {
  it('pings after 5 minutes without sending and stays open when the pong comes', async () => {
    start();
    await pass();
    await vi.advanceTimersByTimeAsync(PING_AFTER_IDLE_MS - 100);
    expect(server!.sent('ping')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    await pass(5);
    const [ping] = server!.sent('ping');
    expect(ping).toBeDefined();
    server!.send({ type: 'pong', requestId: ping!.requestId });
    await vi.advanceTimersByTimeAsync(PONG_TIMEOUT_MS + 1000);
    expect(service.status).toEqual({ kind: 'open' });
    expect(server!.connections).toHaveLength(1);
  });

  it('counts any frame sent as activity', async () => {
    start();
    await pass();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    service.send({ action: 'list_sessions' });
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(server!.sent('ping')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000 + 10);
    expect(server!.sent('ping')).toHaveLength(1);
  });

  it('replaces a connection whose pong does not come within 10 s (e.g. past the 10 minute idle close)', async () => {
    start();
    await pass();
    await vi.advanceTimersByTimeAsync(PING_AFTER_IDLE_MS + 10);
    expect(server!.sent('ping')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PONG_TIMEOUT_MS - 20);
    expect(server!.connections).toHaveLength(1);
    states.length = 0;
    await vi.advanceTimersByTimeAsync(40);
    expect(states).toEqual([{ kind: 'connecting' }, { kind: 'open' }]);
    expect(server!.connections).toHaveLength(2);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('no pong'));
  });

  it('rides through a 2 hour close (1001) without any failure', async () => {
    start();
    await pass();
    for (let minute = 0; minute < 120; minute += 5) {
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      const pings = server!.sent('ping');
      const last = pings.at(-1);
      if (last) server!.send({ type: 'pong', requestId: last.requestId });
    }
    server!.close(1001, 'connection duration exceeded');
    await pass(20);
    expect(service.status).toEqual({ kind: 'open' });
    expect(states.filter((s) => s.kind === 'reconnecting' || s.kind === 'offline')).toEqual([]);
  });
});
