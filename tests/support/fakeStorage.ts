import type { StateStorage } from 'zustand/middleware';

/** An in-memory localStorage stand-in that can be made full or broken. */
export class FakeStorage implements StateStorage {
  readonly data = new Map<string, string>();
  /** Writes longer than this throw like a full localStorage. */
  quota = Infinity;
  broken = false;
  /** setItem calls that succeeded. */
  writes = 0;

  getItem(name: string): string | null {
    if (this.broken) throw new Error('SecurityError');
    return this.data.get(name) ?? null;
  }

  setItem(name: string, value: string): void {
    if (this.broken) throw new Error('SecurityError');
    if (value.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(name, value);
    this.writes += 1;
  }

  /** Another storage holding what this one holds now (a page that dies keeps writing here). */
  snapshot(): FakeStorage {
    const copy = new FakeStorage();
    for (const [name, value] of this.data) copy.data.set(name, value);
    return copy;
  }

  removeItem(name: string): void {
    this.data.delete(name);
  }
}

/** Deterministic clientMessageIds: cm-1, cm-2, … */
export function sequentialIds(prefix = 'cm'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
