import type { EngineContext } from './EngineContext';

/**
 * At most one timer per key, on the engine's current clock. A timer's entry is gone by the
 * time its action runs (guarded), so the action may start the next one for the same key.
 */
export class TimerMap<K> {
  private readonly handles = new Map<K, unknown>();

  constructor(private readonly ctx: Pick<EngineContext, 'clock' | 'clearTimer' | 'guard'>) {}

  /** Starts the timer of `key`, replacing any it had. */
  start(key: K, delayMs: number, action: () => void): void {
    this.cancel(key);
    const handle = this.ctx.clock.setTimeout(() => {
      this.handles.delete(key);
      this.ctx.guard(action);
    }, delayMs);
    this.handles.set(key, handle);
  }

  has(key: K): boolean {
    return this.handles.has(key);
  }

  cancel(key: K): void {
    this.ctx.clearTimer(this.handles.get(key));
    this.handles.delete(key);
  }

  cancelAll(): void {
    for (const handle of this.handles.values()) this.ctx.clearTimer(handle);
    this.handles.clear();
  }
}
