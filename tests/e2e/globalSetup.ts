import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build, preview } from 'vite';
import { startMockServer } from '../../src/mock-server/transport/server';
import { findChromium } from '../support/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    wsUrl: string;
  }
}

/**
 * Builds the app the way a deployment does, with `VITE_WS_URL` pointing at a separately
 * running mock backend, and serves the static bundle; both on free ports.
 */
export default async function setup(project: TestProject) {
  findChromium(); // fail early, with the install hint, before spending time on a build
  // Coarse deltas (80 characters) keep each answer to a second or so; npm run dev streams
  // word-sized ones at model speed.
  const mock = await startMockServer({
    port: 0,
    paceMs: 20,
    deltaChars: 80,
    log: () => undefined,
  });
  const outDir = mkdtempSync(join(tmpdir(), 'finops-chat-e2e-'));
  const env = { NODE_ENV: process.env.NODE_ENV, VITE_WS_URL: process.env.VITE_WS_URL };
  // Vitest sets NODE_ENV=test, which would give React's development build.
  process.env.NODE_ENV = 'production';
  process.env.VITE_WS_URL = mock.url;
  try {
    await build({
      configLoader: 'runner',
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = env.NODE_ENV;
  }
  // With VITE_WS_URL set, the preview server is a plain static server.
  const server = await preview({
    configLoader: 'runner',
    mode: 'production',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  process.env.VITE_WS_URL = env.VITE_WS_URL;
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its address');
  project.provide('baseUrl', url);
  project.provide('wsUrl', mock.url);

  return async () => {
    await server.close();
    await mock.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
