// Where a run's main-thread time goes: a Chrome trace (what the renderer's main thread did:
// script, style, layout, paint) and a V8 CPU profile (which functions ran), recorded around
// one streamed answer and summarised as self time. `--profile DIR` turns it on for the first
// app run (see ui.bench.ts); the raw files are written to DIR for Chrome's DevTools.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'];
const SAMPLING_INTERVAL_US = 250;

export interface Recording {
  stop(): Promise<void>;
}

/** Starts a trace and a CPU profile of `page`; `stop` writes both to `dir` and prints a summary. */
export async function startRecording(
  browser: Browser,
  page: Page,
  cdp: CDPSession,
  dir: string,
  label: string,
): Promise<Recording> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      const trace = await browser.stopTracing();
      const name = label.replace(/[^a-z0-9]+/gi, '-');
      writeFileSync(join(dir, `${name}.trace.json`), trace);
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      console.log(`\n  profile of "${label}" (self time; files in ${dir})`);
      console.log(rows(mainThreadSelfTimes(JSON.parse(trace.toString()) as TraceFile)));
      console.log(rows(functionSelfTimes(profile)));
    },
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}
type TraceFile = { traceEvents: TraceEvent[] } | TraceEvent[];

/** Self time (ms) per event name on the busiest renderer main thread, largest first. */
function mainThreadSelfTimes(file: TraceFile): [string, number][] {
  const events = Array.isArray(file) ? file : file.traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.dur === undefined || !mains.has(thread)) continue;
    const list = byThread.get(thread);
    if (list) list.push(e);
    else byThread.set(thread, [e]);
  }
  const busiest = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  busiest.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const open: { event: TraceEvent; childTime: number }[] = [];
  const close = () => {
    const { event, childTime } = open.pop()!;
    self.set(event.name, (self.get(event.name) ?? 0) + (event.dur! - childTime) / 1000);
  };
  for (const event of busiest) {
    while (open.length && open.at(-1)!.event.ts + open.at(-1)!.event.dur! <= event.ts) close();
    if (open.length) open.at(-1)!.childTime += event.dur!;
    open.push({ event, childTime: 0 });
  }
  while (open.length) close();
  return top(self);
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time (ms) per function of the CPU profile, largest first. */
function functionSelfTimes(profile: CpuProfile): [string, number][] {
  const names = new Map(
    profile.nodes.map(({ id, callFrame: f }) => {
      const file = f.url.split('/').pop() || '(native)';
      // Minified names say little; line:column finds the function in the built chunk.
      return [
        id,
        `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`,
      ];
    }),
  );
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    const name = names.get(id) ?? '?';
    const ms = (profile.timeDeltas?.[i + 1] ?? SAMPLING_INTERVAL_US) / 1000;
    self.set(name, (self.get(name) ?? 0) + ms);
  });
  for (const idle of ['(idle) (native):0:0', '(program) (native):0:0']) self.delete(idle);
  return top(self);
}

function top(totals: Map<string, number>, count = 15): [string, number][] {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);
}

function rows(entries: [string, number][]): string {
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  return [
    ...entries.map(([name, ms]) => `    ${ms.toFixed(0).padStart(7)} ms  ${name.slice(0, 100)}`),
    `    ${total.toFixed(0).padStart(7)} ms  (these ${entries.length})`,
  ].join('\n');
}
