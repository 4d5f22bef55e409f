/**
 * Client-side cost of a streamed answer: how long the service and store take to apply one
 * `assistant_delta`, with an empty transcript and with a long one loaded, and how many
 * storage writes one answer causes.
 *
 *   npm run bench:client -- [--deltas 2000] [--history 2000] [--rounds 5]
 *
 * Drives the real WebSocketChatService and store through a socket whose frames the bench
 * delivers itself, so the figures are the client's alone (no network, no server).
 */
import { performance } from 'node:perf_hooks';
import type { SocketLike } from '../src/services/WebSocketChatService';
import { createChatStore, type ChatStore } from '../src/store/createChatStore';
import { startChat } from '../src/store/startChat';
import type { ChatMessage } from '../src/protocol/types';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg, i, all) => [arg, all[i + 1]] as const)
    .filter(([arg]) => arg.startsWith('--')),
);
const DELTAS = Number(args['--deltas'] ?? 2000);
const HISTORY = Number(args['--history'] ?? 2000);
const ROUNDS = Number(args['--rounds'] ?? 5);
const SESSION = 's-bench';
const PREFERENCES = { currency: 'USD', timeRange: '30d', detailLevel: 'standard' } as const;

class BenchSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  deliver(frame: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify({ timestamp: new Date().toISOString(), ...frame }) });
  }
  lastSent(action: string) {
    return [...this.sent].reverse().find((f) => f.action === action);
  }
}

function historyMessages(count: number): ChatMessage[] {
  const base = Date.parse('2026-11-20T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => ({
    messageId: `h-${String(i).padStart(6, '0')}`,
    sessionId: SESSION,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: i % 2 === 0 ? `Question ${i}` : `| Service | Cost |\n|---|---|\n| EC2 | $${i}.00 |`,
    timestamp: new Date(base + i * 1000).toISOString(),
  }));
}

function countingStorage() {
  const data = new Map<string, string>();
  const storage = {
    writes: 0,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => {
      storage.writes++;
      data.set(key, value);
    },
    removeItem: (key: string) => void data.delete(key),
  };
  return storage;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** One streamed answer of DELTAS deltas into a store holding `history` messages. */
function run(history: number) {
  const storage = countingStorage();
  const store: ChatStore = createChatStore({ storage, logger: { warn() {}, error() {} } });
  const socket = new BenchSocket();
  const stop = startChat({
    url: 'ws://bench.invalid/ws',
    store,
    createSocket: () => socket,
    onlineSource: null,
    logger: { warn() {}, error() {} },
  });
  socket.readyState = 1;
  socket.onopen?.({});
  const open = socket.lastSent('open_session')!;
  socket.deliver({
    type: 'session_opened',
    requestId: open.requestId,
    sessionId: SESSION,
    created: false,
    session: {
      sessionId: SESSION,
      title: 'Bench',
      createdAt: '2026-11-20T00:00:00.000Z',
      lastActivityAt: '2026-11-20T00:00:00.000Z',
      expiresAt: '2026-11-27T00:00:00.000Z',
      messageCount: history,
    },
    messages: historyMessages(history),
    hasMore: false,
    preferences: PREFERENCES,
  });

  store.getState().sendMessage('Stream me a long answer');
  const chat = socket.lastSent('chat_message')!;
  socket.deliver({
    type: 'message_ack',
    requestId: chat.requestId,
    sessionId: SESSION,
    clientMessageId: chat.clientMessageId,
    messageId: 'q-1',
    stored: true,
  });
  const writesBefore = storage.writes;
  const perDelta: number[] = [];
  let content = '';
  for (let seq = 0; seq < DELTAS; seq++) {
    const delta = `word${seq} `;
    content += delta;
    const start = performance.now();
    socket.deliver({
      type: 'assistant_delta',
      sessionId: SESSION,
      messageId: 'a-1',
      replyTo: 'q-1',
      seq,
      delta,
    });
    perDelta.push(performance.now() - start);
  }
  const start = performance.now();
  socket.deliver({
    type: 'assistant_message',
    sessionId: SESSION,
    stored: true,
    message: {
      messageId: 'a-1',
      sessionId: SESSION,
      role: 'assistant',
      content,
      timestamp: new Date().toISOString(),
      replyTo: 'q-1',
    },
  });
  const finalMs = performance.now() - start;
  const shown = store.getState().messages['a-1']?.content;
  if (shown !== content) throw new Error('the answer shown is not the answer sent');
  stop();
  return { perDelta, finalMs, writes: storage.writes - writesBefore };
}

function measure(history: number) {
  const medians: number[] = [];
  const p99s: number[] = [];
  const finals: number[] = [];
  let writes = 0;
  run(history); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const result = run(history);
    medians.push(median(result.perDelta));
    p99s.push(percentile(result.perDelta, 0.99));
    finals.push(result.finalMs);
    writes = Math.max(writes, result.writes);
  }
  return { median: median(medians), p99: median(p99s), final: median(finals), writes };
}

const empty = measure(0);
const loaded = measure(HISTORY);
const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`client streaming bench: ${DELTAS} deltas per answer, median of ${ROUNDS} rounds`);
console.log(
  `  transcript of 0 messages:    per delta median ${fmt(empty.median)}, p99 ${fmt(empty.p99)}; final message ${fmt(empty.final)}; storage writes during the answer ${empty.writes}`,
);
console.log(
  `  transcript of ${HISTORY} messages: per delta median ${fmt(loaded.median)}, p99 ${fmt(loaded.p99)}; final message ${fmt(loaded.final)}; storage writes during the answer ${loaded.writes}`,
);
console.log(
  `  ratio of per-delta medians (loaded / empty): ${(loaded.median / empty.median).toFixed(2)}`,
);
