// Requests other than chat messages that fail (open_session, list_sessions, load_history,
// rename, clear, delete, preferences): retried with backoff, and told to the user.
//
// Design decisions (why):
// - One count of failures in a row for the whole service, not one per request: when storage is
//   down every request fails, and the waits (1, 2, 4, … s, capped at 30 s, ±20%: backoff.ts)
//   must grow together instead of each request hammering the server on its own schedule.
// - The notice appears with the first failure (protocol.md), says in plain words what is
//   unavailable (the client's sentence for the code: the server's own words often advise
//   trying again, which the app is doing) and that what the user writes is kept, and has one id: it is updated, not
//   stacked, while the outage lasts, and removed by the first request that succeeds.
//   `RATE_LIMITED` is waited out the same way, but is not an outage: a short wait shows
//   nothing, a long one (a limit such as the number of conversations, not a burst) is told,
//   or a New chat would wait a minute in silence.
// - A chat message's own errors are Delivery's (they count toward its 3 sends) and a success
//   of a chat message is not a sign of recovery: with storage down, the server still answers
//   messages, statelessly, while it cannot open or list conversations.

import { codeSentence } from '../../protocol/errorText';
import type { ServerFrameOf } from '../../protocol/types';
import { backoffAfter } from './backoff';
import type { EngineContext } from './EngineContext';

export const OUTAGE_NOTICE_ID = 'outage';

// A RATE_LIMITED wait at least this long is told to the user.
const LONG_WAIT_MS = 10_000;

export class Outage {
  // Across connections: an outage of the service outlives a dropped socket.
  private failures = 0;

  constructor(private readonly ctx: EngineContext) {}

  /** `frame` answered a request: `retry` it after the backoff, and tell the user. */
  failed(frame: ServerFrameOf<'error'>, retry: () => void): void {
    this.failures += 1;
    const wait = frame.retryAfterMs ?? 0;
    if (frame.code === 'RATE_LIMITED' && wait >= LONG_WAIT_MS) {
      this.ctx.showNotice(
        OUTAGE_NOTICE_ID,
        'warning',
        `The service is not taking this request for now: a limit was reached (too many conversations, or too many requests). Deleting conversations you no longer need helps. The app tries again in ${Math.round(wait / 1000)} s; what you write is kept.`,
      );
    } else if (frame.code !== 'RATE_LIMITED') {
      this.ctx.showNotice(
        OUTAGE_NOTICE_ID,
        'warning',
        `${codeSentence(frame.code)} What you write is kept and sent once the service is back; the app keeps trying.`,
      );
    }
    this.ctx.later(backoffAfter(frame, this.failures, this.ctx.random), retry);
  }

  /** A request other than a chat message succeeded: the service is back. */
  recovered(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    this.ctx.clearNotice(OUTAGE_NOTICE_ID);
  }
}
