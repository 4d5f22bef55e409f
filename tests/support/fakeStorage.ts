import type { StateStorage } from 'zustand/middleware';

/** An in-memory localStorage stand-in that can be made full or broken. */
export class FakeStorage implements StateStorage {
  readonly data = new Map<string, string>();
  /** Writes longer than this throw like a full localStorage. */
  quota = Infinity;
  broken = false;

  getItem(name: string): string | null {
    if (this.broken) throw new Error('SecurityError');
    return this.data.get(name) ?? null;
  }

  setItem(name: string, value: string): void {
    if (this.broken) throw new Error('SecurityError');
    if (value.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(name, value);
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
