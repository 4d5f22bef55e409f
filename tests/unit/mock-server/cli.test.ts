import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/mock-server/cliArgs';
import { optionsFromEnv } from '../../../src/mock-server/transport/options';
import { TestClient } from './harness';

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/mock-server/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('cli arguments', () => {
  it('parses every option, in both --flag value and --flag=value forms', () => {
    expect(
      parseArgs([
        '--port',
        '0',
        '--host=::1',
        '--pace',
        '5',
        '--delta-chars=80',
        '--ttl=60',
        '--data',
        'x.json',
        '--faults',
        'dup-delta',
      ]),
    ).toEqual({
      port: 0,
      host: '::1',
      paceMs: 5,
      deltaChars: 80,
      ttlSeconds: 60,
      dataFile: 'x.json',
      faults: { duplicateDelta: 1 },
    });
    expect(parseArgs(['--help'])).toBe('help');
    expect(() => parseArgs(['--pace', '-1'])).toThrow(/--pace/);
    expect(() => parseArgs(['--ttl', '0'])).toThrow(/--ttl/);
    expect(() => parseArgs(['--delta-chars', '0'])).toThrow(/--delta-chars/);
    expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown option/);
  });

  it('reads the Vite plugin options from MOCK_* variables', () => {
    expect(
      optionsFromEnv({
        MOCK_PACE_MS: '0',
        MOCK_DELTA_CHARS: '80',
        MOCK_TTL_SECONDS: '120',
        MOCK_DATA_FILE: 'd.json',
        MOCK_FAULTS: 'latency=5',
      }),
    ).toEqual({
      paceMs: 0,
      deltaChars: 80,
      ttlSeconds: 120,
      dataFile: 'd.json',
      faults: 'latency=5',
    });
    expect(optionsFromEnv({})).toEqual({});
    expect(() => optionsFromEnv({ MOCK_PACE_MS: 'fast' })).toThrow(/MOCK_PACE_MS/);
  });
});

describe('npm run mock-server', () => {
  it('prints its URL, serves the protocol and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--pace', '0']);
    let url = '';
    while (!url) {
      await once(cli.child.stdout, 'data');
      url = /ws:\/\/127\.0\.0\.1:\d+\/ws/.exec(cli.output().stdout)?.[0] ?? '';
    }
    const client = await TestClient.forUser({ url });
    expect((await client.request({ action: 'ping' })).type).toBe('pong');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect((await client.closed).code).toBe(1001);
  }, 20_000);

  it('--help lists every option and the fault grammar', async () => {
    const cli = runCli(['--help']);
    expect(await cli.exited).toBe(0);
    const { stdout } = cli.output();
    for (const option of [
      '--port',
      '--host',
      '--pace',
      '--delta-chars',
      '--ttl',
      '--data',
      '--faults',
      '--allowed-origins',
      '--max-connections-per-address',
      '--max-sessions-per-user',
      '--messages-per-minute',
      'drop-after=',
      'close=',
      'latency=',
      'dup-delta',
      'drop-delta',
      'storage-down',
      'rate-limit=',
      'agent-fail',
    ]) {
      expect(stdout).toContain(option);
    }
  }, 20_000);

  it('exits with status 2 and a message on a bad fault spec', async () => {
    const cli = runCli(['--faults', 'explode']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(/--faults: unknown fault "explode"/);
  }, 20_000);
});
