// The coalesced storage's part in merging other tabs' writes: `beforeWrite` and `quietly`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { WRITE_INTERVAL_MS, createCoalescedStorage } from '../../../src/store/coalescedStorage';

interface Doc {
  items: string[];
}

/** A target that records every write. */
function recorder(): PersistStorage<Doc> & { writes: Doc[] } {
  const writes: Doc[] = [];
  return {
    writes,
    getItem: () => null,
    setItem: (_name: string, value: StorageValue<Doc>) => {
      writes.push(value.state);
    },
    removeItem: () => undefined,
  };
}

const value = (...items: string[]): StorageValue<Doc> => ({ state: { items }, version: 1 });

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('coalesced storage, with other tabs writing', () => {
  it('writes what beforeWrite set instead of what was pending', () => {
    const target = recorder();
    let merged = false;
    const storage = createCoalescedStorage(target, {
      pageExit: null,
      beforeWrite: () => {
        if (merged) return;
        merged = true;
        // Another tab's item taken into the state: persist calls setItem again.
        storage.quietly(() => {
          storage.setItem('k', value('mine', 'theirs'));
          return true;
        });
      },
    });
    storage.setItem('k', value('mine'));
    expect(target.writes).toEqual([{ items: ['mine', 'theirs'] }]);
  });

  it('writes nothing back when storage already holds the merge, and writes it again when storage lost it', () => {
    const target = recorder();
    const storage = createCoalescedStorage(target, { pageExit: null });
    storage.setItem('k', value('a'));
    expect(target.writes).toHaveLength(1);

    vi.advanceTimersByTime(WRITE_INTERVAL_MS);
    storage.quietly(() => {
      storage.setItem('k', value('a', 'b')); // exactly what the other tab wrote
      return false;
    });
    vi.advanceTimersByTime(WRITE_INTERVAL_MS);
    expect(target.writes).toHaveLength(1);

    // Another tab's write dropped what this tab holds, and the merge changed nothing here.
    storage.quietly(() => true);
    expect(target.writes).toEqual([{ items: ['a'] }, { items: ['a', 'b'] }]);
  });
});
