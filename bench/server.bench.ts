/**
 * Load test of the mock server: N concurrent clients, each holding a conversation.
 *
 *   npm run bench:server -- [--clients 1000] [--messages 3] [--pace 30] [--think 1000] [--timeout 120]
 *
 * Starts the server as a child process on a free loopback port, so that client and server
 * do not share an event loop, and stops it at the end. Bounded in clients, messages and
 * time: it always stops by itself.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ServerFrame } from '../src/protocol/types';
import { spawnMockServer } from '../tests/support/spawnMockServer';
import { seededRandom } from '../src/mock-server/backend/seededRandom';

interface BenchOptions {
  clients: number;
  messages: number;
  paceMs: number;
  thinkMs: number;
  timeoutS: number;
}

const LIMITS = { clients: 5000, messages: 20, timeoutS: 600 };
const CONNECT_BATCH = 100;
const ACK_TARGET_P99_MS = 50;
const QUESTIONS = [
  'Show cost by service',
  'What did EC2 cost last month?',
  'and last quarter?',
  'Forecast next month',
  'Are we on budget?',
  'Any rightsizing recommendations?',
  'Any cost anomalies?',
  'What is our Savings Plans coverage?',
];

function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    clients: 1000,
    messages: 3,
    paceMs: 30,
    thinkMs: 1000,
    timeoutS: 120,
  };
  const names: Record<string, keyof BenchOptions> = {
    '--clients': 'clients',
    '--messages': 'messages',
    '--pace': 'paceMs',
    '--think': 'thinkMs',
    '--timeout': 'timeoutS',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i]!];
    const value = Number(argv[++i]);
    if (!key || !Number.isInteger(value) || value < 0) {
      throw new Error(
        `usage: --clients N --messages N --pace MS --think MS --timeout S (got ${argv[i - 1]})`,
      );
    }
    options[key] = value;
  }
  options.clients = Math.min(Math.max(1, options.clients), LIMITS.clients);
  options.messages = Math.min(Math.max(1, options.messages), LIMITS.messages);
  options.timeoutS = Math.min(Math.max(1, options.timeoutS), LIMITS.timeoutS);
  return options;
}

function startServer(paceMs: number) {
  return spawnMockServer(['--port', '0', '--host', '127.0.0.1', '--pace', String(paceMs)]);
}

/** One simulated user: opens a session and asks `messages` questions, one after another. */
class Conversation {
  readonly ackMs: number[] = [];
  readonly finalMs: number[] = [];
  frames = 0;
  invalidFrames = 0;
  errors = 0;
  private ws!: WebSocket;
  private sessionId = '';
  private sentAt = 0;
  private asked = 0;
  private done!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.done = resolve));

  constructor(
    private readonly index: number,
    private readonly options: BenchOptions,
    private readonly random: () => number,
  ) {}

  connect(url: string): Promise<void> {
    this.ws = new WebSocket(`${url}?v=1&userId=bench-${this.index}`);
    this.ws.on('message', (data) => this.onFrame(String(data)));
    this.ws.on('close', () => this.done());
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Opens a session after a think time, as users arriving over a second would. */
  start(): void {
    setTimeout(
      () => {
        if (this.isOpen)
          this.ws.send(JSON.stringify({ action: 'open_session', requestId: `open-${this.index}` }));
      },
      Math.floor(this.random() * this.options.thinkMs),
    );
  }

  close(): void {
    this.ws.terminate();
  }

  // Plain JSON.parse, not the protocol's validating decoder: the client must stay cheap so
  // that what is measured is the server (frame validity is the unit tests' business).
  private onFrame(data: string): void {
    this.frames++;
    let frame: BenchFrame;
    try {
      frame = JSON.parse(data) as BenchFrame;
    } catch {
      this.invalidFrames++;
      return;
    }
    const now = performance.now();
    switch (frame.type) {
      case 'session_opened':
        this.sessionId = frame.sessionId ?? '';
        this.askLater();
        break;
      case 'message_ack':
        this.ackMs.push(now - this.sentAt);
        break;
      case 'assistant_message':
        this.finalMs.push(now - this.sentAt);
        if (this.asked < this.options.messages) this.askLater();
        else this.done();
        break;
      case 'error':
        this.errors++;
        break;
      default:
        break;
    }
  }

  // Users do not all type at the same instant: a random think time spreads the load.
  private askLater(): void {
    setTimeout(() => this.ask(), Math.floor(this.random() * this.options.thinkMs));
  }

  private ask(): void {
    if (!this.isOpen) return;
    const question = QUESTIONS[(this.index + this.asked) % QUESTIONS.length]!;
    this.asked++;
    this.sentAt = performance.now();
    this.ws.send(
      JSON.stringify({
        action: 'chat_message',
        requestId: `q-${this.index}-${this.asked}`,
        sessionId: this.sessionId,
        clientMessageId: `bench-${this.index}-${this.asked}`,
        content: question,
      }),
    );
  }
}

type BenchFrame = Pick<ServerFrame, 'type'> & { sessionId?: string };

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const server = startServer(options.paceMs);
  let timedOut = false;
  const conversations: Conversation[] = [];
  const deadline = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`bench: stopped by the ${options.timeoutS} s time limit\n`);
    for (const c of conversations) c.close();
  }, options.timeoutS * 1000);
  try {
    const url = await server.url;
    console.log(`server ${url}, pace ${options.paceMs} ms/delta`);
    const random = seededRandom(42);
    const connectStart = performance.now();
    for (let i = 0; i < options.clients; i += CONNECT_BATCH) {
      const batch = Array.from(
        { length: Math.min(CONNECT_BATCH, options.clients - i) },
        (_, j) => new Conversation(i + j, options, random),
      );
      await Promise.all(batch.map((c) => c.connect(url)));
      conversations.push(...batch);
    }
    const connectS = (performance.now() - connectStart) / 1000;
    console.log(`connected ${conversations.length} clients in ${connectS.toFixed(2)} s`);

    const start = performance.now();
    for (const c of conversations) c.start();
    await Promise.all(conversations.map((c) => c.finished));
    const seconds = (performance.now() - start) / 1000;
    const held = conversations.filter((c) => c.isOpen).length;
    clearTimeout(deadline);

    const acks = conversations.flatMap((c) => c.ackMs);
    const finals = conversations.flatMap((c) => c.finalMs);
    const frames = conversations.reduce((sum, c) => sum + c.frames, 0);
    const invalid = conversations.reduce((sum, c) => sum + c.invalidFrames, 0);
    const errors = conversations.reduce((sum, c) => sum + c.errors, 0);
    const fmt = (n: number) => `${n.toFixed(1)} ms`;
    const p99Ack = percentile(acks, 99);
    console.log(
      [
        `connections held:        ${held} / ${options.clients} (all open through the run: ${held === options.clients})`,
        `chat messages answered:  ${finals.length} of ${options.clients * options.messages} in ${seconds.toFixed(2)} s`,
        `messages per second:     ${(finals.length / seconds).toFixed(1)} (server frames: ${(frames / seconds).toFixed(0)}/s)`,
        `time to message_ack:     p50 ${fmt(percentile(acks, 50))}, p99 ${fmt(p99Ack)}`,
        `time to final answer:    p50 ${fmt(percentile(finals, 50))}, p99 ${fmt(percentile(finals, 99))}`,
        `errors / invalid frames: ${errors} / ${invalid}`,
        `target p99 ack < ${ACK_TARGET_P99_MS} ms:  ${p99Ack < ACK_TARGET_P99_MS ? 'met' : 'NOT met'}`,
      ].join('\n'),
    );
    if (timedOut || finals.length < options.clients * options.messages || invalid > 0)
      process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    for (const c of conversations) c.close();
    server.child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
