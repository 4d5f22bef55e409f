import react from '@vitejs/plugin-react';
import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';
import { cspPlugin } from './scripts/cspPlugin';
import { serviceWorkerPlugin } from './scripts/serviceWorkerPlugin';
import { mockServerPlugin } from './src/mock-server/vitePlugin';

export default defineConfig(({ command, mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), 'VITE_'), ...process.env };
  const useMock = !env.VITE_WS_URL;
  if (command === 'build' && useMock && env.VITE_USE_MOCK !== 'true') {
    throw new Error(
      'Set VITE_WS_URL to the backend WebSocket endpoint (e.g. VITE_WS_URL=wss://example.execute-api.eu-west-1.amazonaws.com/prod npm run build), ' +
        'or VITE_USE_MOCK=true for a build that talks to the mock server on its own origin.',
    );
  }

  return {
    // Without a backend URL, the dev and preview servers serve the mock backend at /ws.
    // Vitest's own server (mode 'test') has no HTTP server to attach it to.
    // cspPlugin (vite build only): checks VITE_WS_URL (wss:// only) and writes the CSP <meta>.
    // serviceWorkerPlugin (vite build only): writes sw.js, which precaches the build.
    plugins: [
      react(),
      useMock && mode !== 'test' && mockServerPlugin(),
      cspPlugin(),
      serviceWorkerPlugin(),
    ],
    // Vite warns about any chunk over this many kB minified. The largest are the entry
    // (React, MUI, zod, the store: ~360 kB, ~115 KiB gzipped) and the charts (~340 kB); the
    // markdown renderer, dialogs, menus, the phone drawer, charts and code highlighting are
    // loaded on demand. The gzipped budgets that matter are `npm run size`'s
    // (scripts/checkBundleSize.ts).
    build: { chunkSizeWarningLimit: 400 },
    // The socket worker is a module worker (src/services/workerSocket.ts).
    worker: { format: 'es' },
    test: {
      projects: [
        {
          extends: true,
          test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.{ts,tsx}'] },
        },
        {
          extends: true,
          test: {
            name: 'component',
            environment: 'jsdom',
            include: ['tests/component/**/*.test.{ts,tsx}'],
            setupFiles: ['tests/support/setupDom.ts'],
          },
        },
      ],
    },
  };
});
