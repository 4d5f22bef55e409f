/**
 * Streaming rendering in the real app, in headless Chromium: how much main-thread time a
 * 30 KB answer streamed as ~1,900 deltas at 100 a second costs, against a naive
 * react-markdown page, with and without 2,000 messages of history, plus scrolling through
 * that history and the app's bundle sizes.
 *
 *   npm run bench:ui -- [--rounds 3] [--app <dir>] [--history 2000] [--cap 120] [--step 600] [--timeout 3600] [--profile <dir>]
 *
 * Builds the app of `--app` (default: this repository) with VITE_WS_URL pointing at a
 * scripted protocol v1 server on a free loopback port, builds bench/ui/baseline, serves
 * both from loopback and runs each page `--rounds` times in a fresh browser context.
 *
 * Figures, per run:
 * - busy: CDP Performance.getMetrics TaskDuration from just before the question is sent to
 *   the first frame, at or after the server sent the final assistant_message, with the
 *   answer's last sentence on screen.
 * - long tasks: PerformanceObserver 'longtask' entries (> 50 ms) starting in that window,
 *   reported through a binding so that even a stuck page's are counted.
 * - lag: the server's Date.now() at the final assistant_message → the page's Date.now() at
 *   that frame (a rAF callback; the sentence is looked for in the blocks a MutationObserver
 *   saw change). Over `--cap` seconds the run stops and says "> cap".
 * - history: the app opens as the owner of a `--history`-message session, pages all of it in
 *   by scrolling to the top, times a scroll from bottom to top at `--step` px per frame
 *   (frame intervals, long tasks; `--step 0` skips it), goes back to the bottom and asks.
 * - `--profile DIR`: one more app run (and one with the history, with `--history`), not
 *   counted, records a Chrome trace and a V8 CPU profile of the streamed answer into DIR and
 *   prints where the main thread's time went.
 * Everything it starts is stopped at the end, on errors and on Ctrl-C; `--timeout` bounds it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../tests/support/chromium';
import { buildApp, buildBaseline, chunkSizes, serveStatic } from './builds';
import { DELTA_CHARS, QUESTION, loadAnswer } from './fixtures';
import { runOnce, within, type Problems, type RunOptions, type RunResult } from './measure';
import { selfCheck } from './protocolFrames';
import {
  busyRatio,
  chunkTable,
  figures,
  type PageFigures,
  runLine,
  scrollSummary,
  streamingTable,
  summaryTable,
} from './report';
import { PACE_MS } from './replyStream';
import { ScriptedServer } from './scriptedServer';

interface Options {
  rounds: number;
  app: string;
  history: number;
  capS: number;
  step: number;
  timeoutS: number;
  profile?: string;
}

function parseOptions(argv: string[]): Options {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const options: Options = {
    rounds: 3,
    app: repoRoot,
    history: 2000,
    capS: 120,
    step: 600,
    timeoutS: 3600,
  };
  const numeric: Record<string, Exclude<keyof Options, 'app' | 'profile'>> = {
    '--rounds': 'rounds',
    '--history': 'history',
    '--cap': 'capS',
    '--step': 'step',
    '--timeout': 'timeoutS',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i]!, argv[i + 1]];
    const key = numeric[name];
    if (name === '--app' && value) options.app = resolve(value);
    else if (name === '--profile' && value) options.profile = resolve(value);
    else if (key && Number.isInteger(Number(value)) && Number(value) >= 0)
      options[key] = Number(value);
    else {
      throw new Error(
        `usage: --rounds N --app DIR --history N --cap S --step PX --timeout S --profile DIR (got ${name} ${value ?? ''})`,
      );
    }
  }
  options.rounds = Math.min(Math.max(1, options.rounds), 20);
  options.capS = Math.max(1, options.capS);
  return options;
}

/** Stops what was started, newest first; safe to call twice; no step can hang it. */
class Cleanup {
  private readonly steps: (() => unknown)[] = [];
  add(step: () => unknown): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await within(Promise.resolve(step()), 15_000, 'a cleanup step');
      } catch (error) {
        process.stderr.write(`bench:ui: cleanup: ${(error as Error).message}\n`);
      }
    }
  }
}

interface Setup {
  server: ScriptedServer;
  browser: Browser;
  appUrl: string;
  baselineUrl: string;
  floorUrl: string;
  appDir: string;
}

/** Starts the server, builds and serves both pages, launches Chromium. */
async function setUp(options: Options, answer: string, cleanup: Cleanup): Promise<Setup> {
  const server = new ScriptedServer(answer);
  const wsUrl = await server.start();
  cleanup.add(() => server.close());
  const appDir = mkdtempSync(join(tmpdir(), 'finops-bench-ui-app-'));
  const baselineDir = mkdtempSync(join(tmpdir(), 'finops-bench-ui-baseline-'));
  cleanup.add(() => rmSync(appDir, { recursive: true, force: true }));
  cleanup.add(() => rmSync(baselineDir, { recursive: true, force: true }));
  await buildApp(options.app, wsUrl, appDir);
  await buildBaseline(baselineDir);
  const appSite = await serveStatic(appDir);
  cleanup.add(() => appSite.close());
  const baselineSite = await serveStatic(baselineDir);
  cleanup.add(() => baselineSite.close());
  const query = `?ws=${encodeURIComponent(wsUrl)}&q=${encodeURIComponent(QUESTION)}`;
  console.log(`server ${wsUrl}; app ${appSite.url}; baseline ${baselineSite.url}\n`);
  const browser = await launchChromium();
  cleanup.add(() => browser.close());
  return {
    server,
    browser,
    appUrl: appSite.url,
    baselineUrl: baselineSite.url + query,
    floorUrl: `${baselineSite.url}${query}&render=end`,
    appDir,
  };
}

type Runs = Record<'app' | 'baseline' | 'floor' | 'history', RunResult[]>;

/**
 * Each round: the app, the baseline, the floor (the baseline's client rendering only the final
 * text: what receiving the frames costs), then the app with a long history (a fresh session).
 */
async function measureRounds(options: Options, setup: Setup, lastSentence: string) {
  const { server, browser } = setup;
  const runs: Runs = { app: [], baseline: [], floor: [], history: [] };
  const problems: Problems = new Map();
  const common = {
    question: QUESTION,
    lastSentence,
    streamMs: server.deltaCount * PACE_MS,
    capMs: options.capS * 1000,
  };
  const run = async (key: keyof Runs, page: Omit<RunOptions, keyof typeof common>) => {
    const result = await runOnce(browser, server, { ...common, ...page }, problems);
    runs[key].push(result);
    console.log(runLine(page.label, result, options.capS));
  };
  for (let round = 1; round <= options.rounds; round++) {
    console.log(`round ${round} of ${options.rounds}`);
    await run('app', { label: 'app', kind: 'app', url: setup.appUrl });
    await run('baseline', { label: 'baseline', kind: 'baseline', url: setup.baselineUrl });
    await run('floor', { label: 'floor', kind: 'baseline', url: setup.floorUrl });
    if (options.history === 0) continue;
    const history = {
      userId: `bench-history-${round}`,
      sessionId: `s-history-${round}`,
      messages: options.history,
      scrollStep: options.step,
    };
    server.addHistorySession(history.sessionId, history.userId, options.history);
    const [pages, lastPages] = [server.historyPages, server.historyExhausted];
    await run('history', { label: historyLabel(options), kind: 'app', url: setup.appUrl, history });
    console.log(
      `  ${''.padEnd(28)} (${server.historyPages - pages} history_page frames served; the last said hasMore: ${server.historyExhausted > lastPages ? 'false' : 'true'})`,
    );
  }
  if (options.profile) {
    mkdirSync(options.profile, { recursive: true });
    const profiled = async (label: string, history?: RunOptions['history']) => {
      const page = { label, kind: 'app' as const, url: setup.appUrl, history };
      const result = await runOnce(
        browser,
        server,
        { ...common, ...page, profileDir: options.profile },
        problems,
      );
      console.log(runLine(label, result, options.capS));
    };
    await profiled('app (profiled, not counted)');
    if (options.history > 0) {
      const history = {
        userId: 'bench-history-profiled',
        sessionId: 's-history-profiled',
        messages: options.history,
        scrollStep: options.step,
      };
      server.addHistorySession(history.sessionId, history.userId, options.history);
      await profiled(`${historyLabel(options)} (profiled, not counted)`, history);
    }
  }
  return { runs, problems };
}

const historyLabel = (options: Options) =>
  `app, ${options.history.toLocaleString('en-US')} messages`;

function printReport(options: Options, runs: Runs, problems: Problems, appDir: string): void {
  const app = figures(runs.app);
  const baseline = figures(runs.baseline);
  const floor = figures(runs.floor);
  const history = runs.history.length ? figures(runs.history) : undefined;
  const rows: [string, PageFigures][] = [
    ['app', app],
    ['baseline', baseline],
    ['floor', floor],
  ];
  if (history) rows.push([historyLabel(options), history]);
  console.log(`\nStreaming the answer (medians of ${options.rounds} run(s); longest of all runs)`);
  console.log(streamingTable(rows, options.capS));
  console.log(`  app busy / baseline busy: ${busyRatio(app, baseline).text}`);
  if (history) {
    const ratio = busyRatio(history, app).text;
    console.log(`  history ratio (busy with ${options.history} messages / without): ${ratio}`);
    console.log(`\nScrolling the ${options.history.toLocaleString('en-US')}-message transcript`);
    console.log(scrollSummary(runs.history, options.step));
  }
  console.log('\nApp bundle (JS chunks, gzip with node:zlib defaults)');
  console.log(chunkTable(chunkSizes(appDir)));
  console.log('\nWhat the pages reported (page errors, console errors and warnings)');
  if (problems.size === 0) console.log('  nothing');
  for (const [text, count] of problems) console.log(`  ${count} × ${text}`);
  console.log('\nSummary\n');
  const historyRow = history && { label: `${historyLabel(options)} loaded`, figures: history };
  console.log(summaryTable(baseline, floor, app, historyRow, options.capS));
}

async function main(options: Options, cleanup: Cleanup): Promise<void> {
  selfCheck(options.history);
  const { text, lastSentence } = loadAnswer();
  const deltas = Math.ceil(Array.from(text).length / DELTA_CHARS);
  console.log(
    `UI streaming bench: app at ${options.app}, ${options.rounds} round(s); answer of ${text.length.toLocaleString('en-US')} characters in ${deltas} deltas every ${PACE_MS} ms (${((deltas * PACE_MS) / 1000).toFixed(1)} s); cap ${options.capS} s`,
  );
  const setup = await setUp(options, text, cleanup);
  const { runs, problems } = await measureRounds(options, setup, lastSentence);
  printReport(options, runs, problems, setup.appDir);
}

const cleanup = new Cleanup();
const options = parseOptions(process.argv.slice(2));
const deadline = setTimeout(() => {
  process.stderr.write(`bench:ui: stopped by the ${options.timeoutS} s time limit\n`);
  void cleanup.run().finally(() => process.exit(1));
}, options.timeoutS * 1000);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => void cleanup.run().finally(() => process.exit(130)));
}
main(options, cleanup)
  .catch((error: unknown) => {
    process.stderr.write(`bench:ui: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    clearTimeout(deadline);
    await cleanup.run();
  });
