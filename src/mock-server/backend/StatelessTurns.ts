import type { ChatMessage } from '../../protocol/types';

/** A turn answered while storage was down (`stored: false`), as the agent remembers it. */
export interface StatelessTurn {
  userMessage: ChatMessage;
  assistantMessageId: string;
  /** The reply's final message once it has ended; absent while generating or after a failure. */
  final?: ChatMessage;
}

// NOTE: an hour, like the default expiry of AWS Lambda Powertools' idempotency records
// (`expires_after_seconds` 3600): a client re-sends a message whose reply it missed when it
// reconnects, within seconds or minutes, not days.
export const STATELESS_TURN_TTL_MS = 60 * 60 * 1000;
// Bounds the memory an outage can take (a record holds a whole answer, a few KiB); the
// oldest records go first.
export const MAX_STATELESS_TURNS = 10_000;

/**
 * The in-memory idempotency record of turns answered without storage, per user, session
 * and `clientMessageId`: a re-send gets the same `message_ack` and the same
 * `assistant_message` instead of a second answer. Records expire, so a re-send after that
 * is a new question.
 */
export class StatelessTurns {
  // Insertion order is age order: a record is re-inserted whenever it changes.
  private readonly records = new Map<string, { userId: string; turn: StatelessTurn; at: number }>();

  constructor(private readonly now: () => number) {}

  get(userId: string, sessionId: string, clientMessageId: string): StatelessTurn | undefined {
    this.prune();
    return this.records.get(recordKey(userId, sessionId, clientMessageId))?.turn;
  }

  add(userId: string, sessionId: string, clientMessageId: string, turn: StatelessTurn): void {
    this.put(userId, recordKey(userId, sessionId, clientMessageId), turn);
    this.prune();
  }

  /** Keeps the reply's final message; a record already evicted stays gone. */
  finish(userId: string, sessionId: string, clientMessageId: string, final: ChatMessage): void {
    const key = recordKey(userId, sessionId, clientMessageId);
    const record = this.records.get(key);
    if (record) this.put(userId, key, { ...record.turn, final });
  }

  /** The final message of the user's stateless reply `assistantMessageId`, if it has ended. */
  finalReply(
    userId: string,
    sessionId: string,
    assistantMessageId: string,
  ): ChatMessage | undefined {
    this.prune();
    for (const record of this.records.values()) {
      const final = record.turn.final;
      if (
        record.userId === userId &&
        final?.sessionId === sessionId &&
        final.messageId === assistantMessageId
      ) {
        return final;
      }
    }
    return undefined;
  }

  private put(userId: string, key: string, turn: StatelessTurn): void {
    this.records.delete(key);
    this.records.set(key, { userId, turn, at: this.now() });
  }

  private prune(): void {
    const oldest = this.now() - STATELESS_TURN_TTL_MS;
    for (const [key, record] of this.records) {
      if (this.records.size <= MAX_STATELESS_TURNS && record.at > oldest) break;
      this.records.delete(key);
    }
  }
}

function recordKey(userId: string, sessionId: string, clientMessageId: string): string {
  return JSON.stringify([userId, sessionId, clientMessageId]);
}
