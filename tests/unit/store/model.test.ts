// Model-based test: random schedules of user sends, frame deliveries, losses, duplicates
// (server to client: a WebSocket over TCP never duplicates a client frame; the client's own
// re-sends are what the server sees twice),
// connection drops at any frame, server restarts, page reloads (with a pagehide, or a crash
// that loses the writes still coalescing), agents failing mid-reply, outages of the requests
// other than chat messages, and time passing, against the real store + service on a fake
// clock and a step-by-step fake network. Questions are sent whenever the schedule says, also
// while an answer streams. At every step no connection carries a message more than 3 times
// per round (until the user retries it by hand). After the network heals, what the user sent
// must have reached the assistant exactly once, in order, and the transcript must equal the
// server's, in turn order: each answer directly under its question.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChatStore } from '../../../src/store/createChatStore';
import type { ChatStore } from '../../../src/store/createChatStore';
import { startChat } from '../../../src/store/startChat';
import { shownText } from '../../../src/store/transcript';
import { FakeClock } from '../../support/fakeClock';
import { FakeSocket } from '../../support/fakeNetwork';
import { ModelServer } from '../../support/fakeProtocolServer';
import { FakeStorage } from '../../support/fakeStorage';

const NUM_RUNS = Number(process.env.MODEL_RUNS ?? 1000);
const MAX_SENDS_PER_RUN = 6;

class World {
  readonly clock = new FakeClock();
  storage = new FakeStorage();
  readonly server = new ModelServer(this.clock);
  readonly sockets: FakeSocket[] = [];
  readonly sent: string[] = [];
  readonly everFailed = new Set<string>();
  readonly errors: unknown[] = [];
  store!: ChatStore;
  private stopPage: (() => void) | null = null;
  private ids = 0;
  log: string[] = [];

  constructor() {
    this.boot();
  }

  /** Opens the page: a new store rehydrated from storage, a new service, connect. */
  boot(): void {
    const logger = {
      warn: () => undefined,
      error: (...args: unknown[]) => this.errors.push(args),
    };
    this.store = createChatStore({
      storage: this.storage,
      newId: () => `c${++this.ids}`,
      logger,
      clock: this.clock,
    });
    const store = this.store;
    store.subscribe((state) => {
      for (const key of state.outbox) {
        const message = state.messages[key];
        if (message?.deliveryStatus === 'failed') this.everFailed.add(message.content);
      }
    });
    this.stopPage = startChat({
      url: 'ws://model.test/ws',
      userId: 'u-model',
      store,
      clock: this.clock,
      random: () => 0.5,
      onlineSource: null,
      logger,
      createSocket: (url) => {
        const socket = new FakeSocket(url, this.server);
        this.sockets.push(socket);
        return socket;
      },
    });
  }

  /** The user's Retry: a new round of sends for the failed messages. */
  retryAllFailed(): void {
    const { outbox, messages } = this.store.getState();
    this.server.newRound(
      outbox.filter((key) => messages[key]?.deliveryStatus === 'failed'),
      this.sockets,
    );
    this.store.getState().retryAllFailed();
  }

  reload(): void {
    this.stopPage?.();
    this.boot();
  }

  /** The page dies with no pagehide: the next one reads what storage held at that moment. */
  crash(): void {
    const storage = this.storage.snapshot();
    this.stopPage?.(); // its last write goes to the storage the dead page leaves behind
    this.storage = storage;
    this.boot();
  }

  get live(): FakeSocket | undefined {
    return this.sockets.filter((s) => s.readyState <= 1).at(-1);
  }

  connect(): boolean {
    const socket = this.sockets.find((s) => s.readyState === 0);
    if (!socket) return false;
    if (this.server.up) socket.open();
    else socket.failToConnect();
    return true;
  }

  deliverToServer(): boolean {
    return this.sockets.some(
      (s) => s.readyState === 1 && s.toServer.length > 0 && s.deliverToServer(),
    );
  }

  deliverToClient(): boolean {
    return this.sockets.some(
      (s) => s.readyState === 1 && s.toClient.length > 0 && s.deliverToClient(),
    );
  }

  get quietNetwork(): boolean {
    return this.sockets.every(
      (s) => s.readyState !== 1 || (s.toServer.length === 0 && s.toClient.length === 0),
    );
  }

  /** No faults from here on: let everything finish the way a user on a good network would. */
  heal(): void {
    this.server.up = true;
    this.server.rateLimitNext = 0;
    this.server.agentFailNext = 0;
    this.server.outageNext = 0;
    for (let step = 0; step < 20_000; step++) {
      const state = this.store.getState();
      if (this.connect()) continue;
      if (this.deliverToServer()) continue;
      if (this.deliverToClient()) {
        checkStreamedText(this); // replies stream here, frame by frame
        continue;
      }
      if (this.server.tick(0)) continue;
      if (state.outbox.some((k) => state.messages[k]?.deliveryStatus === 'failed')) {
        this.retryAllFailed();
        continue;
      }
      const kind = state.connection.kind;
      if (kind === 'offline' || kind === 'closed_by_server') {
        state.reconnect();
        continue;
      }
      const current = state.currentSessionId;
      const history = current ? state.history[current] : undefined;
      if (kind === 'open' && history?.hasMore && !history.loading) {
        state.loadOlder();
        // Nothing goes out before the session is open again (e.g. a lost open_session).
        if (this.store.getState().history[current!]?.loading) continue;
      }
      const settled =
        kind === 'open' &&
        current !== null &&
        state.outbox.length === 0 &&
        history !== undefined &&
        !history.hasMore &&
        this.quietNetwork &&
        Object.values(state.messages).every((m) => !m.streaming);
      if (settled) return;
      if (!this.clock.runNext()) throw new Error('stuck: nothing to do and no timer');
    }
    throw new Error('did not settle');
  }
}

type Model = { sends: number };
type Command = fc.Command<Model, World>;

const registry = new Map<string, (world: World) => void>();

function command(
  name: string,
  run: (world: World) => void,
  check: (m: Model) => boolean = () => true,
): Command {
  registry.set(name, run);
  return {
    check,
    run: (model, world) => {
      world.log.push(name);
      run(world);
      if (name.startsWith('send')) model.sends += 1;
      checkAlways(world);
    },
    toString: () => name,
  };
}

const send = fc.constant(
  command(
    'send',
    (w) => {
      const text = `q${w.sent.length + 1}`;
      if (w.store.getState().sendMessage(text)) w.sent.push(text);
    },
    (m) => m.sends < MAX_SENDS_PER_RUN,
  ),
);

const commands = [
  send,
  send,
  send,
  send,
  fc.constant(command('connect', (w) => void w.connect())),
  fc.constant(command('toServer', (w) => void w.deliverToServer())),
  fc.constant(command('toServer', (w) => void w.deliverToServer())),
  fc.constant(command('toClient', (w) => void w.deliverToClient())),
  fc.constant(command('toClient', (w) => void w.deliverToClient())),
  fc.constant(command('toClient', (w) => void w.deliverToClient())),
  fc.nat(3).map((i) => command(`tick(${i})`, (w) => void w.server.tick(i))),
  fc.nat(3).map((i) => command(`tick(${i})`, (w) => void w.server.tick(i))),
  fc
    .constantFrom(50, 1_000, 4_000, 10_001, 30_001, 5 * 60_000 + 1)
    .map((ms) => command(`advance(${ms})`, (w) => w.clock.advance(ms))),
  fc
    .constantFrom(1006, 1001, 1000, 1011)
    .map((code) => command(`drop(${code})`, (w) => w.live?.drop(code))),
  fc.constant(
    command('flush', (w) => {
      while (w.connect() || w.deliverToServer() || w.deliverToClient()) {
        // a quiet stretch of good network
      }
    }),
  ),
  fc.constant(
    command('finishReply', (w) => {
      while (w.server.tick(0)) while (w.deliverToClient());
    }),
  ),
  fc.constant(command('loseToServer', (w) => void w.live?.toServer.shift())),
  fc.constant(command('loseToClient', (w) => void w.live?.toClient.shift())),
  fc.constant(
    command('loseAck', (w) => {
      const queue = w.live?.toClient ?? [];
      const index = queue.findIndex((frame) => frame.includes('"message_ack"'));
      if (index >= 0) queue.splice(index, 1);
    }),
  ),
  fc.constant(
    command('duplicateToClient', (w) => {
      const head = w.live?.toClient[0];
      if (head !== undefined) w.live!.toClient.unshift(head);
    }),
  ),
  fc.constant(command('serverRestart', (w) => w.server.restart())),
  fc.constant(command('serverDown', (w) => (w.server.up = false))),
  fc.constant(command('serverUp', (w) => (w.server.up = true))),
  fc.constant(command('reload', (w) => w.reload())),
  fc.constant(command('crash', (w) => w.crash())),
  fc.constant(command('retryFailed', (w) => w.retryAllFailed())),
  fc.constant(command('rateLimitNext', (w) => (w.server.rateLimitNext += 1))),
  fc.constant(command('agentFailNext', (w) => (w.server.agentFailNext += 1))),
  fc.constant(command('agentFailNext', (w) => (w.server.agentFailNext += 3))),
  fc.constant(command('outageNext', (w) => (w.server.outageNext += 2))),
];

/** What must hold after every step, faults or not. */
function checkAlways(world: World): void {
  expect(world.server.mostSends()).toBeLessThanOrEqual(3);
  const { order, messages, streamingText } = world.store.getState();
  const questions = new Map(
    [...world.server.sessions.values()].flat().map((m) => [m.messageId, m.content]),
  );
  const userTexts: string[] = [];
  for (const keys of Object.values(order)) {
    for (const key of keys) {
      const message = messages[key];
      expect(message?.key).toBe(key);
      if (message?.role === 'user') userTexts.push(message.content);
      if (message?.role === 'assistant') {
        // A delta is never rendered twice or out of order: the text is a prefix of the answer.
        const question = questions.get(message.replyTo ?? '');
        const shown = shownText(message, streamingText);
        expect(`Answer to ${question}.`.startsWith(shown)).toBe(true);
      }
    }
  }
  expect(new Set(userTexts).size).toBe(userTexts.length);
}

/** A delta is never rendered twice or out of order: a reply's text so far is a prefix of it. */
function checkStreamedText(world: World): void {
  const { messages, streamingText } = world.store.getState();
  for (const key of Object.keys(streamingText)) {
    const message = messages[key];
    if (!message?.streaming) continue;
    const question = world.server.sessions
      .get(message.sessionId)
      ?.find((m) => m.messageId === message.replyTo);
    expect(`Answer to ${question?.content}.`.startsWith(shownText(message, streamingText))).toBe(
      true,
    );
  }
}

function checkInvariants(world: World): void {
  const state = world.store.getState();
  const sessionId = state.currentSessionId!;
  const serverTranscript = world.server.transcript(sessionId);

  // Every message the user sent is stored exactly once, across all sessions, in this one.
  const everywhere = [...world.server.sessions.values()].flat().filter((m) => m.role === 'user');
  expect(everywhere.map((m) => m.content).sort()).toEqual([...world.sent].sort());
  const questions = serverTranscript.filter((m) => m.role === 'user');
  expect(questions).toHaveLength(world.sent.length);

  // In the order sent (a message that failed and was retried by hand may come later).
  const inOrder = (texts: string[]) => texts.filter((t) => !world.everFailed.has(t));
  expect(inOrder(questions.map((m) => m.content))).toEqual(inOrder(world.sent));

  // Each has exactly one answer.
  for (const question of questions) {
    expect(serverTranscript.filter((m) => m.replyTo === question.messageId)).toHaveLength(1);
  }

  // The transcript the user sees is the server's, nothing more, nothing less.
  const shown = (state.order[sessionId] ?? []).map((key) => {
    const m = state.messages[key]!;
    return `${m.messageId}|${m.role}|${m.content}`;
  });
  expect(shown).toEqual(serverTranscript.map((m) => `${m.messageId}|${m.role}|${m.content}`));

  // Nothing left queued or sending; every question acknowledged and answered.
  expect(state.outbox).toEqual([]);
  for (const key of state.order[sessionId] ?? []) {
    const m = state.messages[key]!;
    if (m.role === 'user') expect(m.deliveryStatus).toBe('answered');
    expect(m.streaming).toBeFalsy();
  }
  expect(state.order['']?.length ?? 0).toBe(0);
  expect(world.errors).toEqual([]);
}

describe('model: exactly once, in order, whatever the network does', () => {
  it.runIf(process.env.MODEL_SCRIPT)('replays a counterexample (MODEL_SCRIPT=send,flush,…)', () => {
    const world = new World();
    for (const name of process.env.MODEL_SCRIPT!.split(',')) {
      const [, base, arg] = /^(\w+)(?:\((\d+)\))?$/.exec(name)!;
      if (base === 'advance') world.clock.advance(Number(arg));
      else if (base === 'drop') world.live?.drop(Number(arg));
      else if (base === 'tick') world.server.tick(Number(arg));
      else registry.get(base!)!(world);
      world.log.push(name);
      checkAlways(world);
    }
    world.heal();
    checkInvariants(world);
  });

  it(`holds over ${NUM_RUNS} random schedules`, () => {
    const started = performance.now();
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: 'max' }), (cmds) => {
        const world = new World();
        fc.modelRun(() => ({ model: { sends: 0 }, real: world }), cmds);
        world.heal();
        checkInvariants(world);
        // And once more after a reload of the settled page: nothing re-sent, nothing doubled.
        const before = world.server.transcript(world.store.getState().currentSessionId!).length;
        world.reload();
        world.heal();
        checkInvariants(world);
        expect(world.server.transcript(world.store.getState().currentSessionId!)).toHaveLength(
          before,
        );
      }),
      {
        numRuns: NUM_RUNS,
        ...(process.env.MODEL_SEED
          ? {
              seed: Number(process.env.MODEL_SEED),
              path: process.env.MODEL_PATH,
              endOnFailure: true,
            }
          : {}),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(`model test: ${NUM_RUNS} schedules in ${seconds.toFixed(1)} s`);
  }, 120_000);
});
