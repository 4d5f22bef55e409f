// One measured run: a fresh browser context opens a page, asks the question once the page is
// connected and idle, and records main-thread busy time, long tasks and lag (see
// ui.bench.ts for what each figure means).

import type { Browser, CDPSession, Page } from 'playwright-core';
import { STORAGE_KEY, STORAGE_VERSION } from '../../src/store/persistence';
import {
  NAME_SHIM,
  frameShowingAfter,
  idle,
  installProbe,
  loadAllHistory,
  type LongTask,
  scrollToBottom,
  scrollToTopByFrames,
  seedReturningUser,
  watchAnswer,
} from './pageProbe';
import { startRecording } from './profile';
import type { ScriptedServer } from './scriptedServer';

export const VIEWPORT = { width: 1280, height: 800 };
const READY_TIMEOUT_MS = 30_000;
const HISTORY_TIMEOUT_MS = 300_000;
// A page stuck in one long task answers nothing; these bound every question the bench asks it.
const PROBE_TIMEOUT_MS = 15_000;

export interface RunOptions {
  /** Label in the output, e.g. "app" or "baseline". */
  label: string;
  kind: 'app' | 'baseline';
  url: string;
  question: string;
  lastSentence: string;
  /** How long the server streams one reply, and how long after its end the page may take. */
  streamMs: number;
  capMs: number;
  /** Open as the owner of a long conversation, load all of it, and time a scroll through it. */
  history?: { userId: string; sessionId: string; messages: number; scrollStep: number };
  /** Record a trace and a CPU profile of the streamed answer into this directory. */
  profileDir?: string;
}

export interface RunResult {
  /** Main-thread task time from the question to the final text on screen; null if unreadable. */
  busyS: number | null;
  /** The run hit the cap, so busy is a lower bound. */
  capped: boolean;
  /** Durations of the long tasks in that window (of a stuck page: those it reported). */
  longTasks: number[];
  /** Final frame sent → first frame showing the last sentence; null when over the cap. */
  lagMs: number | null;
  history?: { messages: number; loadS: number };
  scroll?: { intervals: number[]; longTasks: number[] };
}

/** Problems the pages reported (page errors, console errors and warnings), with counts. */
export type Problems = Map<string, number>;

export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const orUndefined = <T>(promise: Promise<T>, ms: number) =>
  within(promise, Math.max(0, ms), '').catch(() => undefined);

async function taskDuration(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = metrics.find((m) => m.name === 'TaskDuration');
  if (!metric) throw new Error('Performance.getMetrics has no TaskDuration');
  return metric.value;
}

async function untilIdle(page: Page, server: ScriptedServer): Promise<void> {
  await within(server.quiet(500), READY_TIMEOUT_MS, 'waiting for the page to go quiet');
  await within(page.evaluate(idle), READY_TIMEOUT_MS, 'waiting for an idle period');
}

export async function runOnce(
  browser: Browser,
  server: ScriptedServer,
  options: RunOptions,
  problems: Problems,
): Promise<RunResult> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const longTasks: LongTask[] = [];
    await context.exposeBinding('__benchLongTasks', (_source, tasks: LongTask[]) => {
      longTasks.push(...tasks);
    });
    await context.addInitScript({ content: NAME_SHIM });
    await context.addInitScript(installProbe);
    if (options.history) {
      const { userId, sessionId } = options.history;
      const seed = { key: STORAGE_KEY, version: STORAGE_VERSION, userId, sessionId };
      await context.addInitScript(seedReturningUser, seed);
    }
    const page = await context.newPage();
    collectProblems(page, options.label, problems);
    await openConnected(page, server, options);

    let history: Pick<RunResult, 'history' | 'scroll'> = {};
    if (options.history) history = await loadAndScrollHistory(page, server, options, longTasks);
    return { ...(await askAndMeasure(page, server, options, longTasks)), ...history };
  } finally {
    // A page that is still busy may not close politely; the browser is closed at the end anyway.
    await orUndefined(context.close(), PROBE_TIMEOUT_MS);
  }
}

function collectProblems(page: Page, label: string, problems: Problems): void {
  const report = (text: string) => {
    const key = `${label}: ${text}`;
    problems.set(key, (problems.get(key) ?? 0) + 1);
  };
  page.on('pageerror', (error) => report(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      report(`console ${message.type()}: ${message.text().slice(0, 300)}`);
    }
  });
}

/** Opens the page and waits until it has its session, shows its input and is idle. */
async function openConnected(page: Page, server: ScriptedServer, options: RunOptions) {
  const openedBefore = server.opened;
  await page.goto(options.url);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (server.opened === openedBefore) {
    if (Date.now() > deadline) throw new Error(`${options.label}: the page opened no session`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ready =
    options.kind === 'app'
      ? page.getByRole('textbox', { name: 'Message' })
      : page.locator('button:enabled', { hasText: 'Ask' });
  await ready.waitFor({ timeout: READY_TIMEOUT_MS });
  await untilIdle(page, server);
}

/**
 * Pages in the whole conversation by scrolling to the top, times a scroll from the bottom
 * back up through all of it, and leaves the reader at the bottom, idle.
 */
async function loadAndScrollHistory(
  page: Page,
  server: ScriptedServer,
  options: RunOptions,
  longTasks: LongTask[],
): Promise<Pick<RunResult, 'history' | 'scroll'>> {
  const { messages, scrollStep } = options.history!;
  const started = Date.now();
  const loaded = await within(
    page.evaluate(loadAllHistory, messages),
    HISTORY_TIMEOUT_MS,
    `${options.label}: loading the history`,
  );
  const history = { messages: loaded, loadS: (Date.now() - started) / 1000 };
  await within(page.evaluate(scrollToBottom), READY_TIMEOUT_MS, 'scrolling to the bottom');
  await untilIdle(page, server);
  if (scrollStep <= 0) return { history };
  const scroll = await within(
    page.evaluate(scrollToTopByFrames, scrollStep),
    HISTORY_TIMEOUT_MS,
    'scrolling through the history',
  );
  await untilIdle(page, server); // lets the last long task's entry arrive
  await within(page.evaluate(scrollToBottom), READY_TIMEOUT_MS, 'scrolling to the bottom');
  await untilIdle(page, server);
  return {
    history,
    scroll: { intervals: scroll.intervals, longTasks: durationsBetween(longTasks, scroll) },
  };
}

function durationsBetween(tasks: LongTask[], span: { from: number; to: number }): number[] {
  return tasks.filter((t) => t.start >= span.from && t.start <= span.to).map((t) => t.duration);
}

/** Asks the question and measures busy time, long tasks and lag (see ui.bench.ts). */
async function askAndMeasure(
  page: Page,
  server: ScriptedServer,
  options: RunOptions,
  longTasks: LongTask[],
): Promise<Omit<RunResult, 'history' | 'scroll'>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const input = page.getByRole('textbox', { name: 'Message' });
  if (options.kind === 'app') await input.fill(options.question);
  const reply = server.nextReply();
  const questionAt = await page.evaluate(watchAnswer, options.lastSentence);
  const recording =
    options.profileDir === undefined
      ? undefined
      : await startRecording(
          page.context().browser()!,
          page,
          cdp,
          options.profileDir,
          options.label,
        );
  const busyStart = await taskDuration(cdp);
  if (options.kind === 'app') await input.press('Enter');
  else await page.getByRole('button', { name: 'Ask' }).click();

  const { finalSentAt } = await within(
    reply,
    options.streamMs + 60_000,
    `${options.label}: the final assistant_message`,
  );
  const capAt = finalSentAt + options.capMs;
  const shown = await orUndefined(
    page.evaluate(frameShowingAfter, finalSentAt),
    capAt - Date.now(),
  );
  // Performance.getMetrics is answered even while the page's main thread is stuck.
  const busyEnd = await orUndefined(taskDuration(cdp), PROBE_TIMEOUT_MS);
  const to = shown?.doneAt ?? Date.now();
  if (shown) await orUndefined(page.evaluate(idle), PROBE_TIMEOUT_MS); // late long-task entries
  await recording?.stop();
  return {
    busyS: busyEnd === undefined ? null : busyEnd - busyStart,
    capped: !shown,
    longTasks: durationsBetween(longTasks, { from: questionAt, to }),
    lagMs: shown ? shown.doneAt - finalSentAt : null,
  };
}
