/**
 * The JavaScript size budget of the built app: `npm run size [-- <dist dir>]` after a build.
 *
 * Prints every JS chunk with its gzipped size, marks the ones the browser loads before the
 * first conversation shows (what index.html loads as its entry script and modulepreloads:
 * the entry and everything it imports statically), and exits 1 when they add up to more
 * than the initial budget or a chunk loaded on demand outgrows its own budget.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KIB = 1024;

/**
 * Gzipped JS loaded before the first conversation shows. On a slow phone connection
 * (Lighthouse's mobile profile, ~1.6 Mbit/s) 220 KiB downloads in about a second.
 */
const INITIAL_BUDGET_KIB = 220;

/**
 * Chunks loaded on demand, by the name before the hash; a bit above their size when the
 * budget was set, so a real increase fails and noise does not.
 */
const LAZY_BUDGETS_KIB: Record<string, number> = {
  // @mui/x-charts: 103 KiB, only for answers with a chart.
  ChartBlock: 110,
  // react-syntax-highlighter with six Prism grammars: 20 KiB, only for answers with code.
  HighlightedCode: 24,
  // react-markdown, micromark and GFM: 38 KiB, for the first answer shown.
  MarkdownText: 42,
};
/**
 * Any other lazy chunk: a dialog, a menu, the phone drawer, or a part they share (the
 * largest, MUI's TextField with Select, Menu and Popover, is 14 KiB). Something bigger
 * deserves a budget of its own above.
 */
const DEFAULT_LAZY_BUDGET_KIB = 20;

interface Chunk {
  file: string;
  name: string;
  bytes: number;
  gzipBytes: number;
  initial: boolean;
  budgetKib: number | undefined;
}

function initialFiles(html: string): Set<string> {
  const files = new Set<string>();
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  for (const tag of tags) {
    const isEntry = /^<script\b/.test(tag) && /\btype="module"/.test(tag);
    const isPreload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && url) files.add(url.replace(/^\//, ''));
  }
  return files;
}

/** `ChartBlock-DhHxGc_F.js` → `ChartBlock`. */
function chunkName(file: string): string {
  return file
    .split('/')
    .pop()!
    .replace(/-[\w-]{8}\.js$/, '')
    .replace(/\.js$/, '');
}

function jsFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return jsFiles(dir, path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

function kib(bytes: number): string {
  return (bytes / KIB).toFixed(1);
}

/** Prints the chunks of `dist` and their budgets; 1 when one is exceeded (or unreadable). */
export function checkBundleSize(dist = 'dist'): number {
  const indexHtml = join(dist, 'index.html');
  if (!existsSync(indexHtml)) {
    console.error(`No ${indexHtml}: build first (VITE_USE_MOCK=true npm run build).`);
    return 1;
  }
  const initial = initialFiles(readFileSync(indexHtml, 'utf8'));
  const chunks: Chunk[] = jsFiles(dist).map((file) => {
    const code = readFileSync(join(dist, file));
    const name = chunkName(file);
    const isInitial = initial.has(file);
    return {
      file,
      name,
      bytes: code.byteLength,
      gzipBytes: gzipSync(code, { level: 9 }).byteLength,
      initial: isInitial,
      budgetKib: isInitial ? undefined : (LAZY_BUDGETS_KIB[name] ?? DEFAULT_LAZY_BUDGET_KIB),
    };
  });
  const missing = [...initial].filter((file) => !chunks.some((c) => c.file === file));
  if (missing.length > 0) {
    console.error(`index.html loads ${missing.join(', ')}, which is not in ${dist}.`);
    return 1;
  }
  chunks.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzipBytes - a.gzipBytes);

  const width = Math.max(5, ...chunks.map((c) => c.file.length));
  console.log(`${'chunk'.padEnd(width)}  ${'KiB'.padStart(7)}  ${'gzip KiB'.padStart(8)}  loaded`);
  for (const c of chunks) {
    const loaded = c.initial ? 'initially' : `on demand (budget ${c.budgetKib} KiB)`;
    console.log(
      `${c.file.padEnd(width)}  ${kib(c.bytes).padStart(7)}  ${kib(c.gzipBytes).padStart(8)}  ${loaded}`,
    );
  }
  const initialGzip = chunks.filter((c) => c.initial).reduce((sum, c) => sum + c.gzipBytes, 0);
  console.log(
    `\nInitial JS: ${kib(initialGzip)} KiB gzipped in ${initial.size} ` +
      `chunk${initial.size === 1 ? '' : 's'} ` +
      `(budget ${INITIAL_BUDGET_KIB} KiB).`,
  );

  const failures: string[] = [];
  if (initialGzip > INITIAL_BUDGET_KIB * KIB) {
    const names = chunks.filter((c) => c.initial).map((c) => c.file);
    failures.push(
      `The initial JS (${names.join(', ')}) is ${kib(initialGzip)} KiB gzipped, over its ` +
        `budget of ${INITIAL_BUDGET_KIB} KiB: load what the first screen does not need on demand.`,
    );
  }
  for (const c of chunks) {
    if (c.budgetKib !== undefined && c.gzipBytes > c.budgetKib * KIB) {
      failures.push(
        `${c.file} is ${kib(c.gzipBytes)} KiB gzipped, over its budget of ${c.budgetKib} KiB ` +
          `(scripts/checkBundleSize.ts).`,
      );
    }
  }
  for (const failure of failures) console.error(`\nOver budget: ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

// Only when run as a script, not when scripts/audit.ts imports checkBundleSize.
if (fileURLToPath(import.meta.url) === resolve(process.argv[1] ?? '')) {
  process.exitCode = checkBundleSize(process.argv[2]);
}
