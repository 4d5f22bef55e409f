import { FAULT_GRAMMAR, parseFaultSpec } from './backend/faults';
import {
  DEFAULT_DELTA_CHARS,
  DEFAULT_HOST,
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_SESSIONS_PER_USER,
  DEFAULT_MESSAGES_PER_MINUTE,
  DEFAULT_PACE_MS,
  DEFAULT_PORT,
  DEFAULT_TTL_SECONDS,
  nonNegativeInteger,
  originList,
  positiveInteger,
  type MockServerOptions,
} from './transport/options';

export const HELP = `\
Usage: npm run mock-server -- [options]

Serves the FinOps chat protocol (shared/protocol.md) at ws://HOST:PORT/ws.

Options:
  --port <n>        TCP port, 0 for a free one (default ${DEFAULT_PORT})
  --host <addr>     interface to listen on (default ${DEFAULT_HOST})
  --pace <ms>       delay between streamed deltas, 0 for none (default ${DEFAULT_PACE_MS})
  --delta-chars <n> least characters per delta, in whole words (default ${DEFAULT_DELTA_CHARS}:
                    one word-sized token, as a model streams; 80 for coarse, fast replies)
  --ttl <seconds>   session lifetime after last activity (default ${DEFAULT_TTL_SECONDS})
  --data <file>     keep sessions in this JSON file across restarts (default: memory only)
  --faults <spec>   inject faults, comma-separated:
${FAULT_GRAMMAR.replace(/^/gm, '  ')}
  --allowed-origins <a,b>
                    page origins whose browsers may connect, e.g. https://demo.example.com,
                    or * for any (default: localhost, 127.0.0.1, [::1] on any port);
                    clients that send no Origin header (not browsers) are always allowed
  --max-connections-per-address <n>
                    open connections from one address (default ${DEFAULT_MAX_CONNECTIONS_PER_ADDRESS})
  --max-sessions-per-user <n>
                    live conversations one user may have (default ${DEFAULT_MAX_SESSIONS_PER_USER})
  --messages-per-minute <n>
                    new chat messages per user per minute (default ${DEFAULT_MESSAGES_PER_MINUTE})
  --help            show this help

Example: npm run mock-server -- --port 8787 --pace 10 --faults latency=20-80,dup-delta=0.1
`;

export function parseArgs(argv: string[]): MockServerOptions | 'help' {
  const options: MockServerOptions = { port: DEFAULT_PORT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? splitOnce(arg) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = nonNegativeInteger('--port', value());
        if (options.port > 65535) throw new Error('--port must be at most 65535');
        break;
      case '--host':
        options.host = value();
        break;
      case '--pace':
        options.paceMs = nonNegativeInteger('--pace', value());
        break;
      case '--delta-chars':
        options.deltaChars = positiveInteger('--delta-chars', value());
        break;
      case '--ttl':
        options.ttlSeconds = positiveInteger('--ttl', value());
        break;
      case '--data':
        options.dataFile = value();
        break;
      case '--faults':
        options.faults = parseFaultSpec(value());
        break;
      case '--allowed-origins':
        options.allowedOrigins = originList('--allowed-origins', value());
        break;
      case '--max-connections-per-address':
        options.maxConnectionsPerAddress = positiveInteger(flag, value());
        break;
      case '--max-sessions-per-user':
        options.maxSessionsPerUser = positiveInteger(flag, value());
        break;
      case '--messages-per-minute':
        options.messagesPerMinute = positiveInteger(flag, value());
        break;
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  return options;
}

function splitOnce(arg: string): [string, string] {
  const eq = arg.indexOf('=');
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}
