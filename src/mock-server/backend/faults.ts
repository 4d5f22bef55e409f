import { seededRandom } from './seededRandom';

/**
 * Fault injection for the mock server. A spec is a comma-separated list of faults, e.g.
 * `latency=20-80,dup-delta=0.2,close=1001@12#1:server restart`; docs/mock-server.md has the
 * grammar and examples.
 */
export interface FaultSpec {
  /** Abort the TCP connection (the client sees 1006) after this many server frames. */
  dropAfter?: ConnectionFault & { frames: number };
  /** Close the connection with `code` after `afterFrames` server frames (0 = on connect). */
  close?: ConnectionFault & { code: number; afterFrames: number; reason: string };
  /** Delay every server frame by a random time in [min, max] ms, keeping their order. */
  latency?: { minMs: number; maxMs: number };
  /** Probability of sending an `assistant_delta` twice. */
  duplicateDelta?: number;
  /** Probability of not sending an `assistant_delta` at all (a `seq` gap). */
  dropDelta?: number;
  /** Probability that a storage operation fails (1 = storage is down). */
  storageDown?: number;
  /** Replaces the per-connection flood limit: at most `frames` client frames per `windowMs`. */
  rateLimit?: { frames: number; windowMs: number };
  /** Probability that the agent fails mid-reply (`AGENT_FAILED`). */
  agentFail?: number;
  /** Probability that handling a client frame throws (`INTERNAL`). */
  internalError?: number;
  /** Seed of the random choices above, so a faulty run can be replayed. */
  seed?: number;
}

interface ConnectionFault {
  /** Only the first N connections of the server's life; every connection when absent. */
  connections?: number;
}

export class FaultSpecError extends Error {}

export const FAULT_GRAMMAR = `\
  drop-after=N[#K]             abort the socket (client sees 1006) after N server frames
  close=CODE[@N][#K][:REASON]  close with CODE after N server frames (default 0: on connect)
  latency=MS | latency=MIN-MAX delay every server frame, order kept
  dup-delta[=P]                send an assistant_delta twice with probability P (default 1)
  drop-delta[=P]               skip an assistant_delta with probability P (default 1)
  storage-down[=P]             storage operations fail with probability P (default 1)
  rate-limit=N/MS              at most N client frames per MS per connection
  agent-fail[=P]               the agent fails mid-reply with probability P (default 1)
  internal-error[=P]           handling a frame throws (INTERNAL) with probability P (default 1)
  seed=N                       seed for the probabilities above (default 1)
  #K limits a connection fault to the first K connections; faults are comma-separated.`;

const CLOSE_PATTERN = /^(\d{4})(?:@(\d+))?(?:#(\d+))?(?::(.*))?$/;
const COUNT_PATTERN = /^(\d+)(?:#(\d+))?$/;

/** Parses a fault spec; throws FaultSpecError with a message fit for a CLI user. */
export function parseFaultSpec(spec: string): FaultSpec {
  const faults: FaultSpec = {};
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? undefined : item.slice(eq + 1);
    switch (name) {
      case 'drop-after': {
        const m = COUNT_PATTERN.exec(value ?? '');
        if (!m) throw new FaultSpecError(`drop-after expects N or N#K, got "${value ?? ''}"`);
        faults.dropAfter = { frames: Number(m[1]), ...connections(m[2]) };
        break;
      }
      case 'close': {
        const m = CLOSE_PATTERN.exec(value ?? '');
        if (!m)
          throw new FaultSpecError(`close expects CODE[@N][#K][:REASON], got "${value ?? ''}"`);
        const code = Number(m[1]);
        if (!isSendableCloseCode(code)) {
          throw new FaultSpecError(
            `close code ${code} cannot be sent (use 1000-1003, 1007-1014, 3000-4999, or drop-after for 1006)`,
          );
        }
        const reason = m[4] ?? 'fault injection';
        if (Buffer.byteLength(reason) > 123)
          throw new FaultSpecError('close reason is over 123 bytes');
        faults.close = { code, afterFrames: Number(m[2] ?? 0), reason, ...connections(m[3]) };
        break;
      }
      case 'latency': {
        const m = /^(\d+)(?:-(\d+))?$/.exec(value ?? '');
        if (!m) throw new FaultSpecError(`latency expects MS or MIN-MAX, got "${value ?? ''}"`);
        const minMs = Number(m[1]);
        const maxMs = Number(m[2] ?? m[1]);
        if (maxMs < minMs) throw new FaultSpecError('latency MIN must not exceed MAX');
        faults.latency = { minMs, maxMs };
        break;
      }
      case 'dup-delta':
        faults.duplicateDelta = probability(name, value);
        break;
      case 'drop-delta':
        faults.dropDelta = probability(name, value);
        break;
      case 'storage-down':
        faults.storageDown = probability(name, value);
        break;
      case 'agent-fail':
        faults.agentFail = probability(name, value);
        break;
      case 'internal-error':
        faults.internalError = probability(name, value);
        break;
      case 'rate-limit': {
        const m = /^(\d+)\/(\d+)$/.exec(value ?? '');
        if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
          throw new FaultSpecError(`rate-limit expects N/MS with N, MS >= 1, got "${value ?? ''}"`);
        }
        faults.rateLimit = { frames: Number(m[1]), windowMs: Number(m[2]) };
        break;
      }
      case 'seed': {
        if (!/^\d+$/.test(value ?? '')) throw new FaultSpecError('seed expects an integer');
        faults.seed = Number(value);
        break;
      }
      default:
        throw new FaultSpecError(`unknown fault "${name}"`);
    }
  }
  return faults;
}

function connections(k: string | undefined): ConnectionFault {
  return k === undefined ? {} : { connections: Number(k) };
}

function probability(name: string, value: string | undefined): number {
  if (value === undefined) return 1;
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new FaultSpecError(`${name} expects a probability between 0 and 1, got "${value}"`);
  }
  return p;
}

// NOTE: RFC 6455 section 7.4: 1004-1006 and 1015 are reserved and must not be sent in a
// close frame; ws throws on them.
function isSendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}

/** The random side of a fault spec, seeded so that a run can be replayed. */
export class FaultInjector {
  private readonly random: () => number;

  constructor(readonly spec: FaultSpec) {
    this.random = seededRandom((spec.seed ?? 1) >>> 0 || 1);
  }

  latencyMs(): number {
    const latency = this.spec.latency;
    if (!latency) return 0;
    return latency.minMs + Math.floor(this.random() * (latency.maxMs - latency.minMs + 1));
  }

  duplicateDelta(): boolean {
    return this.chance(this.spec.duplicateDelta);
  }

  dropDelta(): boolean {
    return this.chance(this.spec.dropDelta);
  }

  storageFails(): boolean {
    return this.chance(this.spec.storageDown);
  }

  agentFails(): boolean {
    return this.chance(this.spec.agentFail);
  }

  internalError(): boolean {
    return this.chance(this.spec.internalError);
  }

  /** The connection faults that apply to the `index`-th connection (0-based). */
  connectionFaults(index: number): Pick<FaultSpec, 'dropAfter' | 'close'> {
    const applies = (fault?: ConnectionFault) =>
      fault !== undefined && (fault.connections === undefined || index < fault.connections);
    return {
      ...(applies(this.spec.dropAfter) ? { dropAfter: this.spec.dropAfter } : {}),
      ...(applies(this.spec.close) ? { close: this.spec.close } : {}),
    };
  }

  private chance(p: number | undefined): boolean {
    if (p === undefined || p <= 0) return false;
    if (p >= 1) return true;
    return this.random() < p;
  }
}
