// How long to wait before retrying a request an error answered: chat messages (Delivery) and
// every other request (Outage) back off the same way.

import type { ServerFrameOf } from '../../protocol/types';
import { jittered } from '../../services/WebSocketChatService';
import { RETRY_DELAY_MS, RETRY_MAX_DELAY_MS } from './timings';

/** The wait after the `failures`th (1-based) retryable error in a row: 1, 2, 4, … s, capped. */
export function retryDelay(failures: number, random: () => number): number {
  const base = RETRY_DELAY_MS * 2 ** Math.min(Math.max(failures, 1) - 1, 10);
  return jittered(Math.min(base, RETRY_MAX_DELAY_MS), random);
}

/**
 * The wait before retrying after the `failures`th error in a row. `RATE_LIMITED` says when to
 * come back; any other error's `retryAfterMs` is a floor under the growing backoff, never a
 * fixed pace (a server that always says 1 s would otherwise be asked once a second for ever).
 */
export function backoffAfter(
  frame: ServerFrameOf<'error'>,
  failures: number,
  random: () => number,
): number {
  if (frame.code === 'RATE_LIMITED' && frame.retryAfterMs !== undefined) return frame.retryAfterMs;
  return Math.max(frame.retryAfterMs ?? 0, retryDelay(failures, random));
}
