/**
 * Every audit of the built app in one command: `npm run audit [-- --runs N --build --json DIR]`.
 *
 * Builds dist/ with the mock backend when it is missing or stale (or with --build), as
 * `npm run bench:lighthouse` does, and serves it the way Amplify does: the file, or
 * index.html for a client route, with exactly the headers customHttp.yml gives its path
 * (CSP, HSTS, nosniff, caching…), compressed like a CDN compresses; the mock backend answers
 * at /ws on the same origin. Then it prints:
 *
 * - the bundle budgets (scripts/checkBundleSize.ts);
 * - Lighthouse's mobile scores (default config, simulated slow 4G and a 4x slower CPU), the
 *   median of --runs runs (1 by default), against their thresholds, and for a category
 *   under 100 the audits that cost it points (and those flagged without a weight);
 * - axe-core's violations on the first screen and after one chat exchange, light and dark,
 *   at phone and desktop size.
 *
 * It exits 1 when a budget, a threshold or an axe scan fails, after printing everything,
 * and stops the server and every browser it started. `--json DIR` keeps Lighthouse's JSON
 * reports. Lighthouse comes from npx (see scripts/lighthouse.ts); axe-core and
 * playwright-core are devDependencies, Chromium is the system's (CHROME_PATH to pick another).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { attachMockServer, type AttachedMockServer } from '../src/mock-server/transport/server';
import { launchChromium } from '../tests/support/chromium';
import { VIEWPORTS } from '../tests/support/viewports';
import { AXE_SOURCE, AXE_VERSION, axeViolations } from './axe';
import { checkBundleSize } from './checkBundleSize';
import { CONTENT_TYPES } from './contentTypes';
import { headersFor, readCustomHttp, type CustomHttp } from './customHttp';
import { buildWithMock, format, LIGHTHOUSE, median, readRun, runLighthouse } from './lighthouse';

const DIST = resolve('dist');

/** Lighthouse's categories in its default config, and the score each must reach. */
const CATEGORIES = [
  { id: 'performance', title: 'Performance', threshold: 95 },
  { id: 'accessibility', title: 'Accessibility', threshold: 100 },
  { id: 'best-practices', title: 'Best practices', threshold: 100 },
  { id: 'seo', title: 'SEO', threshold: undefined },
] as const;

type CategoryId = (typeof CATEGORIES)[number]['id'];

const QUESTION = 'Show cost by service for last month';
/** Long enough for a whole answer from the mock (paced below) to stream. */
const ANSWER_TIMEOUT_MS = 30_000;

/** What Amplify's CDN (CloudFront) compresses: text, not images that already are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.webmanifest', '.txt']);

interface Outcome {
  check: string;
  passed: boolean;
}

interface Options {
  runs: number;
  forceBuild: boolean;
  /** Where to keep Lighthouse's JSON reports, for the Lighthouse Viewer. */
  reportDir: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 1, forceBuild: false, reportDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--build') options.forceBuild = true;
    else if (argv[i] === '--runs' && /^\d+$/.test(argv[i + 1] ?? '')) {
      options.runs = Math.max(1, Number(argv[++i]));
    } else if (argv[i] === '--json' && argv[i + 1]) options.reportDir = resolve(argv[++i]!);
    else throw new Error('usage: npm run audit -- [--runs N] [--build] [--json DIR]');
  }
  return options;
}

function heading(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 76 - title.length))}\n`);
}

// ---------------------------------------------------------------------------------------
// dist/ served as Amplify serves it.

interface AppServer {
  origin: string;
  close(): Promise<void>;
}

async function serveApp(rules: CustomHttp): Promise<AppServer> {
  const compressed = new Map<string, Buffer>();
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    try {
      serveFile(rules, compressed, request, response);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  };
  const httpServer: Server = createServer(serve);
  let origin = '';
  const mock: AttachedMockServer = attachMockServer(httpServer, {
    // Coarse deltas at a quick pace, as the browser tests use: an answer in a second or so.
    paceMs: 20,
    deltaChars: 80,
    log: () => undefined,
    ownOrigins: () => [origin],
  });
  await new Promise<void>((done, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(0, '127.0.0.1', done);
  });
  origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    origin,
    async close() {
      await mock.close();
      httpServer.closeAllConnections();
      await new Promise<void>((done) => httpServer.close(() => done()));
    },
  };
}

/**
 * The file, or index.html for a path without an extension (Amplify's SPA rewrite), with the
 * headers of every customHttp.yml pattern that matches the requested path.
 */
function serveFile(
  rules: CustomHttp,
  compressed: Map<string, Buffer>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  let file = resolve(DIST, `.${decodeURIComponent(path)}`);
  const inside = file.startsWith(DIST + sep);
  if (!inside || !existsSync(file) || !statSync(file).isFile()) {
    if (inside && extname(path) !== '') {
      const headers = {
        ...Object.fromEntries(headersFor(rules, path)),
        'content-type': 'text/plain',
      };
      response.writeHead(404, headers).end('Not found\n');
      return;
    }
    file = join(DIST, 'index.html');
  }
  const headers: Record<string, string> = Object.fromEntries(headersFor(rules, path));
  const type = extname(file);
  headers['content-type'] = CONTENT_TYPES[type] ?? 'application/octet-stream';
  let body: Buffer = readFileSync(file);
  if (COMPRESSIBLE.has(type)) {
    headers['vary'] = 'Accept-Encoding';
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : '';
    if (encoding) {
      const key = `${encoding}:${file}`;
      const cached = compressed.get(key);
      body = cached ?? (encoding === 'br' ? brotliCompressSync(body) : gzipSync(body));
      compressed.set(key, body);
      headers['content-encoding'] = encoding;
    }
  }
  headers['content-length'] = String(body.byteLength);
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

// ---------------------------------------------------------------------------------------
// Lighthouse.

interface LighthouseReport {
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
  environment?: { benchmarkIndex?: number };
  categories: Record<
    string,
    { score: number | null; auditRefs: { id: string; weight: number; group?: string }[] }
  >;
  audits: Record<
    string,
    { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string }
  >;
}

/** An audit that failed in a category: scored (it costs points) or flagged without weight. */
interface Finding {
  category: CategoryId;
  id: string;
  line: string;
  scored: boolean;
}

function findings(report: LighthouseReport, category: CategoryId): Finding[] {
  const refs = report.categories[category]?.auditRefs ?? [];
  return refs.flatMap((ref) => {
    const audit = report.audits[ref.id];
    if (!audit || audit.score === null || audit.score >= 1) return [];
    if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) return [];
    const value = audit.displayValue ? `: ${audit.displayValue}` : '';
    const score = audit.scoreDisplayMode === 'binary' ? '' : ` (score ${audit.score.toFixed(2)})`;
    return [
      {
        category,
        id: ref.id,
        line: `${audit.title}${value}${score} [${ref.id}]`,
        scored: ref.weight > 0,
      },
    ];
  });
}

async function lighthouseAudit(
  origin: string,
  runs: number,
  reportDir: string | undefined,
): Promise<Outcome[]> {
  heading(`Lighthouse (${LIGHTHOUSE}, mobile, default config, ${runs} run${runs > 1 ? 's' : ''})`);
  console.log(`${origin}/ served with the headers of customHttp.yml\n`);
  if (reportDir) mkdirSync(reportDir, { recursive: true });
  const reports = reportDir ?? mkdtempSync(join(tmpdir(), 'finops-audit-'));
  const scores = new Map<CategoryId, number[]>(CATEGORIES.map((c) => [c.id, []]));
  const found = new Map<string, Finding & { runs: number }>();
  try {
    for (let run = 1; run <= runs; run++) {
      const output = join(reports, `run-${run}.json`);
      await runLighthouse(`${origin}/`, output);
      const report = JSON.parse(readFileSync(output, 'utf8')) as LighthouseReport;
      if (report.runtimeError) {
        console.log(`run ${run}: ${report.runtimeError.code}: ${report.runtimeError.message}`);
      }
      // TBT and the other CPU-bound figures are measured on this machine, slowed 4x: a busy
      // or slow machine inflates them, and Lighthouse says so here.
      const benchmark = report.environment?.benchmarkIndex;
      console.log(
        `run ${run}: ${format(readRun(output))}` +
          (benchmark === undefined ? '' : `  (CPU benchmark index ${Math.round(benchmark)})`),
      );
      for (const warning of report.runWarnings ?? []) {
        console.log(`  warning: ${warning.replace(/\s+/g, ' ')}`);
      }
      const line = CATEGORIES.map((c) => {
        const score = report.categories[c.id]?.score;
        // A category Lighthouse could not score counts as 0: it must be looked at.
        scores.get(c.id)!.push(score == null ? 0 : Math.round(score * 100));
        return `${c.title} ${score == null ? 'n/a' : Math.round(score * 100)}`;
      });
      if (runs > 1) console.log(`       ${line.join(', ')}`);
      for (const c of CATEGORIES) {
        for (const finding of findings(report, c.id)) {
          const key = `${c.id}:${finding.id}`;
          const earlier = found.get(key);
          // The last run's wording (its figures), and how many runs flagged it.
          found.set(key, { ...finding, runs: (earlier?.runs ?? 0) + 1 });
        }
      }
    }
  } finally {
    if (reportDir) console.log(`Reports kept in ${reportDir}`);
    else rmSync(reports, { recursive: true, force: true });
  }
  console.log('');

  const outcomes: Outcome[] = [];
  for (const c of CATEGORIES) {
    const score = median(scores.get(c.id)!);
    const mark =
      c.threshold === undefined
        ? '(no threshold)'
        : `${score >= c.threshold ? 'PASS' : 'FAIL'} (threshold ${c.threshold})`;
    console.log(`${c.title.padEnd(15)} ${String(score).padStart(3)}  ${mark}`);
    if (c.threshold !== undefined) {
      outcomes.push({ check: `Lighthouse ${c.title} ${score}`, passed: score >= c.threshold });
    }
  }
  for (const c of CATEGORIES) {
    const of = [...found.values()].filter((f) => f.category === c.id);
    const times = (f: { runs: number }) => (runs > 1 ? ` (${f.runs} of ${runs} runs)` : '');
    const scored = of.filter((f) => f.scored);
    if (median(scores.get(c.id)!) < 100 || scored.length > 0) {
      console.log(`\n${c.title}: audits that cost points`);
      if (scored.length === 0) console.log('  (none listed: see the report)');
      for (const f of scored) console.log(`  - ${f.line}${times(f)}`);
    }
    // Flagged without weight: hints, and Lighthouse's informative "trust and safety" checks.
    const unscored = of.filter((f) => !f.scored);
    if (unscored.length > 0) {
      console.log(`\n${c.title}: flagged, without weight in the score`);
      for (const f of unscored) console.log(`  - ${f.line}${times(f)}`);
    }
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------
// axe-core.

/** Targets listed per rule; the rest are counted. */
const MAX_TARGETS = 8;

/** axe's violations on the page as it is now, printed under `state`; true when none. */
async function scan(page: Page, state: string): Promise<boolean> {
  const violations = await axeViolations(page);
  if (violations.length === 0) {
    console.log(`${state}: no violations`);
    return true;
  }
  console.log(`${state}: ${violations.length} violation${violations.length > 1 ? 's' : ''}`);
  for (const v of violations) {
    console.log(`  - ${v.id} (${v.impact ?? 'no impact'}): ${v.help}`);
    for (const node of v.nodes.slice(0, MAX_TARGETS)) {
      const html = node.html.replace(/\s+/g, ' ');
      const shown = html.length > 100 ? `${html.slice(0, 99)}…` : html;
      console.log(`      ${node.target.map((t) => JSON.stringify(t)).join(' > ')}: ${shown}`);
    }
    if (v.nodes.length > MAX_TARGETS) {
      console.log(`      … and ${v.nodes.length - MAX_TARGETS} more`);
    }
  }
  return false;
}

async function axeAudit(origin: string): Promise<Outcome[]> {
  heading(`axe-core ${AXE_VERSION}: first screen and after one chat exchange`);
  const outcomes: Outcome[] = [];
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      for (const scheme of ['light', 'dark'] as const) {
        // The system's scheme, as a first visit sees it (the app follows it until toggled).
        const context = await browser.newContext({ viewport, colorScheme: scheme });
        try {
          await context.addInitScript({ content: AXE_SOURCE });
          const page = await context.newPage();
          await page.goto(`${origin}/`);
          // The app, not the static shell index.html shows until it starts.
          const toggle = scheme === 'dark' ? 'Switch to light mode' : 'Switch to dark mode';
          await page.getByRole('button', { name: toggle }).waitFor();
          const where = `${size}, ${scheme}`;
          const first = await scan(page, `${where}, first screen`);
          outcomes.push({ check: `axe ${where}, first screen`, passed: first });

          const input = page.getByRole('textbox', { name: 'Message' });
          await input.fill(QUESTION);
          await input.press('Enter');
          await page
            .getByRole('img', { name: 'Answered' })
            .first()
            .waitFor({ timeout: ANSWER_TIMEOUT_MS });
          // Charts and code highlighting load on demand once the answer has them.
          await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
          const answered = await scan(page, `${where}, after "${QUESTION}"`);
          outcomes.push({ check: `axe ${where}, after one exchange`, passed: answered });
        } catch (error) {
          console.log(`${size}, ${scheme}: could not scan: ${(error as Error).message}`);
          outcomes.push({ check: `axe ${size}, ${scheme}`, passed: false });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser?.close();
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { runs, forceBuild, reportDir } = parseArgs(process.argv.slice(2));
  await buildWithMock(forceBuild);
  const rules = readCustomHttp();
  const outcomes: Outcome[] = [];

  heading('Bundle budgets (scripts/checkBundleSize.ts)');
  outcomes.push({ check: 'Bundle budgets', passed: checkBundleSize(DIST) === 0 });

  const server = await serveApp(rules);
  const stop = () => void server.close().then(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    // One failing tool must not hide the other's results.
    outcomes.push(
      ...(await lighthouseAudit(server.origin, runs, reportDir).catch((error: unknown) => {
        console.log(`Lighthouse did not finish: ${(error as Error).message}`);
        return [{ check: 'Lighthouse', passed: false }];
      })),
    );
    outcomes.push(...(await axeAudit(server.origin)));
  } finally {
    process.off('SIGINT', stop);
    await server.close();
  }

  heading('Summary');
  for (const o of outcomes) console.log(`${o.passed ? 'PASS' : 'FAIL'}  ${o.check}`);
  const failed = outcomes.filter((o) => !o.passed).length;
  console.log(failed === 0 ? '\nEvery audit passed.' : `\n${failed} failed.`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
