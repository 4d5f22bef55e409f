import type { Server } from 'node:http';
import type { Plugin } from 'vite';
import { optionsFromEnv } from './transport/options';
import { attachMockServer } from './transport/server';

/**
 * Serves the mock backend at `/ws` on Vite's own dev and preview servers, so the app in
 * mock mode connects to its own origin. Options come from MOCK_* environment variables.
 */
export function mockServerPlugin(): Plugin {
  const attach = (httpServer: Server | null | undefined, kind: string) => {
    if (!httpServer) {
      console.warn(`[mock-server] no HTTP server in ${kind} (middleware mode?); /ws is not served`);
      return;
    }
    const mock = attachMockServer(httpServer, optionsFromEnv(process.env));
    httpServer.once('close', () => void mock.close());
  };
  return {
    name: 'finops-mock-server',
    apply: (_config, env) => env.command === 'serve',
    configureServer(server) {
      attach(server.httpServer as Server | null, 'the dev server');
    },
    configurePreviewServer(server) {
      attach(server.httpServer as Server, 'the preview server');
    },
  };
}
