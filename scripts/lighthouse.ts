/**
 * Lighthouse mobile performance of the built app: `npm run bench:lighthouse [-- --runs 3 --build]`.
 *
 * Builds the app with the mock backend when dist/ is missing or older than the sources (or
 * with --build), serves it with `vite preview` (the mock backend at /ws) on a free port,
 * runs Lighthouse's default mobile profile (simulated slow 4G and a 4x slower CPU) --runs
 * times in a fresh headless Chromium each, prints every run and the median of each figure,
 * then stops the server. Lighthouse comes from npx, so it is not a dependency; 12.x is the
 * last line that runs on Node 20.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

export const LIGHTHOUSE = 'lighthouse@12.8.2';
const CHROME_FLAGS = '--headless --no-sandbox --disable-background-networking --disable-gpu';
const METRICS = [
  ['FCP', 'first-contentful-paint'],
  ['LCP', 'largest-contentful-paint'],
  ['TBT', 'total-blocking-time'],
  ['CLS', 'cumulative-layout-shift'],
  ['SI', 'speed-index'],
] as const;

export interface Run {
  score: number;
  metrics: Record<(typeof METRICS)[number][0], number>;
}

function parseArgs(argv: string[]): { runs: number; forceBuild: boolean } {
  let runs = 3;
  let forceBuild = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--build') forceBuild = true;
    else if (argv[i] === '--runs' && /^\d+$/.test(argv[i + 1] ?? '')) runs = Number(argv[++i]);
    else throw new Error(`usage: npm run bench:lighthouse -- [--runs N] [--build]`);
  }
  return { runs: Math.max(1, runs), forceBuild };
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * Whether dist/ must be built again: it is missing, older than what goes into it (the build
 * copies customHttp.yml's policy into index.html), or was built for another backend (a
 * VITE_USE_MOCK build's CSP <meta> allows connections to its own origin only).
 */
export function needsBuild(): boolean {
  const built = 'dist/index.html';
  if (!existsSync(built)) return true;
  if (!/connect-src 'self'[;"]/.test(readFileSync(built, 'utf8'))) return true;
  const inputs = ['src', 'index.html', 'public', 'vite.config.ts', 'customHttp.yml'].filter(
    (path) => existsSync(path),
  );
  const sources = Math.max(...inputs.map(newestMtime));
  return sources > statSync(built).mtimeMs;
}

/**
 * Builds dist/ with the mock backend on the page's own origin when it is missing or stale
 * (or `force`), whatever VITE_WS_URL the shell has set. Leaves the environment set for the
 * mock, so that a `vite preview` started afterwards serves it at /ws.
 */
export async function buildWithMock(force = false): Promise<void> {
  delete process.env.VITE_WS_URL;
  process.env.VITE_USE_MOCK = 'true';
  if (!force && !needsBuild()) return;
  console.log('Building dist/ with the mock backend…');
  await build({ configLoader: 'runner', mode: 'production', logLevel: 'warn' });
}

export function chromePath(): string {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`No Chromium at ${path}; set CHROME_PATH.`);
  return path;
}

/**
 * One Lighthouse run (mobile, default settings) of `url` in a fresh headless Chromium, its
 * JSON report written to `outputPath`; `categories` limits it to those (default: all four).
 */
export function runLighthouse(
  url: string,
  outputPath: string,
  categories: readonly string[] = [],
): Promise<void> {
  const args = [
    '--yes',
    LIGHTHOUSE,
    url,
    ...(categories.length > 0 ? [`--only-categories=${categories.join(',')}`] : []),
    '--form-factor=mobile',
    '--output=json',
    `--output-path=${outputPath}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    '--quiet',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CHROME_PATH: chromePath() },
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`lighthouse exited with ${code}`)),
    );
  });
}

export function readRun(path: string): Run {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    categories: { performance: { score: number } };
    audits: Record<string, { numericValue: number }>;
  };
  const metrics = Object.fromEntries(
    METRICS.map(([short, audit]) => [short, report.audits[audit]!.numericValue]),
  ) as Run['metrics'];
  return { score: Math.round(report.categories.performance.score * 100), metrics };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function format(run: Run): string {
  const m = run.metrics;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return (
    `score ${String(run.score).padStart(3)}  FCP ${s(m.FCP)}  LCP ${s(m.LCP)}  ` +
    `TBT ${Math.round(m.TBT)} ms  CLS ${m.CLS.toFixed(3)}  SI ${s(m.SI)}`
  );
}

async function main(): Promise<void> {
  const { runs, forceBuild } = parseArgs(process.argv.slice(2));
  // The mock backend on the preview server's own origin, whatever the shell has set.
  await buildWithMock(forceBuild);
  const server = await preview({
    configLoader: 'runner',
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const reports = mkdtempSync(join(tmpdir(), 'finops-lighthouse-'));
  const stop = async () => {
    await server.close();
    rmSync(reports, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('The preview server did not report its address');
    console.log(`Lighthouse ${LIGHTHOUSE}, mobile, ${runs} runs against ${url}`);
    const results: Run[] = [];
    for (let i = 1; i <= runs; i++) {
      const output = join(reports, `run-${i}.json`);
      await runLighthouse(url, output, ['performance']);
      results.push(readRun(output));
      console.log(`run ${i}: ${format(results[i - 1]!)}`);
    }
    const medianRun: Run = {
      score: median(results.map((r) => r.score)),
      metrics: Object.fromEntries(
        METRICS.map(([short]) => [short, median(results.map((r) => r.metrics[short]))]),
      ) as Run['metrics'],
    };
    console.log(`median: ${format(medianRun)}`);
  } finally {
    await stop();
  }
}

// Only when run as a script, not when scripts/audit.ts imports the functions above.
if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? '')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
