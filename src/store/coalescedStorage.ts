// Coalesces persist's writes. zustand's persist writes the whole partialized state on every
// set, and a streaming reply sets once per delta (tens a second): each time a JSON.stringify
// of the transcript and a synchronous localStorage write on the main thread.
//
// Design decisions (why):
// - A throttle, leading and trailing: a lone change is written at once; changes closer
//   together than WRITE_INTERVAL_MS are written together at the end of the interval (only the
//   latest state). A debounce would not write at all during a long stream.
// - Some writes must not wait: when `urgent(next, lastWritten)` says so, everything pending is
//   written at once. persistence.ts uses it for the unsent messages the reload guarantees
//   rest on, so those hold even if the page dies without an event (a crash, a killed tab).
// - The page can go away inside an interval, so a pending write is flushed on `pagehide` and
//   on `visibilitychange` to hidden. NOTE: these are the last events a page can rely on; on
//   mobile `unload` and `beforeunload` are not fired when a hidden tab is discarded
//   (https://developer.chrome.com/docs/web-platform/page-lifecycle-api). The listeners are
//   registered only while a write is pending, so a store made and dropped (tests) leaks none.
// - Reads see pending writes (getItem flushes first); removeItem drops them.
// - persist calls setItem after every set, with the partialized state. The same state object
//   as the one pending or last written is no change and costs nothing: persistence.ts hands
//   back the same object while no persisted field changed, so a set that touches only what is
//   not persisted (a streamed delta, typing, the connection) does no work here, however big
//   the state. Serialising happens in the target, only when a write is actually made.
// - Other tabs of the app write the same key (crossTab.ts). `beforeWrite` runs just before
//   each write, so what another tab wrote can be taken into the state first (its set comes
//   back here and becomes what is written). `quietly` applies such a merge without writing it
//   back when storage already holds the result, which stops two tabs echoing each other.

import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { systemClock } from '../services/clock';
import type { Clock } from '../services/clock';

/** The least time between two coalesced writes. */
export const WRITE_INTERVAL_MS = 250;

/** Tells when the page may be about to go away for good. */
export interface PageExit {
  /** Calls `onExit` each time; returns the function that stops it. */
  subscribe(onExit: () => void): () => void;
}

export interface CoalescedStorageOptions<S> {
  clock?: Clock;
  intervalMs?: number;
  /** True when `next` must be written now rather than at the end of the interval. */
  urgent?: (next: S, lastWritten: S | undefined) => boolean;
  /** Default: the browser's pagehide / visibilitychange; null for none. */
  pageExit?: PageExit | null;
  /** Runs before each write (not re-entrantly); state it sets is what gets written. */
  beforeWrite?: () => void;
}

export interface CoalescedStorage<S> extends PersistStorage<S> {
  /** Writes whatever is pending, now. */
  flush(): void;
  /**
   * Runs `update`, whose sets are not written on their own. It returns whether storage lacks
   * what the state now holds: if so, that is written as any change would be (the last write
   * again if nothing changed); if not, storage already holds it and nothing is written.
   */
  quietly(update: () => boolean): void;
}

export function createCoalescedStorage<S>(
  target: PersistStorage<S>,
  options: CoalescedStorageOptions<S> = {},
): CoalescedStorage<S> {
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? WRITE_INTERVAL_MS;
  const pageExit = options.pageExit === undefined ? browserPageExit() : options.pageExit;
  let pending: { name: string; value: StorageValue<S> } | undefined;
  let lastWritten: S | undefined;
  /** What the last write wrote, for telling an unchanged setItem; cleared by removeItem. */
  let written: { name: string; value: StorageValue<S> } | undefined;
  let lastWriteAt = -Infinity;
  let timer: unknown;
  let stopWatchingExit: (() => void) | undefined;
  /** Inside `quietly`: sets only update what is pending. */
  let quiet = false;
  /** Inside `beforeWrite`. */
  let preparing = false;

  const stopWaiting = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    stopWatchingExit?.();
    stopWatchingExit = undefined;
  };

  const flush = () => {
    stopWaiting();
    if (!pending) return;
    if (options.beforeWrite && !preparing) {
      preparing = true;
      try {
        options.beforeWrite();
      } finally {
        preparing = false;
      }
      stopWaiting();
    }
    const write = pending;
    if (!write) return;
    // Before the write: it may report storage availability, which sets state and comes back
    // here re-entrantly; that write then waits for the next interval.
    pending = undefined;
    written = write;
    lastWritten = write.value.state;
    lastWriteAt = clock.now();
    void target.setItem(write.name, write.value);
  };

  /** Writes what is pending now or at the end of the interval. */
  const schedule = (state: S) => {
    const now = clock.now();
    if (now - lastWriteAt >= intervalMs || options.urgent?.(state, lastWritten)) {
      flush();
      return;
    }
    timer ??= clock.setTimeout(flush, lastWriteAt + intervalMs - now);
    stopWatchingExit ??= pageExit?.subscribe(flush);
  };

  return {
    flush,
    quietly(update) {
      const outer = quiet;
      quiet = true;
      let stillToWrite: boolean;
      try {
        stillToWrite = update();
      } finally {
        quiet = outer;
      }
      if (outer) return;
      if (!stillToWrite) {
        // Storage holds it already.
        if (pending) {
          written = pending;
          lastWritten = pending.value.state;
          pending = undefined;
        }
        if (!preparing) stopWaiting();
        return;
      }
      if (preparing) return; // the write under way writes it
      pending ??= written;
      if (pending) schedule(pending.value.state);
    },
    getItem(name) {
      flush();
      return target.getItem(name);
    },
    setItem(name, value) {
      if (same(pending ?? written, name, value)) return;
      if (pending && pending.name !== name) flush();
      pending = { name, value };
      if (!quiet) schedule(value.state);
    },
    removeItem(name) {
      if (written?.name === name) written = undefined;
      if (pending?.name === name) {
        pending = undefined;
        flush(); // nothing left to write: just stops the timer and the listeners
      }
      return target.removeItem(name);
    },
  };
}

function same<S>(
  write: { name: string; value: StorageValue<S> } | undefined,
  name: string,
  value: StorageValue<S>,
): boolean {
  return (
    write !== undefined &&
    write.name === name &&
    write.value.state === value.state &&
    write.value.version === value.version
  );
}

/** pagehide and visibilitychange to hidden, where there is a document; otherwise null. */
export function browserPageExit(): PageExit | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  // Held, not looked up again on unsubscribe: a test environment may be torn down (and its
  // globals gone) before a pending write's timer runs.
  const page = window;
  const doc = document;
  return {
    subscribe(onExit) {
      const onVisibility = () => {
        if (doc.visibilityState === 'hidden') onExit();
      };
      page.addEventListener('pagehide', onExit);
      doc.addEventListener('visibilitychange', onVisibility);
      return () => {
        page.removeEventListener('pagehide', onExit);
        doc.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}
