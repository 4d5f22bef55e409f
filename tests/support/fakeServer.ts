// A scriptable server on mock-socket: records what the client sent (parsed) and lets a test
// answer with protocol frames, garbage, or closes with any code.
import { WebSocket as MockWebSocket, Server } from 'mock-socket';
import type { Client } from 'mock-socket';
import type {
  ChatMessage,
  ClientFrame,
  OutgoingServerFrame,
  SessionInfo,
} from '../../src/protocol/types';
import { DEFAULT_PREFERENCES } from '../../src/protocol/preferences';

export const TEST_URL = 'ws://chat.test/ws';

export class FakeServer {
  readonly server: Server;
  readonly received: ClientFrame[] = [];
  readonly urls: string[] = [];
  readonly connections: Client[] = [];
  now = Date.parse('2026-11-21T10:00:00.000Z');

  constructor(url = TEST_URL) {
    this.server = new Server(url);
    this.server.on('connection', (socket) => {
      this.connections.push(socket);
      this.urls.push(socket.url);
      socket.on('message', (data) => {
        this.received.push(JSON.parse(String(data)) as ClientFrame);
      });
    });
  }

  get last(): Client {
    const socket = this.connections.at(-1);
    if (!socket) throw new Error('no connection yet');
    return socket;
  }

  timestamp(): string {
    this.now += 1;
    return new Date(this.now).toISOString();
  }

  send(frame: OutgoingServerFrame, socket: Client = this.last): void {
    socket.send(JSON.stringify({ ...frame, timestamp: this.timestamp() }));
  }

  sendRaw(data: string, socket: Client = this.last): void {
    socket.send(data);
  }

  close(code: number, reason = '', socket: Client = this.last): void {
    socket.close({ code, reason, wasClean: code === 1000 });
  }

  /** Frames the client sent with this action, in order. */
  sent<A extends ClientFrame['action']>(action: A): Extract<ClientFrame, { action: A }>[] {
    return this.received.filter(
      (f): f is Extract<ClientFrame, { action: A }> => f.action === action,
    );
  }

  stop(): void {
    this.server.stop();
  }
}

export function sessionInfo(sessionId: string, overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    sessionId,
    title: 'New chat',
    createdAt: '2026-11-21T09:00:00.000Z',
    lastActivityAt: '2026-11-21T09:00:00.000Z',
    expiresAt: '2026-11-28T09:00:00.000Z',
    messageCount: 0,
    ...overrides,
  };
}

export function sessionOpened(
  requestId: string,
  sessionId: string,
  extra: {
    messages?: ChatMessage[];
    hasMore?: boolean;
    previous?: { sessionId: string; reason: 'expired' | 'not_found' };
  } = {},
): OutgoingServerFrame {
  return {
    type: 'session_opened',
    requestId,
    sessionId,
    created: extra.previous !== undefined || !extra.messages?.length,
    ...(extra.previous ? { previous: extra.previous } : {}),
    session: sessionInfo(sessionId),
    messages: extra.messages ?? [],
    hasMore: extra.hasMore ?? false,
    preferences: DEFAULT_PREFERENCES,
  };
}

/** The service's socket factory over mock-socket (its types differ slightly from the DOM's). */
export function mockSocketFactory(url: string): WebSocket {
  return new MockWebSocket(url) as unknown as WebSocket;
}
