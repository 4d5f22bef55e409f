import { randomUUID } from 'node:crypto';
import { CONTEXT_MESSAGES } from '../../protocol/limits';
import { DEFAULT_PREFERENCES } from '../../protocol/preferences';
import type { ChatMessage, Preferences, SessionInfo } from '../../protocol/types';
import { sortByTurn } from '../../protocol/turnOrder';

/** One user message and the state of its reply, keyed by the client's `clientMessageId`. */
export interface Turn {
  clientMessageId: string;
  userMessageId: string;
  /**
   * The reply's id, the same for every attempt: a retry after a failure regenerates the
   * reply under it, so a client replaces the partial text in place.
   */
  assistantMessageId: string;
  /**
   * `complete` only once the reply is stored. `failed`: no reply stored and none being
   * generated (the agent failed, the final write failed, the server stopped mid-reply);
   * a re-send generates it.
   */
  status: 'pending' | 'generating' | 'complete' | 'failed';
}

export interface StoredSession {
  sessionId: string;
  userId: string;
  title: string;
  titleFromUser: boolean;
  createdAt: number;
  lastActivityAt: number;
  /** In turn order (protocol/turnOrder.ts), the protocol's order. */
  messages: ChatMessage[];
  turns: Map<string, Turn>;
  summary?: string;
}

interface Tombstone {
  userId: string;
  reason: 'expired' | 'deleted';
  at: number;
}

export type SessionLookup =
  { status: 'ok'; session: StoredSession } | { status: 'expired' | 'deleted' | 'not_found' };

/** What a data file holds. */
export interface StoreSnapshot {
  version: 1;
  messageSeq: number;
  preferences: Record<string, Preferences>;
  sessions: Array<Omit<StoredSession, 'turns'> & { turns: Turn[] }>;
  tombstones: Record<string, Tombstone>;
}

export const NEW_SESSION_TITLE = 'New conversation';
const TITLE_CHARS = 60;
// Long enough that a client coming back after a holiday still hears "expired", not
// "not found"; the messages themselves are gone at expiry.
const TOMBSTONE_RETENTION_MS = 30 * 24 * 3600 * 1000;

/**
 * The stand-in for the DynamoDB tables: sessions, their messages and the users'
 * preferences, with the TTL applied on every read. All lookups are scoped to a user.
 */
export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly tombstones = new Map<string, Tombstone>();
  private readonly preferencesByUser = new Map<string, Preferences>();
  private messageSeq = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    private readonly summarize: (older: ChatMessage[]) => string | undefined,
    private readonly onChange: () => void = () => {},
  ) {}

  preferences(userId: string): Preferences {
    return this.preferencesByUser.get(userId) ?? DEFAULT_PREFERENCES;
  }

  updatePreferences(userId: string, changes: Partial<Preferences>): Preferences {
    const next = { ...this.preferences(userId), ...changes };
    this.preferencesByUser.set(userId, next);
    this.onChange();
    return next;
  }

  create(userId: string): StoredSession {
    const t = this.now();
    const session: StoredSession = {
      sessionId: `s-${randomUUID()}`,
      userId,
      title: NEW_SESSION_TITLE,
      titleFromUser: false,
      createdAt: t,
      lastActivityAt: t,
      messages: [],
      turns: new Map(),
    };
    this.sessions.set(session.sessionId, session);
    this.onChange();
    return session;
  }

  /** Someone else's session answers exactly like one that never existed. */
  lookup(userId: string, sessionId: string): SessionLookup {
    const session = this.sessions.get(sessionId);
    if (session && this.isExpired(session)) this.remove(session, 'expired');
    const live = this.sessions.get(sessionId);
    if (live)
      return live.userId === userId ? { status: 'ok', session: live } : { status: 'not_found' };
    const tombstone = this.tombstones.get(sessionId);
    if (tombstone?.userId === userId) return { status: tombstone.reason };
    return { status: 'not_found' };
  }

  /** For the backend's own bookkeeping (a reply finishing); never use it to answer a client. */
  ownerBlindGet(sessionId: string): StoredSession | undefined {
    const session = this.sessions.get(sessionId);
    return session && !this.isExpired(session) ? session : undefined;
  }

  /** The user's live sessions, most recent activity first. */
  listFor(userId: string): StoredSession[] {
    this.sweep();
    return [...this.sessions.values()]
      .filter((s) => s.userId === userId)
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.sessionId < b.sessionId ? -1 : 1));
  }

  /** How many live sessions the user has. */
  countFor(userId: string): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (session.userId === userId && !this.isExpired(session)) count++;
    }
    return count;
  }

  touch(session: StoredSession): void {
    session.lastActivityAt = Math.max(session.lastActivityAt, this.now());
    this.onChange();
  }

  nextMessageId(): string {
    this.messageSeq++;
    // Zero-padded so that ids of one millisecond sort in creation order.
    return `m-${this.messageSeq.toString(36).padStart(10, '0')}`;
  }

  addMessage(session: StoredSession, message: ChatMessage): void {
    session.messages = sortByTurn([...session.messages, message]);
    if (message.role === 'user' && !session.titleFromUser && session.title === NEW_SESSION_TITLE) {
      session.title = titleFrom(message.content);
    }
    this.refreshSummary(session);
    this.touch(session);
  }

  rename(session: StoredSession, title: string): void {
    session.title = title;
    session.titleFromUser = true;
    this.touch(session);
  }

  /** Removes the messages but keeps the turns, so a late re-send cannot resurrect one. */
  clear(session: StoredSession): void {
    session.messages = [];
    delete session.summary;
    if (!session.titleFromUser) session.title = NEW_SESSION_TITLE;
    this.touch(session);
  }

  delete(session: StoredSession): void {
    this.remove(session, 'deleted');
  }

  info(session: StoredSession): SessionInfo {
    return {
      sessionId: session.sessionId,
      title: session.title,
      createdAt: iso(session.createdAt),
      lastActivityAt: iso(session.lastActivityAt),
      expiresAt: iso(session.lastActivityAt + this.ttlMs),
      messageCount: session.messages.length,
      ...(session.summary === undefined ? {} : { summary: session.summary }),
    };
  }

  /** Drops expired sessions and old tombstones; cheap enough to run on every list. */
  sweep(): void {
    for (const session of this.sessions.values()) {
      if (this.isExpired(session)) this.remove(session, 'expired');
    }
    const t = this.now();
    for (const [id, tombstone] of this.tombstones) {
      if (t - tombstone.at > TOMBSTONE_RETENTION_MS) this.tombstones.delete(id);
    }
  }

  toSnapshot(): StoreSnapshot {
    return {
      version: 1,
      messageSeq: this.messageSeq,
      preferences: Object.fromEntries(this.preferencesByUser),
      sessions: [...this.sessions.values()].map((s) => ({ ...s, turns: [...s.turns.values()] })),
      tombstones: Object.fromEntries(this.tombstones),
    };
  }

  load(snapshot: StoreSnapshot): void {
    this.messageSeq = snapshot.messageSeq;
    for (const [userId, prefs] of Object.entries(snapshot.preferences)) {
      this.preferencesByUser.set(userId, prefs);
    }
    for (const s of snapshot.sessions) {
      // A reply that was being generated when the server stopped is lost; a re-send of its
      // clientMessageId generates it again.
      const turns = s.turns.map((turn): Turn =>
        turn.status === 'complete' ? turn : { ...turn, status: 'failed' },
      );
      this.sessions.set(s.sessionId, {
        ...s,
        // Files written before turn order kept (timestamp, messageId) order.
        messages: sortByTurn(s.messages),
        turns: new Map(turns.map((turn) => [turn.clientMessageId, turn])),
      });
    }
    for (const [id, tombstone] of Object.entries(snapshot.tombstones)) {
      this.tombstones.set(id, tombstone);
    }
    this.sweep();
  }

  private isExpired(session: StoredSession): boolean {
    return this.now() >= session.lastActivityAt + this.ttlMs;
  }

  private remove(session: StoredSession, reason: Tombstone['reason']): void {
    this.sessions.delete(session.sessionId);
    this.tombstones.set(session.sessionId, { userId: session.userId, reason, at: this.now() });
    this.onChange();
  }

  private refreshSummary(session: StoredSession): void {
    const older = session.messages.slice(
      0,
      Math.max(0, session.messages.length - CONTEXT_MESSAGES),
    );
    const summary = older.length > 0 ? this.summarize(older) : undefined;
    if (summary === undefined) delete session.summary;
    else session.summary = summary;
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function titleFrom(content: string): string {
  const text = content.replace(/\s+/g, ' ').trim();
  const chars = [...text];
  if (chars.length <= TITLE_CHARS) return text;
  const cut = chars.slice(0, TITLE_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
