/** Where the mock server writes its diagnostics; one line per call, no trailing newline. */
export type LogSink = (line: string) => void;

export interface Logger {
  info(line: string): void;
  /** Something dropped or refused; floods of these collapse into one summary line. */
  warn(line: string): void;
}

const WARN_BURST = 20;
const WARN_WINDOW_MS = 1000;

export const stderrSink: LogSink = (line) => {
  process.stderr.write(`[mock-server] ${line}\n`);
};

// A fuzzing client can provoke thousands of refusals a second; logging each would make
// stderr the bottleneck, so after a burst the rest of the window is only counted.
export function createLogger(sink: LogSink = stderrSink, now: () => number = Date.now): Logger {
  let windowStart = 0;
  let inWindow = 0;
  let suppressed = 0;
  return {
    info: (line) => sink(line),
    warn(line) {
      const t = now();
      if (t - windowStart >= WARN_WINDOW_MS) {
        if (suppressed > 0) sink(`… ${suppressed} more warnings suppressed`);
        windowStart = t;
        inWindow = 0;
        suppressed = 0;
      }
      if (inWindow < WARN_BURST) {
        inWindow++;
        sink(line);
      } else {
        suppressed++;
      }
    },
  };
}
