/** Where the mock server writes its diagnostics; one line per call, no trailing newline. */
export type LogSink = (line: string) => void;

export interface Logger {
  info(line: string): void;
  /** Something dropped or refused; floods of these collapse into one summary line. */
  warn(line: string): void;
}

const WARN_BURST = 20;
const WARN_WINDOW_MS = 1000;
/** A line longer than this (after escaping) is cut and says how much was left off. */
export const MAX_LOG_LINE_CHARS = 300;

export const stderrSink: LogSink = (line) => {
  process.stderr.write(`[mock-server] ${line}\n`);
};

// C0 and C1 controls, DEL, the Unicode line and paragraph separators and the bidi
// controls: each can forge a line, recolour or hide text in a terminal, or reorder what
// a reader sees ("Trojan Source"). The backslash too, so that an escape in the log always
// stands for one of these and never for text a client sent.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A log line made safe to print: controls escaped (`\n`, `\x1b`, `\u{202e}`) and the
 * whole cut to MAX_LOG_LINE_CHARS with "…(N more)".
 */
export function escapeLogLine(line: string): string {
  const escaped = line.replace(UNSAFE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
  if (escaped.length <= MAX_LOG_LINE_CHARS) return escaped;
  return `${escaped.slice(0, MAX_LOG_LINE_CHARS)}…(${escaped.length - MAX_LOG_LINE_CHARS} more)`;
}

// A fuzzing client can provoke thousands of refusals a second; logging each would make
// stderr the bottleneck, so after a burst the rest of the window is only counted.
// Lines name what clients sent (actions, ids, origins, decoder reasons), so every line is
// escaped here, the one place all of them pass, rather than at each caller.
export function createLogger(sink: LogSink = stderrSink, now: () => number = Date.now): Logger {
  let windowStart = 0;
  let inWindow = 0;
  let suppressed = 0;
  const write = (line: string) => sink(escapeLogLine(line));
  return {
    info: write,
    warn(line) {
      const t = now();
      if (t - windowStart >= WARN_WINDOW_MS) {
        if (suppressed > 0) write(`… ${suppressed} more warnings suppressed`);
        windowStart = t;
        inWindow = 0;
        suppressed = 0;
      }
      if (inWindow < WARN_BURST) {
        inWindow++;
        write(line);
      } else {
        suppressed++;
      }
    },
  };
}
