/**
 * Hosts whose images an answer may show inline (`VITE_IMAGE_HOSTS`, comma-separated, e.g.
 * `docs.aws.amazon.com,cdn.example.com`). Everything else is never fetched: the protocol's
 * content rules forbid loading what an answer names, since a request leaks the reader's
 * address and that they read it.
 */
const allowed = new Set(
  String(import.meta.env.VITE_IMAGE_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean),
);

/** The image's URL when it may be shown inline (https, allow-listed host), otherwise null. */
export function inlineImageUrl(src: string | undefined): string | null {
  if (!src || allowed.size === 0) return null;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' && allowed.has(url.hostname.toLowerCase()) ? url.href : null;
  } catch {
    return null;
  }
}

/** A link target an answer may open in a new tab: http(s) and mailto only. */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, 'https://invalid.example/');
    if (url.origin === 'https://invalid.example') return undefined; // relative: nothing to open
    return ['https:', 'http:', 'mailto:'].includes(url.protocol) ? href : undefined;
  } catch {
    return undefined;
  }
}
