import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SocketLike } from '../../../src/services/WebSocketChatService';
import type { FromSocketWorker, ToSocketWorker } from '../../../src/services/socketWorkerMessages';
import { workerSocketFactory } from '../../../src/services/workerSocket';

/** The page's end of a worker: what the page posted, and a way to answer. */
class FakeWorker {
  static started = 0;
  posted: ToSocketWorker[] = [];
  terminated = false;
  onmessage: ((event: { data: FromSocketWorker }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  constructor() {
    FakeWorker.started += 1;
  }
  postMessage(command: ToSocketWorker) {
    this.posted.push(command);
  }
  terminate() {
    this.terminated = true;
  }
  answer(message: FromSocketWorker) {
    this.onmessage!({ data: message });
  }
}

/** The browser's WebSocket, as far as the factory can tell: a bound function reads as native. */
class PageSocket {
  constructor(readonly url: string) {}
}
const NativeLooking = PageSocket.bind(null);

const URL_OK = 'wss://chat.example.com/ws?v=1&userId=u';

describe('workerSocketFactory', () => {
  let worker: FakeWorker;
  let factory: (url: string) => SocketLike | WebSocket;

  beforeEach(() => {
    FakeWorker.started = 0;
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('WebSocket', NativeLooking);
    factory = workerSocketFactory(() => {
      worker = new FakeWorker();
      return worker as unknown as Worker;
    })!;
  });

  afterEach(() => vi.unstubAllGlobals());

  const open = () => {
    const socket = factory(URL_OK) as SocketLike & { id?: number };
    const { id } = worker.posted.at(-1) as { id: number };
    return { socket, id };
  };

  it('is not used where there are no workers, or where WebSocket was replaced', () => {
    vi.stubGlobal('Worker', undefined);
    expect(workerSocketFactory()).toBeUndefined();
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('WebSocket', PageSocket);
    expect(workerSocketFactory()).toBeUndefined();
  });

  it('behaves as a WebSocket whose connection is in the worker', () => {
    const { socket, id } = open();
    expect(worker.posted).toEqual([{ type: 'open', id, url: URL_OK }]);
    expect(socket.readyState).toBe(0);
    expect(() => socket.send('early')).toThrow();

    const events: unknown[] = [];
    socket.onopen = () => events.push('open');
    socket.onmessage = (event) => events.push(event.data);
    socket.onclose = (event) => events.push(event);
    worker.answer({ type: 'open', id });
    expect(socket.readyState).toBe(1);
    worker.answer({ type: 'frames', id, data: ['a', 'b'] });
    socket.send('{"action":"ping"}');
    expect(worker.posted.at(-1)).toEqual({ type: 'send', id, data: '{"action":"ping"}' });

    socket.close(1000, 'client closed');
    expect(socket.readyState).toBe(2);
    expect(worker.posted.at(-1)).toEqual({
      type: 'close',
      id,
      code: 1000,
      reason: 'client closed',
    });
    worker.answer({ type: 'close', id, code: 1000, reason: 'client closed' });
    expect(socket.readyState).toBe(3);
    expect(events).toEqual(['open', 'a', 'b', { code: 1000, reason: 'client closed' }]);
  });

  it('stops handing out a batch once a handler lets the socket go', () => {
    const { socket, id } = open();
    worker.answer({ type: 'open', id });
    const seen: unknown[] = [];
    socket.onmessage = (event) => {
      seen.push(event.data);
      socket.onmessage = null; // what the service does when it replaces a socket
    };
    worker.answer({ type: 'frames', id, data: ['a', 'b', 'c'] });
    expect(seen).toEqual(['a']);
  });

  it('keeps one worker for all sockets, and ignores events of sockets it closed', () => {
    const first = open();
    worker.answer({ type: 'close', id: first.id, code: 1006, reason: '' });
    const second = open();
    expect(FakeWorker.started).toBe(1);
    expect(second.id).not.toBe(first.id);
    const late = vi.fn();
    first.socket.onmessage = late;
    worker.answer({ type: 'frames', id: first.id, data: ['late'] });
    expect(late).not.toHaveBeenCalled();
  });

  it('refuses a URL that is not a WebSocket URL, as WebSocket does', () => {
    expect(() => factory('https://chat.example.com/ws')).toThrow(/Not a WebSocket URL/);
    expect(() => factory('not a url')).toThrow();
  });

  it('when the worker fails: its sockets close as dropped, and new ones are made on the page', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { socket, id } = open();
    worker.answer({ type: 'open', id });
    const closed = vi.fn();
    socket.onclose = closed;
    worker.onerror!({ message: 'could not load' });
    expect(closed).toHaveBeenCalledWith({ code: 1006, reason: '' });
    expect(worker.terminated).toBe(true);

    const next = factory(URL_OK);
    expect(next).toBeInstanceOf(PageSocket);
    expect(FakeWorker.started).toBe(1);
  });

  it('makes sockets on the page when the worker cannot even start', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken = workerSocketFactory(() => {
      throw new Error('blocked by policy');
    })!;
    expect(broken(URL_OK)).toBeInstanceOf(PageSocket);
  });
});
