import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViteDevServer } from 'vite';
import WebSocket, { WebSocketServer } from 'ws';
import { mockServerPlugin } from '../../../src/mock-server/vitePlugin';
import { TestClient } from './harness';

const servers: Array<{ server: Server; sockets: Set<Socket> }> = [];
afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) await closeLikeVite(server, sockets);
  delete process.env.MOCK_FAULTS;
});

/** A plain HTTP server that tracks its sockets the way Vite's dev server does. */
function viteLikeServer() {
  const server = createServer((_req, res) => res.end('app'));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push({ server, sockets });
  return server;
}

// Vite's createServerCloseFn: destroy every open socket, then close the server.
async function closeLikeVite(server: Server, sockets: Set<Socket>) {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function configure(server: Server) {
  const plugin = mockServerPlugin();
  (plugin.configureServer as (s: ViteDevServer) => void)({
    httpServer: server,
  } as unknown as ViteDevServer);
}

describe('mockServerPlugin', () => {
  it("serves /ws on Vite's HTTP server and leaves other upgrades (HMR) alone", async () => {
    const httpServer = viteLikeServer();
    // Stand-in for Vite's HMR server: its own upgrade listener on another path.
    const hmr = new WebSocketServer({ noServer: true });
    httpServer.on('upgrade', (req, socket, head) => {
      if (req.url === '/__hmr')
        hmr.handleUpgrade(req, socket, head, (ws) => ws.send('hmr-connected'));
    });
    configure(httpServer);
    const port = await listen(httpServer);

    const client = await TestClient.forUser({ url: `ws://127.0.0.1:${port}/ws` });
    expect((await client.request({ action: 'ping' })).type).toBe('pong');

    const hmrClient = new WebSocket(`ws://127.0.0.1:${port}/__hmr`);
    const greeting = await new Promise<string>((resolve) =>
      hmrClient.once('message', (data) => resolve(String(data))),
    );
    expect(greeting).toBe('hmr-connected');
    hmrClient.close();
    hmr.close();
  });

  it('takes its options from MOCK_* variables and flushes its data file when the server closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-plugin-'));
    const file = join(dir, 'data.json');
    process.env.MOCK_FAULTS = 'close=4002@1#1:from env';
    process.env.MOCK_DATA_FILE = file;
    try {
      const httpServer = viteLikeServer();
      configure(httpServer);
      const port = await listen(httpServer);
      const url = `ws://127.0.0.1:${port}/ws`;
      const first = await TestClient.forUser({ url });
      first.send({ action: 'ping' });
      expect(await first.closed).toEqual({ code: 4002, reason: 'from env' });

      const second = await TestClient.forUser({ url }, 'plugin-user');
      await second.request({ action: 'update_preferences', preferences: { currency: 'JPY' } });
      const { server, sockets } = servers.pop()!;
      await closeLikeVite(server, sockets);
      // Written by the mock's writer, flushed at the latest when the server closes.
      while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(JSON.parse(readFileSync(file, 'utf8')).preferences['plugin-user'].currency).toBe(
        'JPY',
      );
    } finally {
      delete process.env.MOCK_DATA_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies only to vite serve/preview, not to builds', () => {
    const apply = mockServerPlugin().apply as (config: object, env: { command: string }) => boolean;
    expect(apply({}, { command: 'serve' })).toBe(true);
    expect(apply({}, { command: 'build' })).toBe(false);
  });
});
