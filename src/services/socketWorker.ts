// The app's WebSockets, off the page's main thread (workerSocket.ts is the page's side).
//
// Why: a fast model streams a hundred deltas a second. Received on the main thread, each one
// is a task of its own (the browser's IPC, then the message event) that delays the reader's
// typing and scrolling, and it was about a fifth of the main thread's cost of a streamed
// answer (`npm run bench:ui`). Here the deltas that arrive within FRAME_BATCH_MS are posted
// to the page together. Every other frame (an ack, an error, the final message) is posted at
// once, with the deltas before it, so nothing but deltas waits and the order never changes.
//
// Frames are passed on as they came: the page decodes and validates them (codec.ts), in one
// place for both transports.

import { CLOSE_ABNORMAL } from '../protocol/limits';
import { resolveWebSocketUrl } from './backendUrl';
import type { FromSocketWorker, ToSocketWorker } from './socketWorkerMessages';

/** Deltas are held at most this long: a reply's bubble shows new text every 100 ms at most. */
export const FRAME_BATCH_MS = 100;

/**
 * Whether a frame is a streamed delta, for timing only (a wrong guess delays a frame by at
 * most FRAME_BATCH_MS, and never reorders one). Inside a JSON string a quote is escaped, so
 * this cannot match in a delta's text.
 */
const DELTA = /"type"\s*:\s*"assistant_delta"/;

interface Connection {
  socket: WebSocket;
  held: unknown[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** This worker's global scope (the project is typed for the page, not for workers). */
const scope = self as unknown as {
  location: { protocol: string; host: string };
  postMessage(message: FromSocketWorker): void;
  onmessage: ((event: MessageEvent<ToSocketWorker>) => void) | null;
};
const connections = new Map<number, Connection>();
const post = (message: FromSocketWorker) => scope.postMessage(message);

function postHeld(id: number, connection: Connection): void {
  clearTimeout(connection.timer);
  connection.timer = undefined;
  if (connection.held.length === 0) return;
  post({ type: 'frames', id, data: connection.held });
  connection.held = [];
}

/**
 * The one backend this build talks to. The page's Content-Security-Policy narrows
 * connect-src to it, but a worker has only the server's (broader) policy: without this
 * check, script injected into the page could use this worker to reach any host.
 */
const BACKEND_ORIGIN = new URL(resolveWebSocketUrl(import.meta.env.VITE_WS_URL, scope.location))
  .origin;

function open(id: number, url: string): void {
  let socket: WebSocket;
  try {
    if (new URL(url).origin !== BACKEND_ORIGIN) throw new Error(`not the backend: ${url}`);
    socket = new WebSocket(url);
  } catch (error) {
    // A socket the browser refuses is a failed attempt, as on the page.
    console.warn('[chat] socket worker: could not open a socket', String(error).split('?')[0]);
    post({ type: 'close', id, code: CLOSE_ABNORMAL, reason: '' });
    return;
  }
  const connection: Connection = { socket, held: [], timer: undefined };
  connections.set(id, connection);
  socket.onopen = () => post({ type: 'open', id });
  socket.onmessage = (event: MessageEvent<unknown>) => {
    connection.held.push(event.data);
    if (typeof event.data !== 'string' || !DELTA.test(event.data)) postHeld(id, connection);
    else connection.timer ??= setTimeout(() => postHeld(id, connection), FRAME_BATCH_MS);
  };
  socket.onclose = (event) => {
    postHeld(id, connection);
    connections.delete(id);
    post({ type: 'close', id, code: event.code, reason: event.reason });
  };
}

scope.onmessage = (event) => {
  const command = event.data;
  if (command.type === 'open') {
    open(command.id, command.url);
    return;
  }
  const connection = connections.get(command.id);
  if (!connection) return;
  try {
    if (command.type === 'send') connection.socket.send(command.data);
    else connection.socket.close(command.code, command.reason);
  } catch (error) {
    // Sending on a socket that is closing, or a close code the browser refuses.
    console.warn('[chat] socket worker:', error);
  }
};
