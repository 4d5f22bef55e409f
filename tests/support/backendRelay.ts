import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * Serves the built app from `appUrl` on a port of its own, pointed at a backend connection the
 * test can cut: for browsers whose network cannot be switched off from outside (classic
 * WebDriver has no "offline").
 *
 * The build names its backend (`VITE_WS_URL`, in the bundle and in the CSP `<meta>`), so the
 * relay rewrites that origin to its own in what it serves, and relays WebSocket upgrades to
 * the real backend. `cut()` drops every relayed connection and refuses new ones, as a lost
 * network does; `restore()` lets them through again.
 */
export interface BackendRelay {
  /** The app, served through the relay. */
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startBackendRelay(appUrl: string, backendUrl: string): Promise<BackendRelay> {
  const app = new URL(appUrl);
  const backend = new URL(backendUrl);
  const backendOrigin = `${backend.protocol}//${backend.host}`;
  let ownOrigin = '';
  const rewrite = (text: string) => text.replaceAll(backendOrigin, ownOrigin);
  let reachable = true;
  const relayed = new Set<Socket>();

  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: app.host };
    delete headers['accept-encoding']; // plain bodies, to rewrite
    delete headers['if-none-match']; // whole bodies, never a 304 of an unrewritten one
    delete headers['if-modified-since'];
    const upstream = request(
      { host: app.hostname, port: app.port, method: req.method, path: req.url, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const type = String(response.headers['content-type'] ?? '');
          let body = Buffer.concat(chunks);
          if (/text|javascript|json|manifest/.test(type)) {
            body = Buffer.from(rewrite(body.toString('utf8')));
          }
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value === undefined || name === 'content-length' || name === 'etag') continue;
            out[name] = Array.isArray(value) ? value.map(rewrite) : rewrite(value);
          }
          out['content-length'] = String(body.length);
          res.writeHead(response.statusCode ?? 502, out);
          res.end(body);
        });
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`relay: ${error.message}\n`);
    });
    req.pipe(upstream);
  });

  server.on('upgrade', (req, client: Socket, head: Buffer) => {
    if (!reachable) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(backend.port), backend.hostname);
    relayed.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      relayed.delete(client);
      relayed.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ownOrigin = `${backend.protocol}//127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}${app.pathname}`,
    cut() {
      reachable = false;
      for (const socket of relayed) socket.destroy();
      relayed.clear();
    },
    restore() {
      reachable = true;
    },
    async close() {
      for (const socket of relayed) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
