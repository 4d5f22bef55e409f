import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnedMockServer {
  child: ChildProcess;
  /** The server's ws:// URL, once it says it is listening. */
  url: Promise<string>;
  /** The last few KiB the server wrote to stderr, for error messages. */
  stderr(): string;
}

/**
 * The mock server CLI as a process of its own: it does not share the caller's event loop,
 * and it can really be killed. `args` are CLI options, e.g. ['--port', '0'].
 */
export function spawnMockServer(args: string[]): SpawnedMockServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/mock-server/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /ws:\/\/[^\s/]+\/ws/.exec(stdout);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`mock server exited (${code}): ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}
