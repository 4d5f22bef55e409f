// What every part of the engine shares: the store's get/set, the transport and clock of the
// current attachment, whether the connection may carry frames yet, the requests awaiting an
// answer on it, notices, and the guard that keeps one unexpected error (a frame this client
// did not foresee) from breaking the next frame.

import type { OutgoingClientFrame } from '../../protocol/types';
import { systemClock } from '../../services/clock';
import type { Clock } from '../../services/clock';
import type { ChatState, Notice } from '../types';

/** What the engine needs of the connection (WebSocketChatService fits). */
export interface ChatTransport {
  readonly isOpen: boolean;
  send(frame: OutgoingClientFrame): string;
  reconnect(): void;
}

/** Notices kept at once; the oldest go first. */
export const MAX_NOTICES = 5;

export type GetState = () => ChatState;
export type SetState = (
  partial: Partial<ChatState> | ((state: ChatState) => Partial<ChatState>),
) => void;

/** Why a request was sent, kept by requestId until its answer comes. */
export type PendingRequest =
  | { kind: 'chat'; clientMessageId: string }
  | { kind: 'history'; sessionId: string; before: string; repair?: boolean }
  | { kind: 'preferences' }
  | { kind: 'other'; frame: OutgoingClientFrame };

export class EngineContext {
  get!: GetState;
  set!: SetState;
  transport: ChatTransport | null = null;
  clock: Clock = systemClock;
  /** A number in [0, 1), for backoff jitter. */
  random: () => number = Math.random;
  /** From the first session_opened of a connection until it ends: requests may go out. */
  ready = false;
  readonly requests = new Map<string, PendingRequest>();
  private readonly otherTimers = new Set<unknown>();
  private noticeCounter = 0;

  constructor(
    readonly newId: () => string,
    readonly logger: Pick<Console, 'warn' | 'error'>,
  ) {}

  /** Forgets the previous connection's requests and timers. */
  resetConnection(): void {
    this.ready = false;
    this.requests.clear();
    for (const handle of this.otherTimers) this.clearTimer(handle);
    this.otherTimers.clear();
  }

  /** Sends when the socket is open; returns the requestId, if it went out. */
  send(frame: OutgoingClientFrame, pending: PendingRequest): string | undefined {
    if (!this.transport?.isOpen) return undefined;
    const requestId = this.transport.send(frame);
    this.requests.set(requestId, pending);
    return requestId;
  }

  /** A user action that needs the connection; tells the user when there is none. */
  request(frame: OutgoingClientFrame): void {
    if (!this.ready) {
      this.notify('warning', 'You are offline: try again once the connection is back.');
      return;
    }
    this.send(frame, { kind: 'other', frame });
  }

  /** Shows the notice `id`, replacing its text if it is already shown. */
  showNotice(id: string, severity: Notice['severity'], message: string): void {
    this.set((s) => {
      const notice: Notice = { id, severity, message };
      const current = s.notices.find((other) => other.id === id);
      if (!current) return { notices: [...s.notices, notice].slice(-MAX_NOTICES) };
      if (current.message === message && current.severity === severity) return {};
      return { notices: s.notices.map((other) => (other === current ? notice : other)) };
    });
  }

  clearNotice(id: string): void {
    this.set((s) =>
      s.notices.some((notice) => notice.id === id)
        ? { notices: s.notices.filter((notice) => notice.id !== id) }
        : {},
    );
  }

  notify(severity: Notice['severity'], message: string): void {
    this.set((s) => {
      if (s.notices.some((notice) => notice.message === message)) return {};
      this.noticeCounter += 1;
      const notice: Notice = { id: `notice-${this.noticeCounter}`, severity, message };
      return { notices: [...s.notices, notice].slice(-MAX_NOTICES) };
    });
  }

  /** Runs `action` after `delayMs` unless the connection ends first. */
  later(delayMs: number, action: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.otherTimers.delete(handle);
      this.guard(action);
    }, delayMs);
    this.otherTimers.add(handle);
  }

  clearTimer(handle: unknown): void {
    if (handle !== undefined && handle !== null) this.clock.clearTimeout(handle);
  }

  guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.logger.error('[chat] unexpected error while applying a frame', error);
    }
  }
}
