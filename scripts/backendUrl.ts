/**
 * The backend a production build talks to, checked at build time (scripts/cspPlugin.ts):
 * only `wss://`, so a deployed app never sends conversations in clear text; `ws://` only to
 * this machine's loopback, where nothing crosses a network (local tests and demos).
 */

/** Hosts a `ws://` URL may name: nothing sent to them leaves this machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const EXAMPLE = 'VITE_WS_URL=wss://abc123.execute-api.eu-west-1.amazonaws.com/prod';

/** Where a production build's WebSocket goes, and what its CSP `connect-src` must allow. */
export type BuildBackend =
  /** `VITE_USE_MOCK=true` without `VITE_WS_URL`: the mock server on the page's own origin. */
  | { kind: 'same-origin'; connectSource: "'self'" }
  /** `VITE_WS_URL`: `origin` is e.g. `wss://abc123.execute-api.eu-west-1.amazonaws.com`. */
  | { kind: 'remote'; url: string; origin: string; connectSource: string };

export interface BuildBackendEnv {
  VITE_WS_URL?: string;
  VITE_USE_MOCK?: string;
}

/**
 * Validates `VITE_WS_URL` for a production build and returns the backend, or throws an Error
 * that names the variable and says what to set. `VITE_WS_URL` wins over `VITE_USE_MOCK`, as
 * in src/services/backendUrl.ts, which only falls back to its own origin's `/ws` without it.
 */
export function buildBackend(env: BuildBackendEnv): BuildBackend {
  const configured = env.VITE_WS_URL?.trim() ?? '';
  if (configured === '') {
    if (env.VITE_USE_MOCK === 'true') return { kind: 'same-origin', connectSource: "'self'" };
    throw new Error(
      `VITE_WS_URL is not set. Set it to the backend's WebSocket endpoint (${EXAMPLE}), ` +
        'or set VITE_USE_MOCK=true for a build that talks to the mock server on its own origin.',
    );
  }
  const url = parseUrl(configured);
  if (url.protocol === 'ws:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(
      `VITE_WS_URL is ${configured}: a production build only talks to its backend over ` +
        `wss:// (TLS). Use the wss:// endpoint (${EXAMPLE}); ws:// is allowed only for ` +
        'localhost, 127.0.0.1 and [::1].',
    );
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw new Error(
      `VITE_WS_URL is ${configured}: it must be a WebSocket URL starting with wss:// ` +
        `(${EXAMPLE}), not ${url.protocol}//.`,
    );
  }
  if (url.username || url.password) {
    // The value is built into public JavaScript; the protocol's token is how to authenticate.
    throw new Error(
      'VITE_WS_URL contains a user name or password, which would be published in the ' +
        'built JavaScript. Remove them from the URL.',
    );
  }
  if (url.hash) {
    // NOTE: the WebSocket constructor throws a SyntaxError on a URL with a fragment (WHATWG
    // WebSockets, "new WebSocket(url)" step 3), so the app could never connect.
    throw new Error(`VITE_WS_URL is ${configured}: remove the #fragment, WebSockets refuse it.`);
  }
  return { kind: 'remote', url: url.href, origin: url.origin, connectSource: url.origin };
}

function parseUrl(value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error(
      `VITE_WS_URL is "${value}", which is not a URL. Set it to the backend's WebSocket ` +
        `endpoint, starting with wss:// (${EXAMPLE}).`,
    );
  }
}
