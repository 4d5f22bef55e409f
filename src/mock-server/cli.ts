import { HELP, parseArgs } from './cliArgs';
import { FaultSpecError } from './backend/faults';
import type { MockServerOptions } from './transport/options';
import { startMockServer } from './transport/server';

async function main(): Promise<void> {
  let options: MockServerOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    const prefix = error instanceof FaultSpecError ? '--faults: ' : '';
    process.stderr.write(`${prefix}${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const server = await startMockServer(options);
  process.stdout.write(`Mock backend listening on ${server.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[mock-server] ${signal}: shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[mock-server] shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`[mock-server] ${(error as Error).message ?? String(error)}\n`);
  process.exitCode = 1;
});
