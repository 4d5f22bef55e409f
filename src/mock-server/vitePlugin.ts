import type { Server } from 'node:http';
import type { Plugin, ResolvedConfig, ResolvedServerUrls } from 'vite';
import { optionsFromEnv } from './transport/options';
import { attachMockServer } from './transport/server';

/** What the plugin reads of Vite's dev or preview server. */
interface ViteServerLike {
  httpServer: Server | null;
  resolvedUrls?: ResolvedServerUrls | null;
  config?: Pick<ResolvedConfig, 'server'>;
}

/**
 * Serves the mock backend at `/ws` on Vite's own dev and preview servers, so the app in
 * mock mode connects to its own origin. Options come from MOCK_* environment variables.
 */
export function mockServerPlugin(): Plugin {
  const attach = (server: ViteServerLike, kind: string) => {
    const { httpServer } = server;
    if (!httpServer) {
      console.warn(`[mock-server] no HTTP server in ${kind} (middleware mode?); /ws is not served`);
      return;
    }
    const mock = attachMockServer(httpServer, {
      ...optionsFromEnv(process.env),
      // The app's own page must always connect, also with MOCK_ALLOWED_ORIGINS set or on a
      // network address (`--host`). Read at each handshake: Vite knows its URLs (and the
      // port, which moves when 5173 is taken) only once it listens.
      ownOrigins: () => [
        ...(server.resolvedUrls?.local ?? []),
        ...(server.resolvedUrls?.network ?? []),
        ...(server.config?.server.origin ? [server.config.server.origin] : []),
      ],
    });
    httpServer.once('close', () => void mock.close());
  };
  return {
    name: 'finops-mock-server',
    apply: (_config, env) => env.command === 'serve',
    configureServer(server) {
      attach(server as ViteServerLike, 'the dev server');
    },
    configurePreviewServer(server) {
      attach(server as ViteServerLike, 'the preview server');
    },
  };
}
