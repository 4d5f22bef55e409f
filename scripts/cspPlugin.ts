/**
 * The build's half of the Content-Security-Policy (`vite build` only).
 *
 * customHttp.yml is static, and Amplify serves it whatever VITE_WS_URL a build was given, so
 * its header can only allow WebSockets broadly (`connect-src 'self' wss:`). This plugin
 * writes the same policy into the built index.html as a `<meta http-equiv>` whose
 * connect-src names the exact backend origin. A browser enforces every policy it is given,
 * header and meta alike, and a request must pass all of them (CSP3, "The effect of multiple
 * policies"), so the effective connect-src is their intersection: the one
 * backend. On a host without the headers the meta still applies (all but frame-ancestors,
 * which a meta cannot carry: the header keeps it).
 *
 * It also fails the build when the HTML and customHttp.yml disagree: an inline script whose
 * hash the header does not list would be blocked on Amplify, and a backend or image host the
 * header does not allow would never load.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { buildBackend, type BuildBackend } from './backendUrl';
import { headersFor, parseCsp, readCustomHttp, serializeCsp, type Csp } from './customHttp';

/** Directives a `<meta>` policy cannot carry (CSP3, "The <meta> element"): ignored there. */
const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'];

export function cspPlugin(): Plugin {
  let metaPolicy = '';
  let scriptSources: string[] = [];
  return {
    name: 'finops-csp',
    apply: 'build',
    // After Vite's own HTML plugin, so generateBundle sees the index.html that is written.
    enforce: 'post',
    configResolved(config) {
      const header = headerPolicy(resolve(config.root, 'customHttp.yml'));
      // config.env holds the VITE_ variables of the environment and the .env files.
      const env = config.env as Record<string, string | undefined>;
      const backend = buildBackend(env);
      const policy = metaPolicyFor(header, backend, imageHosts(env.VITE_IMAGE_HOSTS));
      metaPolicy = serializeCsp(policy);
      scriptSources = header.get('script-src') ?? [];
    },
    transformIndexHtml: {
      order: 'post',
      handler: (html) => injectMetaPolicy(html, metaPolicy),
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        const problems = checkHtml(String(file.source), scriptSources);
        if (problems.length > 0) {
          this.error(`${file.fileName} does not fit customHttp.yml:\n- ${problems.join('\n- ')}`);
        }
      }
    },
  };
}

/** The header's policy for index.html, which must be the same for `/`. */
function headerPolicy(file: string): Csp {
  const rules = readCustomHttp(file);
  const [forIndex, forRoot] = ['/index.html', '/'].map(
    (path) => headersFor(rules, path).get('content-security-policy') ?? '',
  );
  if (!forIndex) throw new Error(`${file} sets no Content-Security-Policy for /index.html`);
  if (forIndex !== forRoot) {
    throw new Error(`${file}: / and /index.html must get the same Content-Security-Policy`);
  }
  const csp = parseCsp(forIndex);
  const scripts = csp.get('script-src') ?? [];
  const loose = scripts.filter((source) => source !== "'self'" && !/^'sha256-/.test(source));
  if (!csp.has('script-src') || loose.length > 0) {
    throw new Error(
      `${file}: script-src must list only 'self' and sha256 hashes of inline scripts` +
        (loose.length > 0 ? `, not ${loose.join(' ')}` : ''),
    );
  }
  return csp;
}

/**
 * The header's policy narrowed for this build: connect-src only the backend, img-src plus
 * the VITE_IMAGE_HOSTS, without the directives a meta cannot carry. Throws when the header
 * would block what the build needs, since the meta can only take away.
 */
export function metaPolicyFor(header: Csp, backend: BuildBackend, images: string[]): Csp {
  const connect = header.get('connect-src') ?? header.get('default-src') ?? [];
  if (backend.kind === 'same-origin' && !connect.includes("'self'")) {
    throw new Error("customHttp.yml's connect-src must allow 'self' for a VITE_USE_MOCK build");
  }
  // A ws:// backend on loopback passes the header only through 'self' (served from the same
  // host and port, as the browser test does); that depends on where it is served, not here.
  if (backend.kind === 'remote' && backend.origin.startsWith('wss:')) {
    const host = backend.origin.slice('wss://'.length);
    if (!connect.some((source) => ['wss:', backend.origin, host].includes(source))) {
      throw new Error(
        `customHttp.yml's connect-src (${connect.join(' ')}) does not allow ${backend.origin}, ` +
          'the origin of VITE_WS_URL: add wss: or that origin to it.',
      );
    }
  }
  const imageSources = images.map((host) => `https://${host}`);
  const headerImages = header.get('img-src') ?? header.get('default-src') ?? [];
  const blocked = imageSources.filter(
    (source) => !headerImages.includes(source) && !headerImages.includes('https:'),
  );
  if (blocked.length > 0) {
    throw new Error(
      `VITE_IMAGE_HOSTS names ${blocked.join(', ')}, which customHttp.yml's img-src does not ` +
        'allow, so those images would never load: add them to img-src there.',
    );
  }
  const meta: Csp = new Map();
  for (const [directive, sources] of header) {
    if (HEADER_ONLY_DIRECTIVES.includes(directive)) continue;
    if (directive === 'connect-src') meta.set(directive, [backend.connectSource]);
    else if (directive === 'img-src') meta.set(directive, unique([...sources, ...imageSources]));
    else meta.set(directive, sources);
  }
  if (!meta.has('connect-src')) meta.set('connect-src', [backend.connectSource]);
  if (!meta.has('img-src') && imageSources.length > 0) {
    meta.set('img-src', unique([...headerImages, ...imageSources]));
  }
  return meta;
}

/** VITE_IMAGE_HOSTS as src/components/markdown/imageHosts.ts reads it, checked for a CSP. */
export function imageHosts(value: string | undefined): string[] {
  const hosts = String(value ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  for (const host of hosts) {
    // Also keeps ; and quotes, which would change the policy, out of the meta.
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host)) {
      throw new Error(`VITE_IMAGE_HOSTS: "${host}" is not a host name like docs.aws.amazon.com`);
    }
  }
  return hosts;
}

/** Puts the policy right after `<meta charset>`, before anything it governs. */
export function injectMetaPolicy(html: string, policy: string): string {
  const charset = /<meta\s+charset=[^>]*>/i.exec(html);
  if (!charset) throw new Error('index.html needs a <meta charset> for the CSP meta to follow');
  const at = charset.index + charset[0].length;
  const meta = `\n    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}" />`;
  return html.slice(0, at) + meta + html.slice(at);
}

/** The texts of the inline `<script>` elements (those without src), as the browser hashes them. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
    .filter((match) => !/\ssrc\s*=/i.test(` ${match[1]!}`))
    .map((match) => match[2]!);
}

/** The CSP source that allows an inline script: `'sha256-<base64 of its UTF-8 text>'`. */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** What in a built HTML file the header's script-src would block, or the meta not govern. */
export function checkHtml(html: string, scriptSources: readonly string[]): string[] {
  const problems: string[] = [];
  const metas = html.match(/<meta\s+http-equiv="Content-Security-Policy"/gi) ?? [];
  if (metas.length !== 1) problems.push(`it has ${metas.length} CSP <meta> elements, not one`);
  const metaAt = html.search(/<meta\s+http-equiv="Content-Security-Policy"/i);
  const firstGoverned = html.search(/<(script|link|style)\b/i);
  if (metaAt >= 0 && firstGoverned >= 0 && firstGoverned < metaAt) {
    // NOTE: a meta policy only governs what comes after it (CSP3, "The <meta> element").
    problems.push('the CSP <meta> comes after a <script>, <link> or <style>');
  }
  for (const script of inlineScripts(html)) {
    const source = scriptHashSource(script);
    if (!scriptSources.includes(source)) {
      const start = script.trim().split('\n')[0]!.slice(0, 60);
      problems.push(
        `the inline script starting "${start}" would be blocked: add ${source} to ` +
          "script-src in customHttp.yml's Content-Security-Policy",
      );
    }
  }
  // A hash cannot allow an event handler attribute without 'unsafe-hashes'.
  const handler = /<[a-z][^>]*\son[a-z]+\s*=/i.exec(html);
  if (handler)
    problems.push(`an inline event handler would be blocked: ${handler[0].slice(0, 80)}`);
  return problems;
}

function unique(sources: string[]): string[] {
  return [...new Set(sources)];
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
