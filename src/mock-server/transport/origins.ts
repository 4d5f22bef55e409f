import { httpUrl } from './options';

// Which pages may open a socket to the mock. A browser sends `Origin` on every WebSocket
// handshake and lets any page connect anywhere, so without this check any site the
// developer visits could talk to the mock on localhost (cross-site WebSocket hijacking)
// and read or delete their conversations. Clients that are not browsers (tests, the CLI,
// bench scripts) send no `Origin`; they are not that attack and are let through.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The default: pages served from this machine's loopback names, on any port. */
function isLoopbackOrigin(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
}

/**
 * Whether a handshake with this `Origin` header may proceed. `allowed` replaces the
 * loopback default; `own` (the server's own origins) are always allowed. An origin that is
 * not an http(s) URL, such as `null` (file: pages, sandboxed frames), is refused.
 */
export function originAllowed(
  origin: string | undefined,
  allowed: readonly string[] | undefined,
  own: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const url = httpUrl(origin);
  if (!url) return false;
  if (own.some((o) => httpUrl(o)?.origin === url.origin)) return true;
  if (allowed === undefined) return isLoopbackOrigin(url);
  return allowed.includes('*') || allowed.includes(url.origin);
}
