// The Content-Security-Policy, proven in a browser: the app built as a deployment is, served
// with exactly the headers customHttp.yml gives each path, chats without one violation; and
// served with a policy that leaves the backend out, it does record one (so the check can fail).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  headersFor,
  parseCsp,
  readCustomHttp,
  serializeCsp,
  type CustomHttp,
} from '../../scripts/customHttp';
import { attachMockServer, type AttachedMockServer } from '../../src/mock-server/transport/server';
import { CONTENT_TYPES } from '../../scripts/contentTypes';
import { launchChromium } from '../support/chromium';

interface Violation {
  effectiveDirective: string;
  blockedURI: string;
  disposition: string;
}

const customHttp = readCustomHttp();
/** The headers the static server sends; a test may swap in others. */
let served: CustomHttp = customHttp;
let browser: Browser;
let httpServer: Server;
let mock: AttachedMockServer;
let outDir: string;
let origin: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'finops-chat-csp-'));
  // The mock backend shares the static server's port. A ws:// backend can only pass the
  // header's connect-src ('self' wss:) through 'self', i.e. on the page's own host and port
  // (CSP3 matches ws: to an http: page's 'self'); the meta still names it exactly.
  httpServer = createServer((request, response) => serveBuild(request, response));
  mock = attachMockServer(httpServer, { paceMs: 20, deltaChars: 80, log: () => undefined });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  await buildApp(outDir, `${origin.replace('http:', 'ws:')}/ws`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  httpServer?.closeAllConnections();
  await new Promise<void>((resolve) =>
    httpServer ? httpServer.close(() => resolve()) : resolve(),
  );
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** `vite build` as a deployment runs it, in a process of its own (its env is its own). */
async function buildApp(dir: string, wsUrl: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', VITE_WS_URL: wsUrl };
  delete env.VITE_USE_MOCK;
  delete env.VITE_IMAGE_HOSTS;
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--configLoader', 'runner', '--logLevel', 'warn'];
  const child = spawn(process.execPath, [...args, '--outDir', dir, '--emptyOutDir'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`vite build failed (${code}):\n${output}`);
}

/**
 * dist/ as Amplify serves it: the file, or index.html for a path without an extension (the
 * SPA rewrite), with the headers of every pattern that matches the requested path.
 */
function serveBuild(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  let file = join(outDir, normalize(decodeURIComponent(path)));
  if (!file.startsWith(outDir) || path.endsWith('/')) file = join(outDir, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (extname(path) !== '') {
      response.writeHead(404).end();
      return;
    }
    file = join(outDir, 'index.html');
  }
  const headers = Object.fromEntries(headersFor(served, path));
  headers['content-type'] = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : readFileSync(file));
}

/** Records every CSP violation the page reports, from before its first script runs. */
async function openRecording(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  recordWorkerViolations(page);
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const { effectiveDirective, blockedURI, disposition } = event;
        seen.push({ effectiveDirective, blockedURI, disposition });
      },
      true,
    );
  });
  return { page, problems };
}

/**
 * The violations the page and its workers have seen. The socket worker gets the headers'
 * policy, not the page's <meta>; an init script does not reach a worker, so its recording
 * starts as it appears (the service's next attempt is seen if the first one is missed).
 */
async function violations(page: Page): Promise<Violation[]> {
  const read = () =>
    (globalThis as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? [];
  const fromWorkers = await Promise.all(page.workers().map((worker) => worker.evaluate(read)));
  return [...(await page.evaluate(read)), ...fromWorkers.flat()];
}

function recordWorkerViolations(page: Page) {
  page.on('worker', (worker) => {
    worker
      .evaluate(() => {
        const seen: Violation[] = [];
        (globalThis as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
        self.addEventListener('securitypolicyviolation', (event) => {
          const { effectiveDirective, blockedURI, disposition } = event;
          seen.push({ effectiveDirective, blockedURI, disposition });
        });
      })
      .catch(() => undefined); // a worker that is already gone
  });
}

describe('the Content-Security-Policy', () => {
  it('lets the built app, served with the headers of customHttp.yml, chat without a violation', async () => {
    served = customHttp;
    const { page, problems } = await openRecording();
    const response = await page.goto(`${origin}/`);
    const headers = response!.headers();
    for (const [name, value] of headersFor(customHttp, '/')) expect(headers[name]).toBe(value);
    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(parseCsp(meta!).get('connect-src')).toEqual([origin.replace('http:', 'ws:')]);

    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Show the spend trend');
    await input.press('Enter');
    const answer = page.getByRole('article', { name: 'Assistant said' }).last();
    // A chart: MUI X Charts' lazy chunk, SVG and its styles, under the policy too.
    await answer.locator('figure svg path').first().waitFor({ timeout: 20_000 });
    await page.getByRole('img', { name: 'Answered' }).waitFor();
    // A violation event is queued as a task; let any pending one arrive.
    await page.waitForTimeout(100);

    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('records a violation when the policy leaves the backend out', async () => {
    // The production header without 'self': connect-src wss: only, which a ws:// backend on
    // the page's own origin does not pass.
    const tightened = parseCsp(headersFor(customHttp, '/').get('content-security-policy')!);
    tightened.set('connect-src', ['wss:']);
    served = customHttp.map((rule) => ({
      ...rule,
      headers: rule.headers.map((header) =>
        header.key.toLowerCase() === 'content-security-policy'
          ? { key: header.key, value: serializeCsp(tightened) }
          : header,
      ),
    }));
    try {
      const { page } = await openRecording();
      await page.goto(`${origin}/`);
      await expect.poll(() => violations(page), { timeout: 10_000 }).not.toEqual([]);
      expect((await violations(page))[0]).toEqual({
        effectiveDirective: 'connect-src',
        blockedURI: expect.stringMatching(new RegExp(`^${origin.replace('http:', 'ws:')}/ws`)),
        disposition: 'enforce',
      });
      await page.context().close();
    } finally {
      served = customHttp;
    }
  });
});
