// The one owner of the WebSocket. It knows the wire (URL, close codes, keep-alive, frame
// validation) and nothing about conversations: delivery guarantees (outbox, acks, replies)
// live in the store, which is what persists them across reloads.
//
// Design decisions (why):
// - A failure is counted per connection attempt, not per close event: a socket that never
//   opens and one that opens and then dies both cost one attempt, so "attempt n of 3" in
//   the UI is what the user would count.
// - 1000/1001 reconnect at once only when that socket had been open; a server that keeps
//   refusing with a clean close before `open` would otherwise spin without any delay.
// - A socket stuck in CONNECTING is abandoned after CONNECT_TIMEOUT_MS (browsers can take
//   minutes to give up on a black-holed TCP connect).
// - A dead keep-alive (no pong) replaces the connection at once instead of backing off:
//   the network is usually fine, it is the old connection that is gone (API Gateway's
//   2 hour limit, a NAT that forgot us). If the new one fails, normal backoff applies.
// - `send` never queues. Callers that need delivery (the outbox) re-send on `open`.
// - Nothing thrown by a listener or caused by a frame escapes: listeners are isolated and
//   every socket callback is guarded.

import { decodeServerFrame, encodeFrame } from '../protocol/codec';
import {
  CLOSE_GOING_AWAY,
  CLOSE_NORMAL,
  CLOSE_POLICY_VIOLATION,
  MAX_CLIENT_FRAME_BYTES,
  PING_AFTER_IDLE_MS,
  PONG_TIMEOUT_MS,
  PROTOCOL_VERSION,
} from '../protocol/limits';
import { utf8Bytes } from '../protocol/textLength';
import type { OutgoingClientFrame, ServerFrame } from '../protocol/types';
import { systemClock } from './clock';
import type { Clock } from './clock';

/** Backoff before automatic reconnect attempts 1, 2 and 3 (before jitter). */
export const RECONNECT_DELAYS_MS = [1000, 2000, 4000] as const;
/** Each backoff delay is scaled by a random factor in [1 - JITTER, 1 + JITTER]. */
export const JITTER = 0.2;
/** Automatic reconnect attempts after an unexpected close before going offline. */
export const MAX_RECONNECT_ATTEMPTS = 3;
/** A socket that has not opened after this long counts as a failed attempt. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Close code the client uses when it abandons a connection it considers dead. */
export const CLOSE_CLIENT_DEAD_CONNECTION = 4000;
export { PING_AFTER_IDLE_MS, PONG_TIMEOUT_MS };

/** What the UI can show about the connection. */
export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'open' }
  | { kind: 'reconnecting'; attempt: number; maxAttempts: number }
  | { kind: 'offline'; reason: 'attempts_exhausted' | 'browser_offline' }
  | { kind: 'closed_by_server'; code: number; reason: string };

/** Where `online` / `offline` events come from (the browser's `window`). */
export interface OnlineSource {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
  /** `navigator.onLine`; `false` means the browser knows it has no network. */
  isOnline?: () => boolean;
}

/** The part of the WebSocket API the service uses (browser, `ws` and mock-socket all fit). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface WebSocketChatServiceOptions {
  /** The configured endpoint, without the protocol query string. */
  url: string;
  userId: string;
  /** Supplies a token for the `token` query parameter when the deployment uses one. */
  getToken?: () => Promise<string | undefined> | string | undefined;
  createSocket?: (url: string) => SocketLike | WebSocket;
  clock?: Clock;
  /** A number in [0, 1); used for backoff jitter. */
  random?: () => number;
  /** Source of `online`/`offline` events; defaults to `window` when there is one. */
  onlineSource?: OnlineSource | null;
  /** Where dropped frames and listener failures are reported; defaults to `console`. */
  logger?: Pick<Console, 'warn' | 'error'>;
}

const OPEN = 1;

/** The delay before automatic reconnect `attempt` (1-based), jitter included. */
export function reconnectDelay(attempt: number, random: () => number): number {
  const index = Math.min(Math.max(attempt, 1), RECONNECT_DELAYS_MS.length) - 1;
  return jittered(RECONNECT_DELAYS_MS[index] ?? RECONNECT_DELAYS_MS[0], random);
}

/** `base` scaled by a random factor within ±JITTER; the engine's retries use it too. */
export function jittered(base: number, random: () => number): number {
  return Math.round(base * (1 + JITTER * (2 * clamp01(random()) - 1)));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5;
}

function defaultOnlineSource(): OnlineSource | null {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return null;
  return {
    addEventListener: (type, listener) => window.addEventListener(type, listener),
    removeEventListener: (type, listener) => window.removeEventListener(type, listener),
    isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
  };
}

/** Owns one logical connection to the chat backend, replacing sockets as they die. */
export class WebSocketChatService {
  private readonly options: WebSocketChatServiceOptions;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Pick<Console, 'warn' | 'error'>;
  private readonly onlineSource: OnlineSource | null;

  private socket: SocketLike | null = null;
  private socketOpened = false;
  private state: ConnectionState = { kind: 'idle' };
  private started = false;
  /** Failed attempts in the current round; 0 while a round has not failed yet. */
  private failures = 0;
  private generation = 0;
  private requestCounter = 0;
  private lastSentAt = 0;

  private reconnectTimer: unknown = null;
  private connectTimer: unknown = null;
  private idleTimer: unknown = null;
  private pongTimer: unknown = null;
  private pendingPingId: string | null = null;

  private readonly frameListeners = new Set<(frame: ServerFrame) => void>();
  private readonly statusListeners = new Set<(state: ConnectionState) => void>();

  private readonly handleOnline = () => this.guard(() => this.onBrowserOnline());
  private readonly handleOffline = () => this.guard(() => this.onBrowserOffline());

  constructor(options: WebSocketChatServiceOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? console;
    this.onlineSource =
      options.onlineSource === undefined ? defaultOnlineSource() : options.onlineSource;
  }

  /** The current connection state. */
  get status(): ConnectionState {
    return this.state;
  }

  /** True when a frame given to `send` now goes on the wire. */
  get isOpen(): boolean {
    return this.state.kind === 'open';
  }

  /** Starts connecting (and keeps the connection up until `close`). */
  connect(): void {
    if (this.started) return;
    this.started = true;
    this.onlineSource?.addEventListener('online', this.handleOnline);
    this.onlineSource?.addEventListener('offline', this.handleOffline);
    this.startRound();
  }

  /** Closes for good: no more reconnects, timers or events. */
  close(): void {
    if (!this.started) return;
    this.started = false;
    this.onlineSource?.removeEventListener('online', this.handleOnline);
    this.onlineSource?.removeEventListener('offline', this.handleOffline);
    this.dropSocket(CLOSE_NORMAL, 'client closed');
    this.clearTimer('reconnectTimer');
    this.setState({ kind: 'idle' });
  }

  /** The user's "reconnect now": a fresh round of attempts, unless already open. */
  reconnect(): void {
    if (!this.started) {
      this.connect();
      return;
    }
    if (this.state.kind === 'open' || this.state.kind === 'connecting') return;
    this.startRound();
  }

  /**
   * Sends one frame with a fresh `requestId` and returns that id. Frames are not queued:
   * when the connection is not open, or the frame is over the 32 KiB limit, nothing is sent
   * (check `isOpen` and `frameFits` first when it matters).
   */
  send(frame: OutgoingClientFrame): string {
    this.requestCounter += 1;
    const requestId = `r${this.requestCounter.toString(36)}`;
    const data = encodeFrame({ ...frame, requestId });
    if (utf8Bytes(data) > MAX_CLIENT_FRAME_BYTES) {
      this.logger.error(`[chat] refusing to send a ${frame.action} frame over 32 KiB`);
      return requestId;
    }
    const socket = this.socket;
    if (!socket || this.state.kind !== 'open' || socket.readyState !== OPEN) return requestId;
    try {
      socket.send(data);
      this.lastSentAt = this.clock.now();
      this.scheduleIdlePing();
    } catch (error) {
      this.logger.warn('[chat] socket.send failed', error);
    }
    return requestId;
  }

  /** Subscribes to valid server frames; returns the unsubscribe function. */
  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Subscribes to connection state changes; returns the unsubscribe function. */
  onStatusChange(listener: (state: ConnectionState) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  // ---- connection lifecycle ----

  private startRound(): void {
    this.failures = 0;
    this.clearTimer('reconnectTimer');
    this.dropSocket(CLOSE_NORMAL, 'reconnecting');
    if (this.onlineSource?.isOnline?.() === false) {
      this.setState({ kind: 'offline', reason: 'browser_offline' });
      return;
    }
    this.setState({ kind: 'connecting' });
    this.openSocket();
  }

  private openSocket(): void {
    const generation = ++this.generation;
    let url: string | Promise<string>;
    try {
      url = this.buildUrl();
    } catch (error) {
      this.onTokenFailed(error);
      return;
    }
    if (typeof url === 'string') {
      this.createSocket(url);
      return;
    }
    url.then(
      (resolved) => {
        if (generation === this.generation && this.started)
          this.guard(() => this.createSocket(resolved));
      },
      (error: unknown) => {
        if (generation === this.generation && this.started)
          this.guard(() => this.onTokenFailed(error));
      },
    );
  }

  private onTokenFailed(error: unknown): void {
    this.logger.warn('[chat] could not get a token', error);
    this.onAttemptFailed();
  }

  private createSocket(url: string): void {
    let socket: SocketLike;
    try {
      const factory =
        this.options.createSocket ?? ((target: string) => new WebSocket(target) as unknown);
      socket = factory(url) as SocketLike;
    } catch (error) {
      // A browser puts the URL, token and all, in the error's message: never log it as is.
      this.logger.warn(`[chat] could not create a socket: ${withoutToken(String(error))}`);
      this.onAttemptFailed();
      return;
    }
    this.socket = socket;
    this.socketOpened = false;
    this.clearTimer('connectTimer');
    this.connectTimer = this.clock.setTimeout(() => {
      this.connectTimer = null;
      if (this.socket !== socket || this.socketOpened) return;
      this.dropSocket(CLOSE_CLIENT_DEAD_CONNECTION, 'connect timeout');
      this.onAttemptFailed();
    }, CONNECT_TIMEOUT_MS);

    socket.onopen = () => this.guard(() => this.socket === socket && this.onSocketOpen());
    socket.onmessage = (event) =>
      this.guard(() => this.socket === socket && this.onSocketMessage(event?.data));
    socket.onclose = (event) =>
      this.guard(() => this.socket === socket && this.onSocketClose(event?.code, event?.reason));
    // An error is always followed by close; the close decides what happens.
    socket.onerror = () => undefined;
  }

  /**
   * The socket URL; synchronous unless the token provider is asynchronous. It carries the
   * token: it is never logged (withoutToken).
   */
  private buildUrl(): string | Promise<string> {
    const { url, userId, getToken } = this.options;
    const withToken = (token: string | undefined) => {
      const params = new URLSearchParams({ v: String(PROTOCOL_VERSION), userId });
      if (token) params.set('token', token);
      return `${url}${url.includes('?') ? '&' : '?'}${params.toString()}`;
    };
    const token = getToken?.();
    return isPromiseLike(token) ? Promise.resolve(token).then(withToken) : withToken(token);
  }

  private onSocketOpen(): void {
    this.clearTimer('connectTimer');
    this.socketOpened = true;
    this.failures = 0;
    this.lastSentAt = this.clock.now();
    this.setState({ kind: 'open' });
    this.scheduleIdlePing();
  }

  private onSocketMessage(data: unknown): void {
    const result = decodeServerFrame(data);
    if (!result.ok) {
      this.logger.warn(`[chat] dropped a server frame: ${result.reason}`);
      return;
    }
    const frame = result.frame;
    if (frame.type === 'pong' && frame.requestId === this.pendingPingId) {
      this.pendingPingId = null;
      this.clearTimer('pongTimer');
    }
    for (const listener of [...this.frameListeners]) {
      try {
        listener(frame);
      } catch (error) {
        this.logger.error('[chat] a frame listener threw', error);
      }
    }
  }

  private onSocketClose(code: number | undefined, reason: string | undefined): void {
    const wasOpen = this.socketOpened;
    this.detachSocket();
    if (!this.started) return;
    if (code === CLOSE_POLICY_VIOLATION) {
      this.setState({ kind: 'closed_by_server', code, reason: reason ?? '' });
      return;
    }
    if (wasOpen && (code === CLOSE_NORMAL || code === CLOSE_GOING_AWAY)) {
      // NOTE: API Gateway closes every connection after 2 hours (1001); that is not a failure.
      this.failures = 0;
      this.setState({ kind: 'connecting' });
      this.openSocket();
      return;
    }
    this.onAttemptFailed();
  }

  private onAttemptFailed(): void {
    this.detachSocket();
    if (!this.started) return;
    if (this.onlineSource?.isOnline?.() === false) {
      this.setState({ kind: 'offline', reason: 'browser_offline' });
      return;
    }
    this.failures += 1;
    if (this.failures > MAX_RECONNECT_ATTEMPTS) {
      this.setState({ kind: 'offline', reason: 'attempts_exhausted' });
      return;
    }
    const attempt = this.failures;
    this.setState({ kind: 'reconnecting', attempt, maxAttempts: MAX_RECONNECT_ATTEMPTS });
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = this.clock.setTimeout(
      () => {
        this.reconnectTimer = null;
        if (!this.started) return;
        this.openSocket();
      },
      reconnectDelay(attempt, this.random),
    );
  }

  private onBrowserOffline(): void {
    if (!this.started) return;
    this.clearTimer('reconnectTimer');
    this.dropSocket(CLOSE_NORMAL, 'browser offline');
    this.setState({ kind: 'offline', reason: 'browser_offline' });
  }

  private onBrowserOnline(): void {
    if (!this.started) return;
    if (this.state.kind === 'closed_by_server') return; // only the user may retry a 1008
    if (this.state.kind === 'open') return;
    this.startRound();
  }

  // ---- keep-alive ----

  private scheduleIdlePing(): void {
    this.clearTimer('idleTimer');
    if (this.state.kind !== 'open') return;
    const due = this.lastSentAt + PING_AFTER_IDLE_MS - this.clock.now();
    this.idleTimer = this.clock.setTimeout(
      () => {
        this.idleTimer = null;
        this.guard(() => this.onIdle());
      },
      Math.max(due, 0),
    );
  }

  private onIdle(): void {
    if (this.state.kind !== 'open') return;
    if (this.clock.now() - this.lastSentAt < PING_AFTER_IDLE_MS) {
      this.scheduleIdlePing();
      return;
    }
    const requestId = this.send({ action: 'ping' });
    if (this.pendingPingId !== null) return; // an earlier ping is still being timed
    this.pendingPingId = requestId;
    this.pongTimer = this.clock.setTimeout(() => {
      this.pongTimer = null;
      this.guard(() => this.onPongTimeout());
    }, PONG_TIMEOUT_MS);
  }

  private onPongTimeout(): void {
    if (!this.started || this.pendingPingId === null) return;
    this.logger.warn('[chat] no pong: replacing the connection');
    this.dropSocket(CLOSE_CLIENT_DEAD_CONNECTION, 'no pong');
    this.failures = 0;
    this.setState({ kind: 'connecting' });
    this.openSocket();
  }

  // ---- helpers ----

  /** Forgets the current socket (its late events are ignored) and closes it. */
  private dropSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.detachSocket();
    if (!socket) return;
    try {
      socket.close(code, reason);
    } catch {
      // Closing an already closed or never opened socket may throw in some implementations.
    }
  }

  private detachSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.socketOpened = false;
    this.pendingPingId = null;
    this.clearTimer('connectTimer');
    this.clearTimer('idleTimer');
    this.clearTimer('pongTimer');
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
    this.generation += 1;
  }

  private clearTimer(name: 'reconnectTimer' | 'connectTimer' | 'idleTimer' | 'pongTimer'): void {
    const handle = this[name];
    if (handle !== null) this.clock.clearTimeout(handle);
    this[name] = null;
  }

  private setState(next: ConnectionState): void {
    if (sameState(this.state, next)) return;
    this.state = next;
    for (const listener of [...this.statusListeners]) {
      try {
        listener(next);
      } catch (error) {
        this.logger.error('[chat] a status listener threw', error);
      }
    }
  }

  private guard(action: () => unknown): void {
    try {
      action();
    } catch (error) {
      this.logger.error('[chat] unexpected error in the chat service', error);
    }
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<string | undefined> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function sameState(a: ConnectionState, b: ConnectionState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when `frame` (with any requestId this service makes) fits API Gateway's frame limit. */
export function frameFits(frame: OutgoingClientFrame): boolean {
  // NOTE: 32 KiB per client frame is an API Gateway quota; 40 characters covers our requestIds.
  return utf8Bytes(encodeFrame({ ...frame, requestId: 'r'.repeat(40) })) <= MAX_CLIENT_FRAME_BYTES;
}

/** `text` with the value of any `token=` query parameter in it left out, for logs. */
function withoutToken(text: string): string {
  return text.replace(/([?&]token=)[^&\s'"]*/g, '$1…');
}
