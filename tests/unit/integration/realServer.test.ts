// The store and service against the project's real mock server over real sockets (`ws`).
// The server is killed (SIGKILL, a separate process) in the middle of a streamed reply and
// started again on the same port and data file. Real timers: the client's backoff (~1 s) is
// part of the test.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../../src/mock-server/transport/server';
import type { MockServerHandle } from '../../../src/mock-server/transport/server';
import type { ChatMessage, ServerFrame } from '../../../src/protocol/types';
import type { SocketLike } from '../../../src/services/WebSocketChatService';
import { createChatStore } from '../../../src/store/createChatStore';
import type { ChatStore } from '../../../src/store/createChatStore';
import { startChat } from '../../../src/store/startChat';
import type { UiMessage } from '../../../src/store/types';
import { FakeStorage } from '../../support/fakeStorage';
import { spawnMockServer } from '../../support/spawnMockServer';

const quiet = { warn: () => undefined, error: () => undefined };
let dir: string;
let server: MockServerHandle | null = null;
let processes: ChildProcess[] = [];
let stops: (() => void)[] = [];

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The mock server as its own process (so that it can really be killed); resolves its URL. */
async function spawnServer(port: number, dataFile: string): Promise<{ url: string; port: number }> {
  // Coarse deltas: a reply in a few frames, so the kill lands mid-reply without a long wait.
  const server = spawnMockServer([
    '--port',
    String(port),
    '--pace',
    '40',
    '--delta-chars',
    '80',
    '--data',
    dataFile,
  ]);
  processes.push(server.child);
  const url = await server.url;
  return { url, port: Number(new URL(url).port) };
}

function openPage(url: string, storage: FakeStorage, userId?: string): ChatStore {
  const store = createChatStore({ storage, logger: quiet });
  stops.push(
    startChat({
      url,
      userId,
      store,
      createSocket: (target) => new WebSocket(target) as unknown as SocketLike,
      onlineSource: null,
      random: () => 0, // the shortest backoff: 800 ms
      logger: quiet,
    }),
  );
  return store;
}

function transcript(store: ChatStore, sessionId: string): UiMessage[] {
  const state = store.getState();
  return (state.order[sessionId] ?? []).map((key) => state.messages[key]!);
}

/** What a fresh client is told about a session: its latest page. */
async function serverTranscript(url: string, userId: string, sessionId: string) {
  const socket = new WebSocket(`${url}?v=1&userId=${userId}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const opened = new Promise<ChatMessage[]>((resolve) =>
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if (frame.type === 'session_opened') resolve(frame.messages);
    }),
  );
  socket.send(JSON.stringify({ action: 'open_session', requestId: 'check', sessionId }));
  const messages = await opened;
  socket.close();
  return messages;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'finops-chat-'));
});

afterEach(async () => {
  for (const stop of stops) stop();
  stops = [];
  for (const child of processes) child.kill('SIGKILL');
  processes = [];
  await server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('against the real mock server', () => {
  it('answers exactly once when the server is killed mid-reply and restarted', async () => {
    const dataFile = join(dir, 'sessions.json');
    const { url, port } = await spawnServer(0, dataFile);
    const store = openPage(url, new FakeStorage());
    await waitFor('the session', () => store.getState().currentSessionId !== null);
    const sessionId = store.getState().currentSessionId!;

    expect(store.getState().sendMessage('What did EC2 cost last month?')).toBe(true);
    const clientMessageId = store.getState().outbox[0]!;
    await waitFor('a streamed part of the reply', () =>
      transcript(store, sessionId).some((m) => m.streaming && m.content.length > 0),
    );
    await waitFor('the question on disk', () => {
      try {
        return readFileSync(dataFile, 'utf8').includes(clientMessageId);
      } catch {
        return false;
      }
    });
    expect(store.getState().messages[clientMessageId]?.deliveryStatus).toBe('sent');

    processes[0]!.kill('SIGKILL'); // mid-reply: the rest of it dies with the process
    await waitFor('the client to notice', () => store.getState().connection.kind !== 'open');
    expect(store.getState().connection).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    expect(store.getState().typing[sessionId]).toBeUndefined();

    await spawnServer(port, dataFile);
    await waitFor(
      'the answer after the restart',
      () => store.getState().outbox.length === 0,
      20_000,
    );

    const state = store.getState();
    expect(state.connection).toEqual({ kind: 'open' });
    expect(state.currentSessionId).toBe(sessionId);
    const shown = transcript(store, sessionId);
    expect(shown.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(shown[0]).toMatchObject({ clientMessageId, deliveryStatus: 'answered' });
    expect(shown[1]?.streaming).toBeUndefined();
    expect(shown[1]?.replyTo).toBe(shown[0]?.messageId);
    expect(state.notices).toEqual([]);

    const stored = await serverTranscript(url, state.userId, sessionId);
    expect(stored.map((m) => [m.messageId, m.role, m.content])).toEqual(
      shown.map((m) => [m.messageId, m.role, m.content]),
    );
  }, 30_000);

  it('re-sends a message written just before a reload, and shows it once', async () => {
    server = await startMockServer({ port: 0, paceMs: 5, deltaChars: 80, log: () => undefined });
    const storage = new FakeStorage();
    const first = openPage(server.url, storage);
    await waitFor('the session', () => first.getState().currentSessionId !== null);
    const sessionId = first.getState().currentSessionId!;
    first.getState().sendMessage('Show my S3 costs');
    // The page goes away at once: maybe before the frame left, maybe after it was stored.
    stops.pop()!();

    const second = openPage(server.url, storage);
    await waitFor('the answer after the reload', () => {
      const s = second.getState();
      return s.outbox.length === 0 && (s.order[sessionId]?.length ?? 0) === 2;
    });
    const shown = transcript(second, sessionId);
    expect(shown.map((m) => [m.role, m.deliveryStatus])).toEqual([
      ['user', 'answered'],
      ['assistant', undefined],
    ]);
    const stored = await serverTranscript(server.url, second.getState().userId, sessionId);
    expect(stored.map((m) => m.messageId)).toEqual(shown.map((m) => m.messageId));
  }, 30_000);

  it('shows a 1008 close with its reason and does not retry', async () => {
    server = await startMockServer({ port: 0, log: () => undefined });
    const store = openPage(server.url, new FakeStorage(), 'not a valid id!');
    await waitFor('the 1008 close', () => store.getState().connection.kind === 'closed_by_server');
    expect(store.getState().connection).toEqual({
      kind: 'closed_by_server',
      code: 1008,
      reason: 'missing or invalid userId',
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(store.getState().connection.kind).toBe('closed_by_server');
  }, 10_000);
});
