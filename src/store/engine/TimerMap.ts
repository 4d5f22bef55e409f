import type { EngineContext } from './EngineContext';

interface Timer {
  handle: unknown;
  /** When the action is due, on the engine's clock; `postpone` moves it. */
  dueAt: number;
  action: () => void;
}

/**
 * At most one timer per key, on the engine's current clock. A timer's entry is gone by the
 * time its action runs (guarded), so the action may start the next one for the same key.
 */
export class TimerMap<K> {
  private readonly timers = new Map<K, Timer>();

  constructor(private readonly ctx: Pick<EngineContext, 'clock' | 'clearTimer' | 'guard'>) {}

  /** Starts the timer of `key`, replacing any it had. */
  start(key: K, delayMs: number, action: () => void): void {
    this.cancel(key);
    const timer: Timer = { handle: undefined, dueAt: this.ctx.clock.now() + delayMs, action };
    this.arm(key, timer, delayMs);
    this.timers.set(key, timer);
  }

  /**
   * Like `start`, for a deadline pushed back on every streamed delta (100 a second): while
   * the timer runs, only its due time moves. Clearing and setting a browser timer per delta
   * cost more than the rest of handling the delta; the timer re-arms once when it fires early.
   */
  postpone(key: K, delayMs: number, action: () => void): void {
    const timer = this.timers.get(key);
    if (!timer) return this.start(key, delayMs, action);
    timer.dueAt = this.ctx.clock.now() + delayMs;
    timer.action = action;
  }

  private arm(key: K, timer: Timer, delayMs: number): void {
    timer.handle = this.ctx.clock.setTimeout(() => {
      const left = timer.dueAt - this.ctx.clock.now();
      if (left > 0) return this.arm(key, timer, left);
      this.timers.delete(key);
      this.ctx.guard(timer.action);
    }, delayMs);
  }

  has(key: K): boolean {
    return this.timers.has(key);
  }

  cancel(key: K): void {
    this.ctx.clearTimer(this.timers.get(key)?.handle);
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) this.ctx.clearTimer(timer.handle);
    this.timers.clear();
  }
}
