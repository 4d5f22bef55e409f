// The page's side of the socket worker (socketWorker.ts): a SocketLike that the chat service
// uses as it would a WebSocket, whose connection lives in the worker.
//
// - One worker for the page, started with the first socket, so a reconnect does not fetch it
//   again (with the network gone, it could not).
// - If the worker cannot run (not loaded, blocked, crashed), its sockets close as a dropped
//   connection would (1006), and from then on sockets are the page's own WebSockets: the
//   service's next attempt connects as it always did.

import { CLOSE_ABNORMAL } from '../protocol/limits';
import type { SocketLike } from './WebSocketChatService';
import type { FromSocketWorker, ToSocketWorker } from './socketWorkerMessages';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

class WorkerSocket implements SocketLike {
  readyState = CONNECTING;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;

  constructor(
    private readonly post: (command: ToSocketWorker) => void,
    readonly id: number,
  ) {}

  send(data: string): void {
    // As a WebSocket does: sending before `open` is an error.
    if (this.readyState === CONNECTING)
      throw new DOMException('Still connecting', 'InvalidStateError');
    if (this.readyState === OPEN) this.post({ type: 'send', id: this.id, data });
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    this.post({ type: 'close', id: this.id, code, reason });
  }

  receive(message: FromSocketWorker): void {
    if (message.type === 'open') {
      if (this.readyState !== CONNECTING) return;
      this.readyState = OPEN;
      this.onopen?.({});
    } else if (message.type === 'frames') {
      for (const data of message.data) {
        // A handler may close the socket or let go of it part way through a batch.
        if (this.readyState !== OPEN || !this.onmessage) return;
        this.onmessage({ data });
      }
    } else {
      this.ended(message.code, message.reason);
    }
  }

  ended(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason });
  }
}

/**
 * A socket factory for WebSocketChatService whose sockets live in a worker; undefined where
 * there are no workers (the service then uses WebSocket itself).
 */
export function workerSocketFactory(
  startWorker: () => Worker = () =>
    new Worker(new URL('./socketWorker.ts', import.meta.url), { type: 'module' }),
): ((url: string) => SocketLike | WebSocket) | undefined {
  if (typeof Worker === 'undefined' || typeof WebSocket === 'undefined') return undefined;
  // A page whose WebSocket was replaced (a test harness, a debugging extension) keeps its
  // sockets on the page, where that replacement can see them; a worker has the browser's own.
  if (!/\[native code\]/.test(Function.prototype.toString.call(WebSocket))) return undefined;
  const sockets = new Map<number, WorkerSocket>();
  let worker: Worker | null = null;
  let failed = false;
  let lastId = 0;

  const fail = (why: unknown) => {
    if (failed) return;
    failed = true;
    console.warn('[chat] the socket worker stopped; connecting from the page instead', why);
    worker?.terminate();
    for (const socket of sockets.values()) socket.ended(CLOSE_ABNORMAL, '');
    sockets.clear();
  };
  const post = (command: ToSocketWorker) => {
    try {
      worker?.postMessage(command);
    } catch (error) {
      fail(error);
    }
  };
  const start = (): Worker => {
    const started = startWorker();
    started.onmessage = (event: MessageEvent<FromSocketWorker>) => {
      const socket = sockets.get(event.data.id);
      if (!socket) return;
      if (event.data.type === 'close') sockets.delete(socket.id);
      socket.receive(event.data);
    };
    started.onerror = (event) => fail(event.message || 'it could not be loaded');
    started.onmessageerror = () => fail('a message could not be read');
    return started;
  };

  return (url: string): SocketLike | WebSocket => {
    if (failed) return new WebSocket(url);
    // A URL the browser would refuse throws here, as `new WebSocket` does.
    const protocol = new URL(url).protocol;
    if (protocol !== 'ws:' && protocol !== 'wss:') {
      throw new DOMException(`Not a WebSocket URL: ${protocol}`, 'SyntaxError');
    }
    try {
      worker ??= start();
    } catch (error) {
      fail(error);
      return new WebSocket(url);
    }
    const socket = new WorkerSocket(post, ++lastId);
    sockets.set(socket.id, socket);
    post({ type: 'open', id: socket.id, url });
    return socket;
  };
}
