import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build, preview, type PreviewServer } from 'vite';
import { findChromium } from '../support/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the app in mock mode and serves it, with the mock backend at /ws, on a free port. */
export default async function setup(project: TestProject) {
  findChromium(); // fail early, with the install hint, before spending time on a build
  const outDir = mkdtempSync(join(tmpdir(), 'finops-chat-e2e-'));
  process.env.VITE_USE_MOCK = 'true';
  process.env.MOCK_PACE_MS ??= '5';
  // Vitest sets NODE_ENV=test, which would give React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configLoader: 'runner',
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const server: PreviewServer = await preview({
    configLoader: 'runner',
    mode: 'production',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report its address');
  project.provide('baseUrl', url);

  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
