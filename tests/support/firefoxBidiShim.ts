/**
 * Runs Firefox for Playwright's WebDriver BiDi client and stands between the two, to answer
 * the few commands this Firefox does not know yet. Started by tests/support/firefox.ts as
 * Playwright's `executablePath` (through a small shell script):
 *
 *   node --import tsx tests/support/firefoxBidiShim.ts /usr/bin/firefox-esr <Firefox's args>
 *
 * It starts Firefox with the arguments Playwright chose, relays every BiDi frame both ways,
 * and prints its own "WebDriver BiDi listening on" line, the one Playwright waits for.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

// NOTE: Playwright 1.65 sends `emulation.setMediaFeaturesOverride` for every new context
// (prefers-color-scheme), and firefox-esr 153's remote agent has no such command
// (chrome/remote/content/webdriver-bidi/modules/root/emulation.sys.mjs in its omni.ja), so
// browser.newContext() fails with "unknown command". Answered here as done: the tests that
// use this Firefox do not emulate a colour scheme.
const ANSWERED_HERE = new Set(['emulation.setMediaFeaturesOverride']);
const LISTENING = /WebDriver BiDi listening on (ws:\/\/\S+)/;

const [firefoxPath, ...firefoxArgs] = process.argv.slice(2);
if (!firefoxPath) {
  process.stderr.write('usage: firefoxBidiShim.ts <firefox binary> [firefox args]\n');
  process.exit(2);
}

const firefox = spawn(firefoxPath, firefoxArgs, { stdio: ['ignore', 'inherit', 'pipe'] });
const relay = new WebSocketServer({ host: '127.0.0.1', port: 0 });
let upstreamBase: string | undefined;

// Firefox's own log goes on to Playwright (its launch errors quote it), except the line that
// names Firefox's port: Playwright must connect here instead.
createInterface({ input: firefox.stderr! }).on('line', (line) => {
  const match = LISTENING.exec(line);
  if (!match) {
    process.stderr.write(`${line}\n`);
    return;
  }
  upstreamBase = match[1]!;
  const announce = () => {
    const { port } = relay.address() as AddressInfo;
    process.stderr.write(`WebDriver BiDi listening on ws://127.0.0.1:${port}\n`);
  };
  if (relay.address()) announce();
  else relay.once('listening', announce);
});

relay.on('connection', (client, request) => {
  const upstream = new WebSocket(`${upstreamBase}${request.url ?? ''}`);
  const pending: string[] = [];
  client.on('message', (data: RawData) => {
    const text = data.toString();
    const command = parseCommand(text);
    if (command && ANSWERED_HERE.has(command.method)) {
      client.send(JSON.stringify({ type: 'success', id: command.id, result: {} }));
    } else if (upstream.readyState === WebSocket.OPEN) {
      upstream.send(text);
    } else {
      pending.push(text);
    }
  });
  upstream.on('open', () => {
    for (const text of pending.splice(0)) upstream.send(text);
  });
  upstream.on('message', (data: RawData) => client.send(data.toString()));
  upstream.on('close', () => client.close());
  upstream.on('error', () => client.terminate());
  client.on('close', () => upstream.close());
  client.on('error', () => upstream.terminate());
});

firefox.on('exit', (code, signal) => {
  relay.close();
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => firefox.kill(signal));
}

function parseCommand(text: string): { id: number; method: string } | undefined {
  try {
    const frame = JSON.parse(text) as { id?: unknown; method?: unknown };
    return typeof frame.id === 'number' && typeof frame.method === 'string'
      ? { id: frame.id, method: frame.method }
      : undefined;
  } catch {
    return undefined;
  }
}
