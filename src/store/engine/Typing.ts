// The "assistant is typing" indicator per session. It ends with `typing: false`, the final
// answer or an AGENT_FAILED, and, in case those frames are lost, after TYPING_TIMEOUT_MS
// without a frame for the session.

import { idRecord, withEntry } from '../records';
import type { ServerFrameOf } from '../../protocol/types';
import type { EngineContext } from './EngineContext';
import { TimerMap } from './TimerMap';
import { TYPING_TIMEOUT_MS } from './timings';

export class Typing {
  private readonly timers: TimerMap<string>;

  constructor(
    private readonly ctx: EngineContext,
    /** Frames for a session keep what waits on it alive (see ChatEngine.sessionActivity). */
    private readonly activity: (sessionId: string) => void,
  ) {
    this.timers = new TimerMap(ctx);
  }

  resetConnection(): void {
    this.timers.cancelAll();
  }

  onTyping(frame: ServerFrameOf<'typing'>): void {
    const sessionId = frame.sessionId;
    if (!frame.isTyping) {
      this.clear(sessionId);
      return;
    }
    const typing: { agent?: string; status?: string } = {};
    if (frame.agent !== undefined) typing.agent = frame.agent;
    if (frame.status !== undefined) typing.status = frame.status;
    this.ctx.set((s) => ({ typing: withEntry(s.typing, sessionId, typing) }));
    this.activity(sessionId);
  }

  /** Restarts the indicator's timeout, if it is shown. */
  keepAlive(sessionId: string): void {
    if (this.ctx.get().typing[sessionId] === undefined) return;
    this.timers.postpone(sessionId, TYPING_TIMEOUT_MS, () => this.clear(sessionId));
  }

  clear(sessionId: string): void {
    this.timers.cancel(sessionId);
    if (this.ctx.get().typing[sessionId] === undefined) return;
    this.ctx.set((s) => {
      const typing = idRecord(s.typing);
      delete typing[sessionId];
      return { typing };
    });
  }
}
