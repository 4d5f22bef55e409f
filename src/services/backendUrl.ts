/**
 * Where the app finds its backend. A real deployment sets `VITE_WS_URL` at build time
 * (vite.config.ts refuses to build without it unless `VITE_USE_MOCK=true`); without it the
 * app talks to the mock server that the dev or preview server serves on its own origin.
 */
export function resolveWebSocketUrl(
  configured: string | undefined = import.meta.env.VITE_WS_URL,
  location: Pick<Location, 'protocol' | 'host'> = window.location,
): string {
  if (configured) return configured;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}
