// The service worker's build step (scripts/serviceWorkerPlugin.ts) and the worker itself
// (scripts/serviceWorker.js), run in a Node sandbox with the few browser APIs it uses faked.
// tests/e2e/offline.test.ts proves it in Chromium.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  serviceWorkerConstants,
  serviceWorkerSource,
  type BuiltFile,
  type ServiceWorkerConstants,
} from '../../../scripts/serviceWorkerPlugin';

const BUILD: BuiltFile[] = [
  { fileName: 'index.html', source: '<!doctype html><script src="/assets/index-abc.js"></script>' },
  { fileName: 'assets/index-abc.js', source: 'console.log(1)' },
  { fileName: 'assets/index-abc.js.map', source: '{}' },
  { fileName: 'assets/ChartBlock-def.js', source: 'export {}' },
  { fileName: '.vite/manifest.json', source: '{}' },
  { fileName: 'favicon.svg', source: new Uint8Array([60, 115, 118, 103]) },
  { fileName: 'manifest.webmanifest', source: '{}' },
];

const versionOf = (files: BuiltFile[]) => serviceWorkerConstants(files, '/', 'assets').version;

describe('serviceWorkerConstants', () => {
  it('precaches every file the page may load, index.html as the URL the app opens at', () => {
    expect(serviceWorkerConstants(BUILD, '/', 'assets')).toEqual({
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
      precache: [
        '/assets/ChartBlock-def.js',
        '/assets/index-abc.js',
        '/favicon.svg',
        '/',
        '/manifest.webmanifest',
      ],
      shell: '/',
      assets: '/assets/',
    });
  });

  it('follows the base URL', () => {
    const constants = serviceWorkerConstants(BUILD, '/chat/', 'static');
    expect(constants.precache).toContain('/chat/');
    expect(constants.precache).toContain('/chat/assets/index-abc.js');
    expect(constants).toMatchObject({ shell: '/chat/', assets: '/chat/static/' });
  });

  it('gives the same build the same version, in any order', () => {
    expect(versionOf([...BUILD].reverse())).toBe(versionOf(BUILD));
  });

  it('gives a new version when a file changes, is renamed, added or removed', () => {
    const base = versionOf(BUILD);
    const changed = BUILD.map((file) =>
      file.fileName === 'index.html' ? { ...file, source: `${String(file.source)} ` } : file,
    );
    const renamed = BUILD.map((file) =>
      file.fileName === 'favicon.svg' ? { ...file, fileName: 'icon.svg' } : file,
    );
    const added = [...BUILD, { fileName: 'assets/Dialog-123.js', source: '' }];
    const removed = BUILD.filter((file) => file.fileName !== 'manifest.webmanifest');
    const versions = [base, ...[changed, renamed, added, removed].map(versionOf)];
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('ignores the files the page never loads', () => {
    const withoutMaps = BUILD.filter((file) => !/\.map$|^\.vite\//.test(file.fileName));
    expect(versionOf(withoutMaps)).toBe(versionOf(BUILD));
  });
});

// --- The worker, in a sandbox -------------------------------------------------------------

const ORIGIN = 'https://chat.example';
const CONSTANTS: ServiceWorkerConstants = {
  version: 'v2',
  precache: ['/assets/index-abc.js', '/favicon.svg', '/'],
  shell: '/',
  assets: '/assets/',
};

interface FakeRequest {
  url: string;
  method?: string;
  mode?: string;
  cache?: string;
}

/** What a handler passed to event.respondWith / waitUntil resolves to. */
type Handler = (event: Record<string, unknown>) => void;

function startWorker(options: { online: boolean; caches?: Record<string, string[]> }) {
  const handlers = new Map<string, Handler>();
  const stores = new Map<string, Map<string, string>>();
  for (const [name, urls] of Object.entries(options.caches ?? {})) {
    stores.set(name, new Map(urls.map((url) => [url, `cached ${url}`])));
  }
  const fetched: FakeRequest[] = [];
  const calls: string[] = [];
  const absolute = (request: string | FakeRequest) =>
    new URL(typeof request === 'string' ? request : request.url, ORIGIN).href;
  const fetch = async (request: string | FakeRequest) => {
    fetched.push(typeof request === 'string' ? { url: request } : request);
    if (!options.online) throw new TypeError('Failed to fetch');
    return `network ${new URL(absolute(request)).pathname}`;
  };
  const open = async (name: string) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const store = stores.get(name)!;
    return {
      match: async (request: string | FakeRequest, matchOptions?: { ignoreVary?: boolean }) => {
        if (!matchOptions?.ignoreVary) throw new Error('match without ignoreVary');
        return store.get(new URL(absolute(request)).pathname);
      },
      addAll: async (requests: (string | FakeRequest)[]) => {
        const responses = await Promise.all(requests.map(fetch));
        requests.forEach((request, i) =>
          store.set(new URL(absolute(request)).pathname, responses[i]!),
        );
      },
    };
  };
  const sandbox = {
    self: {
      location: { origin: ORIGIN },
      addEventListener: (type: string, handler: Handler) => handlers.set(type, handler),
      skipWaiting: async () => void calls.push('skipWaiting'),
      clients: { claim: async () => void calls.push('claim') },
    },
    caches: {
      open,
      keys: async () => [...stores.keys()],
      delete: async (name: string) => stores.delete(name),
    },
    fetch,
    Request: class {
      url: string;
      cache: string;
      constructor(url: string, init: { cache: string }) {
        this.url = url;
        this.cache = init.cache;
      }
    },
    URL,
  };
  const template = readFileSync(
    new URL('../../../scripts/serviceWorker.js', import.meta.url),
    'utf8',
  );
  runInNewContext(serviceWorkerSource(template, CONSTANTS), sandbox);

  /** Dispatches an event; resolves to what it responded with (undefined: not handled). */
  async function dispatch(type: string, request?: FakeRequest): Promise<unknown> {
    let waited: Promise<unknown> | undefined;
    let responded: Promise<unknown> | undefined;
    handlers.get(type)!({
      request: request && { method: 'GET', mode: 'cors', ...request },
      waitUntil: (promise: Promise<unknown>) => (waited = promise),
      respondWith: (promise: Promise<unknown>) => (responded = promise),
    });
    await waited;
    return responded;
  }
  return { dispatch, stores, fetched, calls };
}

describe('the service worker', () => {
  it('precaches the build under its version, past the HTTP cache for unhashed files', async () => {
    const worker = startWorker({ online: true });
    await worker.dispatch('install');
    expect([...worker.stores.keys()]).toEqual(['finops-shell-v2']);
    expect([...worker.stores.get('finops-shell-v2')!.keys()].sort()).toEqual([
      '/',
      '/assets/index-abc.js',
      '/favicon.svg',
    ]);
    expect(worker.fetched.map((request) => [request.url, request.cache])).toEqual([
      ['/assets/index-abc.js', undefined],
      ['/favicon.svg', 'no-cache'],
      ['/', 'no-cache'],
    ]);
    expect(worker.calls).toEqual(['skipWaiting']);
  });

  it("deletes the earlier versions' caches on activate, and nobody else's", async () => {
    const worker = startWorker({
      online: true,
      caches: { 'finops-shell-v1': ['/'], 'finops-shell-v2': ['/'], 'other-app': ['/x'] },
    });
    await worker.dispatch('activate');
    expect([...worker.stores.keys()].sort()).toEqual(['finops-shell-v2', 'other-app']);
    expect(worker.calls).toEqual(['claim']);
  });

  it('loads a page from the network while online', async () => {
    const worker = startWorker({ online: true, caches: { 'finops-shell-v2': ['/'] } });
    const page = { url: `${ORIGIN}/`, mode: 'navigate' };
    expect(await worker.dispatch('fetch', page)).toBe('network /');
  });

  it('loads any page from the cached shell while offline', async () => {
    const worker = startWorker({ online: false, caches: { 'finops-shell-v2': ['/'] } });
    for (const url of [`${ORIGIN}/`, `${ORIGIN}/some/route?q=1`]) {
      expect(await worker.dispatch('fetch', { url, mode: 'navigate' })).toBe('cached /');
    }
  });

  it('fails a page load offline when nothing is cached, as without a worker', async () => {
    const worker = startWorker({ online: false });
    await expect(worker.dispatch('fetch', { url: `${ORIGIN}/`, mode: 'navigate' })).rejects.toThrow(
      'Failed to fetch',
    );
  });

  it('serves assets and precached files from the cache, else from the network', async () => {
    const worker = startWorker({
      online: true,
      caches: { 'finops-shell-v2': ['/assets/index-abc.js', '/favicon.svg'] },
    });
    expect(await worker.dispatch('fetch', { url: `${ORIGIN}/assets/index-abc.js` })).toBe(
      'cached /assets/index-abc.js',
    );
    expect(await worker.dispatch('fetch', { url: `${ORIGIN}/favicon.svg` })).toBe(
      'cached /favicon.svg',
    );
    expect(await worker.dispatch('fetch', { url: `${ORIGIN}/assets/new-123.js` })).toBe(
      'network /assets/new-123.js',
    );
    expect(worker.fetched.map((request) => request.url)).toEqual([`${ORIGIN}/assets/new-123.js`]);
  });

  it('leaves other origins, other methods and unlisted files to the browser', async () => {
    const worker = startWorker({ online: true, caches: { 'finops-shell-v2': ['/'] } });
    const untouched: FakeRequest[] = [
      { url: 'https://backend.example/assets/x.js' },
      { url: 'https://other.example/', mode: 'navigate' },
      { url: `${ORIGIN}/assets/index-abc.js`, method: 'POST' },
      { url: `${ORIGIN}/ws?v=1` },
      { url: `${ORIGIN}/robots.txt` },
    ];
    for (const request of untouched) {
      expect(await worker.dispatch('fetch', request), request.url).toBeUndefined();
    }
    expect(worker.fetched).toEqual([]);
  });
});
