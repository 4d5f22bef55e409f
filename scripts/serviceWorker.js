// The app's service worker, served as /sw.js. scripts/serviceWorkerPlugin.ts writes it at
// build time: it puts four constants above this text, so every build has a worker of its own
// (a browser installs a new worker when the bytes of sw.js change):
//   VERSION   a hash of every file of the build
//   PRECACHE  their URLs: the shell (the page at SHELL, i.e. index.html), /assets/*, public/
//   SHELL     the URL the app is opened at, whose response is index.html
//   ASSETS    the folder of the hashed files, e.g. /assets/
//
// What it does:
// - install: downloads PRECACHE into a cache named after VERSION, then takes over at once;
// - activate: deletes the caches of earlier versions and controls the open pages;
// - a page load (navigation): the network first, so an online user always gets the deployed
//   index.html; without a network, the cached one, which names the cached assets;
// - /assets/* and the other precached files: the cache first (their names or VERSION change
//   with their content), else the network;
// - anything else (other origins, the WebSocket, requests other than GET): not handled, so
//   the browser does what it does without a worker. A WebSocket never reaches a worker.

const CACHE_PREFIX = 'finops-shell-';
const CACHE = `${CACHE_PREFIX}${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteOldCaches().then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkThenShell(request));
  } else if (url.pathname.startsWith(ASSETS) || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheThenNetwork(request));
  }
});

async function precache() {
  const cache = await caches.open(CACHE);
  // Past the browser's HTTP cache for the files whose names do not change with their content
  // (index.html, the manifest, the icons), so the cache holds this deploy's copies.
  const requests = PRECACHE.map((url) =>
    url.startsWith(ASSETS) ? url : new Request(url, { cache: 'no-cache' }),
  );
  // All or nothing: if one fails the install fails, and the next page load tries again.
  await cache.addAll(requests);
}

async function deleteOldCaches() {
  const names = await caches.keys();
  const old = names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE);
  await Promise.all(old.map((name) => caches.delete(name)));
}

async function networkThenShell(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Offline (fetch rejects only when there is no response at all, never for a 404 or 500):
    // the app shell, which opens the conversations kept in storage and says it is offline.
    const shell = await (await caches.open(CACHE)).match(SHELL, { ignoreVary: true });
    if (shell) return shell;
    throw error;
  }
}

async function cacheThenNetwork(request) {
  // NOTE: ignoreVary, since a server may answer with Vary: Origin (Vite's preview server does)
  // and the page's module scripts send an Origin that the worker's precache requests did not;
  // one URL is one file here, whoever asks.
  const cached = await (await caches.open(CACHE)).match(request, { ignoreVary: true });
  return cached ?? fetch(request);
}
