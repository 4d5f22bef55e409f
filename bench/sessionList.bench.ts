/**
 * The session list in the real app, in headless Chromium: how long the page is busy when a
 * `session_list` of many sessions arrives, once at start (the list mounts) and after every
 * turn (the list the engine asks for when an answer ends, where one session changed).
 *
 *   npm run bench:sessions -- [--sessions 600] [--turns 7] [--rounds 3]
 *                               [--viewport desktop|phone] [--app DIR ...]
 *
 * Each `--app` (default: this repository; give it more than once to compare builds, e.g. a
 * copy of the tree before a change) is built with VITE_WS_URL pointing at a scripted server
 * on loopback, served from loopback, and run `--rounds` times in a fresh browser context,
 * builds alternating, so that every build sees the same machine state.
 *
 * A run opens the app as a returning user who owns `--sessions` sessions, then asks `--turns`
 * questions. The server holds back every `session_list` until the page has gone quiet, so
 * that what follows its release is the list's cost alone:
 * - busy: CDP Performance.getMetrics TaskDuration from the release to the next idle period.
 * - longest: the longest task ('longtask' entries, > 50 ms) starting after the release; 0
 *   when there was none.
 * Figures are medians over every turn of every round (the first list: over rounds).
 * On `--viewport phone` the conversations drawer is opened and closed once first, so both
 * lists (the slide-over's and the wide screen's, hidden) are mounted, as on a real phone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeClientFrame } from '../src/protocol/codec';
import { DEFAULT_PREFERENCES } from '../src/protocol/preferences';
import type { ChatMessage, OutgoingServerFrame, SessionInfo } from '../src/protocol/types';
import { STORAGE_KEY, STORAGE_VERSION } from '../src/store/persistence';
import { launchChromium } from '../tests/support/chromium';
import { buildApp, serveStatic } from './ui/builds';
import { encodeServerFrame } from './ui/protocolFrames';

const DAY_MS = 86_400_000;
const USER_ID = 'bench-sessions';
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

interface Options {
  sessions: number;
  turns: number;
  rounds: number;
  viewport: keyof typeof VIEWPORTS;
  apps: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sessions: 600, turns: 7, rounds: 3, viewport: 'desktop', apps: [] };
  const args = argv.filter((arg) => arg !== '--');
  for (let i = 0; i < args.length; i += 2) {
    const [name, value = ''] = [args[i]!, args[i + 1]];
    if (name === '--app') options.apps.push(resolve(value));
    else if (name === '--viewport' && (value === 'desktop' || value === 'phone'))
      options.viewport = value;
    else if (['--sessions', '--turns', '--rounds'].includes(name) && Number(value) > 0)
      options[name.slice(2) as 'sessions' | 'turns' | 'rounds'] = Number(value);
    else throw new Error(`usage: see the top of bench/sessionList.bench.ts (got ${name} ${value})`);
  }
  if (options.apps.length === 0) options.apps.push(fileURLToPath(new URL('..', import.meta.url)));
  return options;
}

/** A user with many sessions; the newest, s-00000, is the one the app opens. */
class SessionServer {
  private readonly http: Server = createServer((_req, res) => res.writeHead(426).end());
  private readonly wss = new WebSocketServer({ server: this.http, path: '/ws' });
  private sessions: SessionInfo[] = [];
  private messages: ChatMessage[] = [];
  private heldList: (() => void) | null = null;
  private listWaiter: (() => void) | null = null;
  private nextId = 0;

  constructor() {
    this.wss.on('connection', (ws) => ws.on('message', (data) => this.onFrame(ws, String(data))));
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.http.listen(0, '127.0.0.1', done));
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/ws`;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((done) => this.wss.close(() => done()));
    await new Promise<void>((done) => this.http.close(() => done()));
  }

  /** A fresh set of `count` sessions, spread over the last six days. */
  reset(count: number): void {
    const now = Date.now();
    this.messages = [];
    this.sessions = Array.from({ length: count }, (_, i) => {
      const last = now - 60_000 - Math.round((i * 6 * DAY_MS) / count);
      return {
        sessionId: `s-${String(i).padStart(5, '0')}`,
        title: `EC2 and S3 spend, week ${i}`,
        createdAt: new Date(last - DAY_MS).toISOString(),
        lastActivityAt: new Date(last).toISOString(),
        expiresAt: new Date(last + 7 * DAY_MS).toISOString(),
        messageCount: 2 + (i % 20) * 2,
      };
    });
  }

  /** Resolves when a session_list is held back, waiting for `releaseList`. */
  listHeld(): Promise<void> {
    if (this.heldList) return Promise.resolve();
    return new Promise((done) => (this.listWaiter = done));
  }

  releaseList(): void {
    const send = this.heldList;
    this.heldList = null;
    send?.();
  }

  private onFrame(ws: WebSocket, data: string): void {
    const decoded = decodeClientFrame(data);
    if (!decoded.ok) throw new Error(`the app sent a bad frame: ${decoded.reason}`);
    const frame = decoded.frame;
    const send = (out: OutgoingServerFrame) => ws.send(encodeServerFrame(out));
    const current = this.sessions[0]!;
    switch (frame.action) {
      case 'open_session':
        return send({
          type: 'session_opened',
          requestId: frame.requestId,
          sessionId: current.sessionId,
          created: false,
          session: current,
          messages: this.messages.slice(-20),
          hasMore: false,
          preferences: DEFAULT_PREFERENCES,
        });
      case 'list_sessions':
        // The list as it is when released: what the server would say then.
        this.heldList = () =>
          send({ type: 'session_list', requestId: frame.requestId, sessions: this.sessions });
        this.listWaiter?.();
        this.listWaiter = null;
        return;
      case 'chat_message': {
        const at = () => new Date().toISOString();
        const question: ChatMessage = {
          messageId: `m-${++this.nextId}`,
          sessionId: current.sessionId,
          role: 'user',
          content: frame.content,
          clientMessageId: frame.clientMessageId,
          timestamp: at(),
        };
        send({
          type: 'message_ack',
          requestId: frame.requestId,
          sessionId: current.sessionId,
          clientMessageId: frame.clientMessageId,
          messageId: question.messageId,
          stored: true,
        });
        const answer: ChatMessage = {
          messageId: `m-${++this.nextId}`,
          sessionId: current.sessionId,
          role: 'assistant',
          content: `EC2 cost **$1,234.50** last month (${this.nextId}).`,
          replyTo: question.messageId,
          timestamp: at(),
        };
        this.messages.push(question, answer);
        this.sessions[0] = {
          ...current,
          lastActivityAt: answer.timestamp,
          expiresAt: new Date(Date.parse(answer.timestamp) + 7 * DAY_MS).toISOString(),
          messageCount: current.messageCount + 2,
        };
        send({
          type: 'assistant_message',
          sessionId: current.sessionId,
          message: answer,
          stored: true,
        });
        return;
      }
      case 'ping':
        return send({ type: 'pong', requestId: frame.requestId });
      default:
        return; // the bench sends nothing else
    }
  }
}

interface LongTask {
  start: number;
  duration: number;
}

interface RunFigures {
  firstList: { busyMs: number; longestMs: number };
  turns: { busyMs: number; longestMs: number }[];
}

async function taskDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

const idle = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 3000 })),
  );

/** Releases the held list and measures until the page is idle again. */
async function measureList(page: Page, cdp: CDPSession, server: SessionServer, tasks: LongTask[]) {
  await server.listHeld();
  await idle(page);
  await new Promise((done) => setTimeout(done, 200));
  const before = await taskDurationMs(cdp);
  const releasedAt = Date.now();
  server.releaseList();
  await new Promise((done) => setTimeout(done, 50));
  await idle(page);
  await idle(page);
  const busyMs = (await taskDurationMs(cdp)) - before;
  // A long task's entry is reported after it ends; idle() came after that.
  const longest = Math.max(
    0,
    ...tasks.filter((t) => t.start >= releasedAt - 5).map((t) => t.duration),
  );
  return { busyMs, longestMs: longest };
}

async function runOnce(browser: Browser, url: string, server: SessionServer, options: Options) {
  server.reset(options.sessions);
  const context = await browser.newContext({ viewport: VIEWPORTS[options.viewport] });
  try {
    const tasks: LongTask[] = [];
    await context.exposeBinding('__benchLongTasks', (_source, found: LongTask[]) => {
      tasks.push(...found);
    });
    await context.addInitScript(() => {
      new PerformanceObserver((list) => {
        const found = list.getEntries().map((entry) => ({
          start: performance.timeOrigin + entry.startTime,
          duration: entry.duration,
        }));
        (window as unknown as { __benchLongTasks(t: unknown): void }).__benchLongTasks(found);
      }).observe({ type: 'longtask', buffered: true });
    });
    const seed = { key: STORAGE_KEY, version: STORAGE_VERSION, userId: USER_ID };
    await context.addInitScript((s: typeof seed) => {
      if (localStorage.getItem(s.key) !== null) return;
      const state = { userId: s.userId, currentSessionId: 's-00000' };
      localStorage.setItem(s.key, JSON.stringify({ state, version: s.version }));
    }, seed);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.waitFor();

    const figures: RunFigures = {
      firstList: await measureList(page, cdp, server, tasks),
      turns: [],
    };
    if (options.viewport === 'phone') {
      await page.getByRole('button', { name: /conversations/i }).click();
      await page.getByRole('button', { name: 'New chat' }).last().waitFor();
      await page.keyboard.press('Escape');
      await idle(page);
    }
    for (let turn = 0; turn < options.turns; turn++) {
      const answered = await page.getByRole('img', { name: 'Answered' }).count();
      await input.fill(`What did EC2 cost last month? (${turn})`);
      await input.press('Enter');
      const until = Date.now() + 10_000;
      while ((await page.getByRole('img', { name: 'Answered' }).count()) === answered) {
        if (Date.now() > until) throw new Error('no answer within 10 s');
        await new Promise((done) => setTimeout(done, 20));
      }
      figures.turns.push(await measureList(page, cdp, server, tasks));
    }
    return figures;
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const server = new SessionServer();
  const wsUrl = await server.start();
  const outDirs: string[] = [];
  const sites: { url: string; close(): Promise<void> }[] = [];
  let browser: Browser | undefined;
  try {
    for (const app of options.apps) {
      const outDir = mkdtempSync(join(tmpdir(), 'finops-bench-sessions-'));
      outDirs.push(outDir);
      await buildApp(app, wsUrl, outDir);
      sites.push(await serveStatic(outDir));
    }
    browser = await launchChromium();
    const results: RunFigures[][] = options.apps.map(() => []);
    for (let round = 1; round <= options.rounds; round++) {
      for (const [i, site] of sites.entries()) {
        const figures = await runOnce(browser, site.url, server, options);
        results[i]!.push(figures);
        const turns = figures.turns.map((t) => t.busyMs.toFixed(0)).join(' ');
        console.log(
          `round ${round} ${options.apps[i]}: first ${ms(figures.firstList.busyMs)}; turns ${turns}`,
        );
      }
    }
    console.log(
      `\n${options.sessions} sessions, ${options.viewport}, ${options.rounds} round(s) of ${options.turns} turn(s); medians`,
    );
    console.log('app'.padEnd(40), 'first list busy / longest', ' list after a turn busy / longest');
    for (const [i, app] of options.apps.entries()) {
      const runs = results[i]!;
      const turns = runs.flatMap((r) => r.turns);
      console.log(
        app.padEnd(40),
        ms(median(runs.map((r) => r.firstList.busyMs))),
        '/',
        ms(median(runs.map((r) => r.firstList.longestMs))),
        '   ',
        ms(median(turns.map((t) => t.busyMs))),
        '/',
        ms(median(turns.map((t) => t.longestMs))),
      );
    }
  } finally {
    await browser?.close();
    for (const site of sites) await site.close();
    await server.close();
    for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
