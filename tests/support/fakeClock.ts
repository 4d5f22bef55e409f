import type { Clock } from '../../src/services/clock';

/** A deterministic clock: timers run only when the test advances time. */
export class FakeClock implements Clock {
  private time: number;
  private counter = 0;
  private readonly timers = new Map<number, { due: number; run: () => void }>();

  constructor(start = Date.parse('2026-11-21T10:00:00.000Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): number {
    const id = ++this.counter;
    this.timers.set(id, { due: this.time + Math.max(0, ms), run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    while (this.runNext(end)) {
      // keep going
    }
    this.time = end;
  }

  /** Runs the earliest timer due by `until` (default: whenever it is); false if none. */
  runNext(until = Infinity): boolean {
    let nextId: number | undefined;
    let next: { due: number; run: () => void } | undefined;
    for (const [id, timer] of this.timers) {
      if (timer.due <= until && (!next || timer.due < next.due)) {
        nextId = id;
        next = timer;
      }
    }
    if (nextId === undefined || !next) return false;
    this.timers.delete(nextId);
    this.time = Math.max(this.time, next.due);
    next.run();
    return true;
  }
}
