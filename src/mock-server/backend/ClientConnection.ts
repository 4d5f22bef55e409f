import { encodeFrame } from '../../protocol/codec';
import { MAX_SERVER_FRAME_BYTES } from '../../protocol/limits';
import { utf8Bytes } from '../../protocol/textLength';
import type { OutgoingServerFrame } from '../../protocol/types';
import type { FaultInjector, FaultSpec } from './faults';
import type { Logger } from './log';
import { RateLimiter } from './rateLimiter';
import { iso } from './SessionStore';

/** What the core needs from a transport: the ws adapter implements it, tests may too. */
export interface ConnectionSink {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Drops the transport without a close frame; the client sees 1006. */
  terminate(): void;
  /** Bytes queued in the transport that the client has not read yet. */
  bufferedAmount(): number;
}

export interface ConnectionSettings {
  now: () => number;
  log: Logger;
  faults: FaultInjector;
  connectionFaults: Pick<FaultSpec, 'dropAfter' | 'close'>;
  rateLimit: { frames: number; windowMs: number };
  idleTimeoutMs: number;
  maxConnectionMs: number;
}

// A client that stops reading would otherwise make the server buffer without bound.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const GOING_AWAY = 1001;

/** One client's WebSocket as the backend sees it: stamps, sizes and delivers frames. */
export class ClientConnection {
  readonly limiter: RateLimiter;
  private framesSent = 0;
  private open = true;
  private readonly pending: Array<{ text: string; dueAt: number }> = [];
  private pendingTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly lifetimeTimer: NodeJS.Timeout;

  constructor(
    readonly id: number,
    readonly userId: string,
    private readonly sink: ConnectionSink,
    private readonly settings: ConnectionSettings,
  ) {
    this.limiter = new RateLimiter(
      settings.rateLimit.frames,
      settings.rateLimit.windowMs,
      settings.now,
    );
    this.lifetimeTimer = setTimeout(
      () => this.close(GOING_AWAY, 'connection lifetime exceeded'),
      settings.maxConnectionMs,
    ).unref();
    this.noteActivity();
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Applies `close=…@0` faults; called once the transport is ready. */
  start(): void {
    this.checkConnectionFaults();
  }

  /** Called on every client frame: API Gateway's idle timer counts client traffic. */
  noteActivity(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(
      () => this.close(GOING_AWAY, 'idle timeout'),
      this.settings.idleTimeoutMs,
    ).unref();
  }

  send(frame: OutgoingServerFrame): void {
    if (!this.open) return;
    let text = encodeFrame({ ...frame, timestamp: iso(this.settings.now()) });
    // Only long strings can exceed the limit: UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > MAX_SERVER_FRAME_BYTES && utf8Bytes(text) > MAX_SERVER_FRAME_BYTES) {
      this.settings.log.warn(
        `conn ${this.id}: ${frame.type} frame over ${MAX_SERVER_FRAME_BYTES} bytes replaced by INTERNAL`,
      );
      text = encodeFrame({
        type: 'error',
        ...('requestId' in frame && frame.requestId ? { requestId: frame.requestId } : {}),
        code: 'INTERNAL',
        message: 'The reply was too large to send.',
        retryable: false,
        timestamp: iso(this.settings.now()),
      });
    }
    const delay = this.settings.faults.latencyMs();
    if (delay === 0 && this.pending.length === 0) {
      this.deliver(text);
      return;
    }
    const last = this.pending[this.pending.length - 1];
    // Latency never reorders frames: each is due no earlier than the one before.
    this.pending.push({ text, dueAt: Math.max(Date.now() + delay, last?.dueAt ?? 0) });
    this.schedulePending();
  }

  close(code: number, reason: string): void {
    if (!this.open) return;
    this.sink.close(code, reason);
    this.dispose();
  }

  terminate(): void {
    if (!this.open) return;
    this.sink.terminate();
    this.dispose();
  }

  /** The transport is gone; stop every timer. */
  dispose(): void {
    this.open = false;
    this.pending.length = 0;
    clearTimeout(this.pendingTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.lifetimeTimer);
  }

  private schedulePending(): void {
    if (this.pendingTimer) return;
    const next = this.pending[0];
    if (!next) return;
    this.pendingTimer = setTimeout(
      () => {
        this.pendingTimer = undefined;
        const now = Date.now();
        while (this.open && this.pending[0] && this.pending[0].dueAt <= now) {
          this.deliver(this.pending.shift()!.text);
        }
        this.schedulePending();
      },
      Math.max(0, next.dueAt - Date.now()),
    );
  }

  private deliver(text: string): void {
    if (!this.open) return;
    if (this.sink.bufferedAmount() > MAX_BUFFERED_BYTES) {
      this.settings.log.warn(`conn ${this.id}: client is not reading; frame dropped`);
      return;
    }
    this.sink.send(text);
    this.framesSent++;
    this.checkConnectionFaults();
  }

  private checkConnectionFaults(): void {
    const { dropAfter, close } = this.settings.connectionFaults;
    if (dropAfter && this.framesSent >= dropAfter.frames) {
      this.settings.log.info(`conn ${this.id}: fault drop-after=${dropAfter.frames}`);
      this.terminate();
    } else if (close && this.framesSent >= close.afterFrames) {
      this.settings.log.info(`conn ${this.id}: fault close=${close.code}`);
      this.close(close.code, close.reason);
    }
  }
}
