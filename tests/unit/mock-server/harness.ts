import { randomUUID } from 'node:crypto';
import { afterEach, expect } from 'vitest';
import WebSocket from 'ws';
import { decodeServerFrame } from '../../../src/protocol/codec';
import type { ServerFrame, ServerFrameOf, ServerFrameType } from '../../../src/protocol/types';
import {
  startMockServer,
  type MockServerHandle,
  type MockServerOptions,
} from '../../../src/mock-server/transport/server';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A mock server on a free port, quiet unless a test reads its log, closed after the test.
 * Its replies stream in coarse deltas (80 characters, a few frames a reply) unless a test
 * asks for model-sized ones: at a test's pace, word-sized deltas would take seconds a reply.
 */
export async function startServer(
  options: MockServerOptions = {},
): Promise<MockServerHandle & { log: string[] }> {
  const log: string[] = [];
  const server = await startMockServer({
    port: 0,
    paceMs: 0,
    deltaChars: 80,
    log: (line) => log.push(line),
    ...options,
  });
  cleanups.push(() => server.close());
  return { ...server, log };
}

export function connectionUrl(server: { url: string }, userId: string = randomUUID()): string {
  return `${server.url}?v=1&userId=${encodeURIComponent(userId)}`;
}

type Predicate = (frame: ServerFrame) => boolean;

/**
 * A protocol client over a real socket. Every frame it receives must decode as a server
 * frame of the protocol; `invalid` collects those that do not.
 */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  readonly invalid: unknown[] = [];
  /** Size in bytes of every frame received, in order. */
  readonly sizes: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private waiters: Array<() => void> = [];
  private requestCounter = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.sizes.push((data as Buffer).byteLength);
      const decoded = decodeServerFrame(data.toString());
      if (decoded.ok) this.frames.push(decoded.frame);
      else this.invalid.push({ reason: decoded.reason, data: data.toString().slice(0, 200) });
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
  }

  /** `options.headers` can set what a browser would send, e.g. `Origin`. */
  static async connect(url: string, options?: WebSocket.ClientOptions): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    cleanups.push(() => client.close());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  static async forUser(server: { url: string }, userId?: string): Promise<TestClient> {
    return TestClient.connect(connectionUrl(server, userId));
  }

  nextRequestId(): string {
    return `r${++this.requestCounter}`;
  }

  /** Sends a frame (an object is JSON-encoded, a string goes as is); returns its requestId. */
  send(frame: Record<string, unknown> | string): string | undefined {
    if (typeof frame === 'string') {
      this.ws.send(frame);
      return undefined;
    }
    const requestId = (frame.requestId as string | undefined) ?? this.nextRequestId();
    this.ws.send(JSON.stringify({ requestId, ...frame }));
    return requestId;
  }

  /** Sends and waits for the direct reply (the next frame echoing the requestId). */
  async request(frame: Record<string, unknown>): Promise<ServerFrame> {
    const requestId = this.send(frame)!;
    return this.next((f) => 'requestId' in f && f.requestId === requestId);
  }

  /** The next frame, after those already consumed, that matches; consumes up to it. */
  async next<T extends ServerFrameType>(type: T): Promise<ServerFrameOf<T>>;
  async next(predicate: Predicate): Promise<ServerFrame>;
  async next(match: ServerFrameType | Predicate): Promise<ServerFrame> {
    const predicate: Predicate = typeof match === 'string' ? (f) => f.type === match : match;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++]!;
        if (predicate(frame)) return frame;
      }
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error('connection closed while waiting');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Frames received from `start` up to and including the first match. */
  async collectUntil(predicate: Predicate, start = this.cursor): Promise<ServerFrame[]> {
    this.cursor = start;
    await this.next(predicate);
    return this.frames.slice(start, this.cursor);
  }

  get position(): number {
    return this.cursor;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** Sends a chat message and returns every frame of its turn, ack to typing off. */
export async function chatTurn(
  client: TestClient,
  sessionId: string,
  content: string,
  clientMessageId: string = randomUUID(),
): Promise<{
  frames: ServerFrame[];
  ack: ServerFrameOf<'message_ack'>;
  final: ServerFrameOf<'assistant_message'>;
}> {
  const start = client.frames.length;
  const requestId = client.send({ action: 'chat_message', sessionId, clientMessageId, content })!;
  const ack = (await client.next(
    (f) => f.type === 'message_ack' && f.requestId === requestId,
  )) as ServerFrameOf<'message_ack'>;
  const final = (await client.next(
    (f) => f.type === 'assistant_message' && f.message.replyTo === ack.messageId,
  )) as ServerFrameOf<'assistant_message'>;
  await client.next((f) => f.type === 'typing' && !f.isTyping);
  const frames = client.frames
    .slice(start, client.position)
    .filter((f) => !('sessionId' in f) || f.sessionId === sessionId);
  return { frames, ack, final };
}

export async function openSession(
  client: TestClient,
  sessionId?: string,
): Promise<ServerFrameOf<'session_opened'>> {
  const frame = await client.request({
    action: 'open_session',
    ...(sessionId ? { sessionId } : {}),
  });
  if (frame.type !== 'session_opened')
    throw new Error(`expected session_opened, got ${JSON.stringify(frame)}`);
  return frame;
}

export const ISO_MS_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * An error `message` is shown to people (protocol, "Client behaviour"): a sentence, with no
 * error code ("SESSION_NOT_FOUND"), field name ("messageId:"), id ("m-00…", "s-…") or
 * protocol term ("frame", "JSON").
 */
export function expectPlainWords(message: string): void {
  expect(message, message).toMatch(/^[A-Z][^]*[.!?]$/);
  expect(message, message).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
  expect(message, message).not.toMatch(/\b[a-z]+[A-Z]\w*\b/);
  expect(message, message).not.toMatch(/^\w+:|\b\w+: /);
  expect(message, message).not.toMatch(/\b[ms]-[\w-]+/);
  expect(message, message).not.toMatch(/\b(frames?|JSON|binary|action)\b/i);
}
