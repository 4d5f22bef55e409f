// Code that runs in the page (Playwright serialises these functions), so each one stands
// alone: no imports, no module-level values. All times are epoch milliseconds (Date.now()),
// the clock the scripted server stamps its final frame with.

/** A long task: start (epoch ms) and duration (ms). */
export interface LongTask {
  start: number;
  duration: number;
}

interface Shown {
  /** The first frame with the sentence on screen. */
  shownAt: number;
  /** The first frame at or after the final frame was sent, with the sentence on screen. */
  doneAt: number;
}

interface Probe {
  shownAt: number | null;
  /** Frames from shownAt on, until one is at or after finalAt. */
  frames: number[];
  /** When the server sent the final frame, once the bench has said so. */
  finalAt: number | null;
  done: ((shown: Shown) => void) | null;
  stop: boolean;
}

declare global {
  interface Window {
    __bench: Probe;
    /** The bench's binding: long tasks reach it unasked (a busy page answers questions late). */
    __benchLongTasks?: (tasks: LongTask[]) => void;
  }
}

// NOTE: tsx compiles with esbuild's keepNames, which wraps inner functions in __name(…); a
// function serialised into the page then throws "__name is not defined" without this.
export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/** Init script: report long tasks to the bench from before the app's first line runs. */
export function installProbe(): void {
  window.__bench = { shownAt: null, frames: [], finalAt: null, done: null, stop: false };
  new PerformanceObserver((list) => {
    const tasks = list.getEntries().map((entry) => ({
      start: performance.timeOrigin + entry.startTime,
      duration: entry.duration,
    }));
    window.__benchLongTasks?.(tasks);
  }).observe({ type: 'longtask', buffered: true });
}

/** Init script for the history runs: the app opens as a returning user of `sessionId`. */
export function seedReturningUser(seed: {
  key: string;
  version: number;
  userId: string;
  sessionId: string;
}) {
  if (localStorage.getItem(seed.key) !== null) return;
  const state = { userId: seed.userId, currentSessionId: seed.sessionId };
  localStorage.setItem(seed.key, JSON.stringify({ state, version: seed.version }));
}

/**
 * Watches for `sentence` in the answer bubble. It looks once per animation frame, only in
 * the blocks that changed, and only in frames the page's own changes cause, so watching
 * adds no frames and little work. Returns the moment of the question.
 */
export function watchAnswer(sentence: string): number {
  const probe = window.__bench;
  const touched = new Set<Node>();
  let scheduled = false;
  const schedule = () => {
    if (!scheduled) requestAnimationFrame(onFrame);
    scheduled = true;
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') touched.add(record.target);
      record.addedNodes.forEach((node) => touched.add(node));
    }
    schedule();
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  const shows = (node: Node) => {
    const element = node instanceof Element ? node : node.parentElement;
    if (!element?.isConnected || !element.closest('article[aria-label="Assistant said"]')) {
      return false;
    }
    const block = element.closest('p, li, td, th, h1, h2, h3, h4, h5, h6') ?? element;
    return (block.textContent ?? '').includes(sentence);
  };
  const onFrame = () => {
    scheduled = false;
    if (probe.stop) return;
    const now = Date.now();
    if (probe.shownAt === null) {
      if ([...touched].some(shows)) {
        probe.shownAt = now;
        observer.disconnect();
      }
      touched.clear();
      if (probe.shownAt === null) return; // until the next change
    }
    probe.frames.push(now);
    if (probe.finalAt !== null && now >= probe.finalAt) {
      probe.stop = true;
      probe.done?.({ shownAt: probe.shownAt, doneAt: now });
    } else {
      // Shown before the final frame: the lag is up to the first frame after it.
      schedule();
    }
  };
  return Date.now();
}

/** The first frame at or after `finalAt` with the sentence on screen (see watchAnswer). */
export function frameShowingAfter(finalAt: number): Promise<Shown> {
  const probe = window.__bench;
  probe.finalAt = finalAt;
  return new Promise((resolve) => {
    const doneAt = probe.frames.find((t) => t >= finalAt);
    if (probe.shownAt !== null && doneAt !== undefined) {
      probe.stop = true;
      resolve({ shownAt: probe.shownAt, doneAt });
    } else probe.done = resolve;
  });
}

/** Resolves when the page has had an idle period (or after 2 s). */
export function idle(): Promise<void> {
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }));
}

/**
 * Scrolls the transcript to the top until `target` messages are loaded, or the count
 * stops changing for 5 s (no older pages, or a list that does not keep every message).
 */
export async function loadAllHistory(target: number): Promise<number> {
  const log = document.querySelector('[role="log"]')!;
  // Messages far from the view are not rendered: their group says how many it holds.
  const count = () =>
    document.querySelectorAll('article').length +
    [...document.querySelectorAll('[data-unrendered-messages]')].reduce(
      (sum, group) => sum + Number(group.getAttribute('data-unrendered-messages')),
      0,
    );
  let last = count();
  let changedAt = Date.now();
  while (count() < target && Date.now() - changedAt < 5000) {
    log.scrollTop = 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (count() !== last) {
      last = count();
      changedAt = Date.now();
    }
  }
  return count();
}

/** Scrolls the transcript to the bottom and waits until it stays there for a few frames. */
export async function scrollToBottom(): Promise<void> {
  const log = document.querySelector('[role="log"]')!;
  for (let still = 0, i = 0; still < 5 && i < 600; i++) {
    const before = log.scrollHeight;
    log.scrollTop = log.scrollHeight;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    still = log.scrollHeight === before ? still + 1 : 0;
  }
}

/** Scrolls from the bottom to the top by `step` px per frame; frame intervals and window. */
export function scrollToTopByFrames(
  step: number,
): Promise<{ intervals: number[]; from: number; to: number }> {
  const log = document.querySelector('[role="log"]')!;
  const intervals: number[] = [];
  const from = Date.now();
  let previous: number | null = null;
  return new Promise((resolve) => {
    const onFrame = (time: number) => {
      if (previous !== null) intervals.push(time - previous);
      previous = time;
      if (log.scrollTop <= 0) return resolve({ intervals, from, to: Date.now() });
      log.scrollTop = Math.max(0, log.scrollTop - step);
      requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
  });
}
