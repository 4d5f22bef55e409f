import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { IDLE_TIMEOUT_MS, MAX_CONNECTION_MS, PROTOCOL_VERSION } from '../../protocol/limits';
import { parseFaultSpec } from '../backend/faults';
import { createLogger, stderrSink, type Logger } from '../backend/log';
import { MockBackend } from '../backend/MockBackend';
import { loadSnapshot, SnapshotWriter } from '../backend/persistence';
import {
  DEFAULT_HOST,
  DEFAULT_DELTA_CHARS,
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_SESSIONS_PER_USER,
  DEFAULT_MESSAGES_PER_MINUTE,
  DEFAULT_PACE_MS,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TTL_SECONDS,
  type MockServerOptions,
} from './options';
import { originAllowed } from './origins';

export type { MockServerOptions } from './options';

export const WS_PATH = '/ws';
// Frames over 32 KiB must get a MESSAGE_TOO_LARGE error, so ws may not refuse them first;
// past this much larger bound, ws closes with 1009 to keep memory bounded.
const MAX_PAYLOAD_BYTES = 1024 * 1024;
const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@|+=-]{0,127}$/;
const SHUTDOWN_GRACE_MS = 1000;
// NOTE: 1008 (policy violation) is the close the client does not reconnect after
// (protocol.md, "Close codes"), so a refused page or address cannot start a reconnect loop;
// the reason is shown to the user, so it is in words.
const POLICY_VIOLATION = 1008;
const ORIGIN_REFUSED = 'This page is not allowed to connect to the server.';
const TOO_MANY_CONNECTIONS = 'Too many connections from this computer. Close some tabs and retry.';

/** The mock backend serving `/ws` on a server of its own. */
export interface MockServerHandle {
  /** e.g. ws://127.0.0.1:8787/ws; add `?v=1&userId=…` to connect. */
  url: string;
  port: number;
  backend: MockBackend;
  close(): Promise<void>;
}

/** The mock backend attached to someone else's HTTP server (Vite's). */
export interface AttachedMockServer {
  backend: MockBackend;
  /** Closes the mock's connections and flushes its data file; leaves the HTTP server alone. */
  close(): Promise<void>;
}

/** Starts the mock backend on its own HTTP server; `port: 0` picks a free port. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServerHandle> {
  const httpServer = createServer((req, res) => {
    const path = requestTarget(req)?.pathname;
    const [status, text] =
      path === undefined
        ? [400, 'Bad request target\n']
        : path === WS_PATH
          ? [426, 'Upgrade to a WebSocket\n']
          : [404, 'Not found\n'];
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(text);
  });
  const attached = attachMock(httpServer, options, true);
  const host = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? DEFAULT_PORT, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await attached.close();
    throw error;
  });
  const { port } = httpServer.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `ws://${urlHost}:${port}${WS_PATH}`,
    port,
    backend: attached.backend,
    async close() {
      await attached.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/**
 * Serves the mock backend at `/ws` on an existing HTTP server. Upgrades to other paths are
 * left alone, because Vite's HMR WebSocket shares the server.
 */
export function attachMockServer(
  httpServer: Server,
  options: MockServerOptions = {},
): AttachedMockServer {
  return attachMock(httpServer, options, false);
}

function attachMock(
  httpServer: Server,
  options: MockServerOptions,
  ownsServer: boolean,
): AttachedMockServer {
  const log = createLogger(options.log ?? stderrSink);
  const faults =
    typeof options.faults === 'string' ? parseFaultSpec(options.faults) : (options.faults ?? {});
  const snapshot = options.dataFile ? loadSnapshot(options.dataFile) : undefined;
  let writer: SnapshotWriter | undefined;
  const backend = new MockBackend({
    now: options.now ?? Date.now,
    paceMs: options.paceMs ?? DEFAULT_PACE_MS,
    deltaChars: options.deltaChars ?? DEFAULT_DELTA_CHARS,
    ttlSeconds: options.ttlSeconds ?? DEFAULT_TTL_SECONDS,
    faults,
    log,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    idleTimeoutMs: options.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
    maxConnectionMs: options.maxConnectionMs ?? MAX_CONNECTION_MS,
    maxSessionsPerUser: options.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER,
    messagesPerMinute: options.messagesPerMinute ?? DEFAULT_MESSAGES_PER_MINUTE,
    onStoreChange: () => writer?.schedule(),
  });
  if (snapshot) backend.store.load(snapshot);
  if (options.dataFile) {
    writer = new SnapshotWriter(options.dataFile, () => backend.store.toSnapshot(), log);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    // Invalid UTF-8 must be answered with BAD_REQUEST, not a 1007 close.
    skipUTF8Validation: true,
    perMessageDeflate: false,
  });
  // Refused after the handshake rather than with an HTTP status: a failed handshake reaches
  // the client as 1006, which it retries, while a 1008 close stops it and shows the reason.
  const connectionsByAddress = new Map<string, number>();
  const maxPerAddress = options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
  const admit = (req: IncomingMessage): string | undefined => {
    const address = remoteAddress(req);
    const origin = req.headers.origin;
    if (!originAllowed(origin, options.allowedOrigins, options.ownOrigins?.() ?? [])) {
      log.warn(`refused ${address}: origin ${origin ?? ''} is not allowed`);
      return ORIGIN_REFUSED;
    }
    const open = connectionsByAddress.get(address) ?? 0;
    if (open >= maxPerAddress) {
      log.warn(`refused ${address}: already ${open} connections from it`);
      return TOO_MANY_CONNECTIONS;
    }
    connectionsByAddress.set(address, open + 1);
    req.socket.once('close', () => {
      const left = (connectionsByAddress.get(address) ?? 1) - 1;
      if (left > 0) connectionsByAddress.set(address, left);
      else connectionsByAddress.delete(address);
    });
    return undefined;
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = requestTarget(req);
    if (target?.pathname !== WS_PATH) {
      if (ownsServer) {
        // Node removes its own error listener before 'upgrade'; a reset must not crash us.
        socket.on('error', () => socket.destroy());
        const status = target ? '404 Not Found' : '400 Bad Request';
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      }
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const refusal = admit(req);
      if (refusal) {
        ws.on('error', () => ws.terminate());
        ws.close(POLICY_VIOLATION, refusal);
        return;
      }
      accept(ws, target, backend, log);
    });
  };
  httpServer.on('upgrade', onUpgrade);

  let closing: Promise<void> | undefined;
  return {
    backend,
    close() {
      closing ??= (async () => {
        httpServer.off('upgrade', onUpgrade);
        backend.shutdown();
        await closeClients(wss);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await writer?.flush();
      })();
      return closing;
    },
  };
}

/** The client's IP address; an IPv4 client on a dual-stack socket counts as its IPv4 self. */
function remoteAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** The request's path and query; undefined for a target that is not a URL path ("//"). */
function requestTarget(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

function accept(ws: WebSocket, target: URL, backend: MockBackend, log: Logger): void {
  ws.on('error', (error) => log.warn(`socket error: ${error.message}`));
  const query = target.searchParams;
  const userId = query.get('userId') ?? '';
  if (query.get('v') !== String(PROTOCOL_VERSION)) {
    ws.close(1008, `unsupported protocol version; use v=${PROTOCOL_VERSION}`);
    return;
  }
  if (!USER_ID_PATTERN.test(userId)) {
    ws.close(1008, 'missing or invalid userId');
    return;
  }
  const connection = backend.connect(userId, {
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    bufferedAmount: () => ws.bufferedAmount,
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) backend.receiveBinary(connection);
    else backend.receive(connection, textOf(data));
  });
  ws.on('close', () => backend.disconnect(connection));
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

async function closeClients(wss: WebSocketServer): Promise<void> {
  const clients = [...wss.clients];
  if (clients.length === 0) return;
  const closed = clients.map(
    (ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())),
  );
  for (const ws of clients) ws.close(1001, 'server shutting down');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
  await Promise.race([Promise.all(closed), grace]);
  clearTimeout(timer);
  for (const ws of clients) ws.terminate();
}
