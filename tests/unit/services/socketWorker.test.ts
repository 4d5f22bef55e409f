import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromSocketWorker, ToSocketWorker } from '../../../src/services/socketWorkerMessages';

/** A WebSocket the test drives by hand. */
class FakeSocket {
  static made: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  sent: string[] = [];
  closedWith: unknown[] | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(...args: unknown[]) {
    this.closedWith = args;
  }
}

const delta = (seq: number) =>
  JSON.stringify({ type: 'assistant_delta', messageId: 'm-1', seq, delta: `"type":"x" ${seq}` });
const ack = JSON.stringify({ type: 'ack', requestId: 'r1', clientMessageId: 'c-1' });

describe('the socket worker', () => {
  let posted: FromSocketWorker[];
  let command: (message: ToSocketWorker) => void;

  beforeEach(async () => {
    vi.useFakeTimers();
    vi.resetModules();
    FakeSocket.made = [];
    posted = [];
    const scope = {
      location: { protocol: 'https:', host: 'chat.example.com' },
      postMessage: (message: FromSocketWorker) => posted.push(message),
      onmessage: null as ((event: { data: ToSocketWorker }) => void) | null,
    };
    vi.stubGlobal('self', scope);
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubEnv('VITE_WS_URL', '');
    await import('../../../src/services/socketWorker');
    command = (message) => scope.onmessage!({ data: message });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  const openSocket = () => {
    command({ type: 'open', id: 1, url: 'wss://chat.example.com/ws?v=1&userId=u' });
    const socket = FakeSocket.made.at(-1)!;
    socket.onopen!();
    return socket;
  };

  it('posts deltas together, at most FRAME_BATCH_MS after the first', async () => {
    const { FRAME_BATCH_MS } = await import('../../../src/services/socketWorker');
    const socket = openSocket();
    expect(posted).toEqual([{ type: 'open', id: 1 }]);
    for (const seq of [0, 1, 2]) socket.onmessage!({ data: delta(seq) });
    expect(posted).toHaveLength(1);
    vi.advanceTimersByTime(FRAME_BATCH_MS);
    expect(posted.slice(1)).toEqual([
      { type: 'frames', id: 1, data: [delta(0), delta(1), delta(2)] },
    ]);
  });

  it('posts any other frame at once, after the deltas held before it', () => {
    const socket = openSocket();
    socket.onmessage!({ data: delta(0) });
    socket.onmessage!({ data: ack });
    expect(posted.slice(1)).toEqual([{ type: 'frames', id: 1, data: [delta(0), ack] }]);
    // Binary or other non-text data is not a delta either: the page decides what it is.
    const binary = new ArrayBuffer(2);
    socket.onmessage!({ data: binary });
    expect(posted.at(-1)).toEqual({ type: 'frames', id: 1, data: [binary] });
  });

  it('posts what it holds before the close, and forgets the socket', () => {
    const socket = openSocket();
    socket.onmessage!({ data: delta(0) });
    socket.onclose!({ code: 1001, reason: 'going away' });
    expect(posted.slice(1)).toEqual([
      { type: 'frames', id: 1, data: [delta(0)] },
      { type: 'close', id: 1, code: 1001, reason: 'going away' },
    ]);
    command({ type: 'send', id: 1, data: 'late' });
    expect(socket.sent).toEqual([]);
  });

  it('sends and closes for the page', () => {
    const socket = openSocket();
    command({ type: 'send', id: 1, data: '{"action":"ping"}' });
    command({ type: 'close', id: 1, code: 1000, reason: 'client closed' });
    expect(socket.sent).toEqual(['{"action":"ping"}']);
    expect(socket.closedWith).toEqual([1000, 'client closed']);
  });

  it('opens no socket to a host other than the backend', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    command({ type: 'open', id: 7, url: 'wss://collector.example.net/ws?token=secret' });
    expect(FakeSocket.made).toEqual([]);
    expect(posted).toEqual([{ type: 'close', id: 7, code: 1006, reason: '' }]);
    // The URL's query (a token) is not logged.
    expect(String(vi.mocked(console.warn).mock.calls[0])).not.toContain('secret');
  });
});
