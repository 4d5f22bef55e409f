// The two pages under test, built as a deployment builds them, served from loopback, and the
// app's bundle sizes.

import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** Builds the app in `appDir` (its own vite.config.ts) for a backend at `wsUrl`. */
export async function buildApp(appDir: string, wsUrl: string, outDir: string): Promise<void> {
  const saved = { NODE_ENV: process.env.NODE_ENV, VITE_WS_URL: process.env.VITE_WS_URL };
  // The config reads VITE_WS_URL from process.env; NODE_ENV picks React's production build.
  process.env.NODE_ENV = 'production';
  process.env.VITE_WS_URL = wsUrl;
  try {
    await build({
      root: appDir,
      configFile: join(appDir, 'vite.config.ts'),
      configLoader: 'runner',
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
  } finally {
    restore(saved);
  }
}

/** Builds the naive react-markdown page of bench/ui/baseline. */
export async function buildBaseline(outDir: string): Promise<void> {
  const saved = { NODE_ENV: process.env.NODE_ENV };
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: fileURLToPath(new URL('./baseline', import.meta.url)),
      configFile: false,
      plugins: [react()],
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
    });
  } finally {
    restore(saved);
  }
}

function restore(saved: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Serves `dir` on a free loopback port; unknown paths get index.html, as a SPA host does. */
export async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || extname(file) === '') file = join(root, 'index.html');
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded by index.html before anything lazy: the entry or one of its static imports. */
  initial: boolean;
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

/** Every JS chunk of a build with its gzipped size, marking what the first load needs. */
export function chunkSizes(outDir: string): ChunkSize[] {
  const manifest = JSON.parse(
    readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const initial = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    chunk.imports?.forEach(visit);
  };
  Object.keys(manifest)
    .filter((key) => manifest[key]!.isEntry)
    .forEach(visit);
  // What index.html itself names (entry script, modulepreloads), in case the manifest misses any.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  for (const match of html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g))
    initial.add(match[1]!);

  const assets = join(outDir, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const body = readFileSync(join(assets, name));
      const file = `assets/${name}`;
      return {
        file,
        bytes: body.length,
        gzipBytes: gzipSync(body).length,
        initial: initial.has(file),
      };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzipBytes - a.gzipBytes);
}
