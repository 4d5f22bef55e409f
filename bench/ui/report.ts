// Turning runs into the printed figures. Unknown or over-the-cap values are Infinity, so a
// median over them says "too slow to measure" rather than hiding the run.

import type { ChunkSize } from './builds';
import type { RunResult } from './measure';

export const TARGETS = { busyRatio: 0.08, lagMs: 50, historyRatio: 1.15 };

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The medians of one page's runs. */
export interface PageFigures {
  busyS: number;
  /** Some run hit the cap: its busy time is a lower bound. */
  capped: boolean;
  longTaskCount: number;
  /** The longest long task of all runs. */
  longestMs: number;
  lagMs: number;
  runs: number;
}

export function figures(runs: RunResult[]): PageFigures {
  return {
    busyS: median(runs.map((r) => r.busyS ?? Infinity)),
    capped: runs.some((r) => r.capped),
    longTaskCount: median(runs.map((r) => r.longTasks.length)),
    longestMs: Math.max(0, ...runs.flatMap((r) => r.longTasks)),
    lagMs: median(runs.map((r) => r.lagMs ?? Infinity)),
    runs: runs.length,
  };
}

export const fmtBusy = (f: Pick<PageFigures, 'busyS' | 'capped'>) =>
  Number.isFinite(f.busyS) ? `${f.capped ? '≥ ' : ''}${f.busyS.toFixed(2)}` : 'n/a (page stuck)';
export const fmtLag = (ms: number, capS: number) =>
  Number.isFinite(ms) ? `${Math.round(ms)}` : `> ${capS} s`;
// A page stuck past the cap reports few of its long tasks: its counts are lower bounds.
export const fmtLongTasks = (f: PageFigures) =>
  `${f.capped ? '≥ ' : ''}${f.longTaskCount} / ${f.longestMs > 0 ? Math.round(f.longestMs) : '–'}`;

/**
 * busy(a) / busy(b). A capped run's busy time is a lower bound, so a capped numerator gives
 * a lower bound and a capped denominator gives nothing.
 */
export function busyRatio(a: PageFigures, b: PageFigures): { value: number; text: string } {
  const value = a.busyS / b.busyS;
  if (!Number.isFinite(value) || b.capped) return { value: NaN, text: 'n/a: capped runs' };
  return { value, text: `${a.capped ? '≥ ' : ''}${value.toFixed(3)}` };
}

/** One line per run, printed as the bench goes. */
export function runLine(label: string, run: RunResult, capS: number): string {
  const longest = Math.max(0, ...run.longTasks);
  const parts = [
    `busy ${run.busyS === null ? 'n/a' : `${run.capped ? '≥ ' : ''}${run.busyS.toFixed(2)} s`}`,
    `long tasks ${run.capped ? '≥ ' : ''}${run.longTasks.length} (longest ${Math.round(longest)} ms)`,
    `lag ${run.lagMs === null ? `> ${capS} s` : `${run.lagMs} ms`}`,
  ];
  if (run.history) {
    parts.push(
      `history: ${run.history.messages} messages loaded after ${run.history.loadS.toFixed(1)} s`,
    );
  }
  if (run.scroll) {
    const s = run.scroll;
    parts.push(
      `scroll: ${s.intervals.length} frames, interval median ${median(s.intervals).toFixed(1)} ms, p95 ${percentile(s.intervals, 95).toFixed(1)} ms, long tasks ${s.longTasks.length}`,
    );
  }
  return `  ${label.padEnd(28)} ${parts.join('; ')}`;
}

export function streamingTable(rows: [string, PageFigures][], capS: number): string {
  const lines = [
    `  ${'page'.padEnd(28)} ${'busy (s)'.padStart(16)} ${'long tasks'.padStart(10)} ${'longest (ms)'.padStart(13)} ${'lag (ms)'.padStart(10)}  runs`,
  ];
  for (const [label, f] of rows) {
    lines.push(
      `  ${label.padEnd(28)} ${fmtBusy(f).padStart(16)} ${`${f.capped ? '≥ ' : ''}${f.longTaskCount}`.padStart(10)} ${String(Math.round(f.longestMs)).padStart(13)} ${fmtLag(f.lagMs, capS).padStart(10)}  ${f.runs}`,
    );
  }
  return lines.join('\n');
}

export function scrollSummary(runs: RunResult[], step: number): string {
  const scrolls = runs.flatMap((r) => (r.scroll ? [r.scroll] : []));
  if (scrolls.length === 0) return '  (no scroll run completed)';
  const medianOf = (pick: (s: (typeof scrolls)[number]) => number) => median(scrolls.map(pick));
  const longest = Math.max(0, ...scrolls.flatMap((s) => s.longTasks));
  return [
    `  ${step} px per frame, bottom to top, median of ${scrolls.length} run(s):`,
    `  frames ${medianOf((s) => s.intervals.length)}, frame interval median ${medianOf((s) => median(s.intervals)).toFixed(1)} ms, p95 ${medianOf((s) => percentile(s.intervals, 95)).toFixed(1)} ms`,
    `  long tasks during the scroll: ${medianOf((s) => s.longTasks.length)} (longest of all runs ${Math.round(longest)} ms)`,
  ].join('\n');
}

export function chunkTable(chunks: ChunkSize[]): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const lines = chunks.map(
    (c) =>
      `  ${c.file.padEnd(48)} ${kb(c.bytes).padStart(10)} ${kb(c.gzipBytes).padStart(10)}  ${c.initial ? 'initial' : 'lazy'}`,
  );
  const initial = chunks.filter((c) => c.initial);
  const sum = (list: ChunkSize[], pick: (c: ChunkSize) => number) =>
    list.reduce((total, c) => total + pick(c), 0);
  return [
    `  ${'chunk'.padEnd(48)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`,
    ...lines,
    `  initial load (entry + static imports, ${initial.length} file(s)): ${kb(sum(initial, (c) => c.bytes))} raw, ${kb(sum(initial, (c) => c.gzipBytes))} gzip`,
    `  all JS: ${kb(sum(chunks, (c) => c.bytes))} raw, ${kb(sum(chunks, (c) => c.gzipBytes))} gzip`,
  ].join('\n');
}

/** The README table: the three pages, their targets, and which targets were met. */
export function summaryTable(
  baseline: PageFigures,
  floor: PageFigures,
  app: PageFigures,
  history: { label: string; figures: PageFigures } | undefined,
  capS: number,
): string {
  const appRatio = busyRatio(app, baseline);
  const historyRatio = history ? busyRatio(history.figures, app) : undefined;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const appRows = history ? [app, history.figures] : [app];
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ratioMet = (ratio: { value: number }, target: number) =>
    Number.isNaN(ratio.value) ? 'not measurable (capped runs)' : met(ratio.value <= target);
  return [
    row(['page', 'busy (s)', 'long tasks (count / longest ms)', 'lag (ms)']),
    row(['---', '---:', '---:', '---:']),
    row([
      'baseline: react-markdown on every delta',
      fmtBusy(baseline),
      fmtLongTasks(baseline),
      fmtLag(baseline.lagMs, capS),
    ]),
    row([
      'floor: the same client, rendering only the final text',
      `${fmtBusy(floor)} (${busyRatio(floor, baseline).text} × baseline)`,
      fmtLongTasks(floor),
      fmtLag(floor.lagMs, capS),
    ]),
    row([
      'app',
      `${fmtBusy(app)} (${Number.isNaN(appRatio.value) ? appRatio.text : `${appRatio.text} × baseline`})`,
      fmtLongTasks(app),
      fmtLag(app.lagMs, capS),
    ]),
    ...(history
      ? [
          row([
            history.label,
            `${fmtBusy(history.figures)} (${Number.isNaN(historyRatio!.value) ? historyRatio!.text : `${historyRatio!.text} × app`})`,
            fmtLongTasks(history.figures),
            fmtLag(history.figures.lagMs, capS),
          ]),
        ]
      : []),
    row([
      'target',
      `≤ ${TARGETS.busyRatio} × baseline; ≤ ${TARGETS.historyRatio} × app with history`,
      '0',
      `≤ ${TARGETS.lagMs}`,
    ]),
    '',
    `Targets: busy ${ratioMet(appRatio, TARGETS.busyRatio)}, ` +
      `long tasks ${met(appRows.every((f) => f.longestMs === 0))}, ` +
      `lag ${met(appRows.every((f) => f.lagMs <= TARGETS.lagMs))}, ` +
      `history ratio ${historyRatio ? ratioMet(historyRatio, TARGETS.historyRatio) : 'not measured'}.`,
  ].join('\n');
}
