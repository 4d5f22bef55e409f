import { SESSION_TTL_SECONDS } from '../../protocol/limits';
import type { FaultSpec } from '../backend/faults';
import type { LogSink } from '../backend/log';

/** How to run the mock backend; every field has a default. */
export interface MockServerOptions {
  /** TCP port; 0 picks a free one. Default 8787. Ignored when attaching to a server. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1: the mock is for this machine only. */
  host?: string;
  /** Delay between streamed deltas in ms; 0 sends a reply at once. Default 25 (40 a second). */
  paceMs?: number;
  /**
   * The least text a streamed delta carries, in characters, made of whole words. Default 1:
   * one word-sized token per delta (a long word cut into pieces of at most 12), as a model
   * streams. 80 gives the coarse deltas of tests that want a reply in a few frames.
   */
  deltaChars?: number;
  /** Session lifetime after the last activity. Default 604800 (7 days). */
  ttlSeconds?: number;
  /** Keep sessions in this JSON file across restarts; memory only when absent. */
  dataFile?: string;
  /** Fault injection; see backend/faults.ts or docs/mock-server.md. */
  faults?: string | FaultSpec;
  /** The clock for timestamps, TTLs and rate limits (tests inject a fake one). */
  now?: () => number;
  /** Where diagnostics go. Default stderr. */
  log?: LogSink;
  /** Per-connection flood limit. Default 100 frames per 10 s, i.e. bursts of 100. */
  rateLimit?: { frames: number; windowMs: number };
  /** API Gateway closes idle connections after 10 minutes. */
  idleTimeoutMs?: number;
  /** API Gateway closes every connection after 2 hours. */
  maxConnectionMs?: number;
  /**
   * Page origins (`https://host:port`, or `*` for any) whose browsers may connect. Default:
   * localhost, *.localhost, 127.0.0.1 and [::1] on any port. A connection without an
   * `Origin` header (not a browser) is always allowed; see transport/origins.ts.
   */
  allowedOrigins?: readonly string[];
  /**
   * The origins the server itself is served on, allowed on top of `allowedOrigins`: the Vite
   * plugin passes the dev server's URLs, which it only knows once the server listens.
   */
  ownOrigins?: () => readonly string[];
  /** Open connections from one remote address; more are closed with 1008. Default 10,000. */
  maxConnectionsPerAddress?: number;
  /** Live sessions one user may have; creating another gets RATE_LIMITED. Default 1,000. */
  maxSessionsPerUser?: number;
  /** New chat messages per user per minute, across connections, in bursts of as many. Default 300. */
  messagesPerMinute?: number;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PACE_MS = 25;
export const DEFAULT_DELTA_CHARS = 1;
export const DEFAULT_TTL_SECONDS = SESSION_TTL_SECONDS;
export const DEFAULT_RATE_LIMIT = { frames: 100, windowMs: 10_000 };
// The limits below guard against abuse, not use: `npm run bench:server` opens up to 5,000
// connections from one address, the tests and `npm run dev` far fewer sessions and messages.
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 10_000;
export const DEFAULT_MAX_SESSIONS_PER_USER = 1_000;
export const DEFAULT_MESSAGES_PER_MINUTE = 300;

/** The environment variables the Vite plugin reads, by option. */
export const ENV_VARS = {
  paceMs: 'MOCK_PACE_MS',
  deltaChars: 'MOCK_DELTA_CHARS',
  ttlSeconds: 'MOCK_TTL_SECONDS',
  dataFile: 'MOCK_DATA_FILE',
  faults: 'MOCK_FAULTS',
  allowedOrigins: 'MOCK_ALLOWED_ORIGINS',
  maxConnectionsPerAddress: 'MOCK_MAX_CONNECTIONS_PER_ADDRESS',
  maxSessionsPerUser: 'MOCK_MAX_SESSIONS_PER_USER',
  messagesPerMinute: 'MOCK_MESSAGES_PER_MINUTE',
} as const;

export function optionsFromEnv(env: Record<string, string | undefined>): MockServerOptions {
  const options: MockServerOptions = {};
  const pace = env[ENV_VARS.paceMs];
  if (pace) options.paceMs = nonNegativeInteger(ENV_VARS.paceMs, pace);
  const deltaChars = env[ENV_VARS.deltaChars];
  if (deltaChars) options.deltaChars = positiveInteger(ENV_VARS.deltaChars, deltaChars);
  const ttl = env[ENV_VARS.ttlSeconds];
  if (ttl) options.ttlSeconds = positiveInteger(ENV_VARS.ttlSeconds, ttl);
  const dataFile = env[ENV_VARS.dataFile];
  if (dataFile) options.dataFile = dataFile;
  const faults = env[ENV_VARS.faults];
  if (faults) options.faults = faults;
  // Set but empty means "no browser origin": only the server's own (the plugin adds it).
  const origins = env[ENV_VARS.allowedOrigins];
  if (origins !== undefined) options.allowedOrigins = originList(ENV_VARS.allowedOrigins, origins);
  for (const key of [
    'maxConnectionsPerAddress',
    'maxSessionsPerUser',
    'messagesPerMinute',
  ] as const) {
    const value = env[ENV_VARS[key]];
    if (value) options[key] = positiveInteger(ENV_VARS[key], value);
  }
  return options;
}

/** Parses `a,b`: each an origin (`scheme://host[:port]`, nothing after it) or `*`. */
export function originList(name: string, value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      if (entry === '*') return entry;
      const url = httpUrl(entry);
      if (!url || url.pathname !== '/' || url.search || url.hash || url.username) {
        throw new Error(`${name}: "${entry}" is not an origin like http://localhost:5173`);
      }
      return url.origin;
    });
}

/** An http(s) URL, or undefined for anything else (including the `null` origin). */
export function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function nonNegativeInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new Error(`${name} must be a whole number >= 0, got "${value}"`);
  return Number(value);
}

export function positiveInteger(name: string, value: string): number {
  const n = nonNegativeInteger(name, value);
  if (n < 1) throw new Error(`${name} must be at least 1`);
  return n;
}
