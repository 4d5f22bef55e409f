import type { z } from 'zod/mini';
import type { Preferences, SessionInfo } from '../protocol/types';
import type { ConnectionState } from '../services/WebSocketChatService';
import type { deliveryStatusSchema, persistedStateSchema, uiMessageSchema } from './persistedState';

export type { ConnectionState };

/** Where a user message is on its way to the assistant. */
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/** One bubble of the transcript (its fields are described in persistedState.ts). */
export type UiMessage = z.infer<typeof uiMessageSchema>;

/**
 * Where a message to send comes from: the composer (its draft is cleared, or kept when the
 * message is refused), a button that sends a text of its own (a suggestion, "Continue"; the
 * draft is left alone), or "Ask again" (the same, and the question is marked as asked again).
 */
export type SendOrigin = 'composer' | 'button' | 'askAgain';

/** Something the user should be told, shown until dismissed. */
export interface Notice {
  id: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
}

export interface HistoryState {
  hasMore: boolean;
  loading: boolean;
}

export interface TypingState {
  agent?: string;
  status?: string;
}

export interface ConnectionSlice {
  connection: ConnectionState;
  reconnect(): void;
}

export interface SessionsSlice {
  currentSessionId: string | null;
  /** Most recent activity first. */
  sessions: SessionInfo[];
  history: Record<string, HistoryState>;
  newChat(): void;
  switchSession(sessionId: string): void;
  clearSession(sessionId: string): void;
  deleteSession(sessionId: string): void;
  renameSession(sessionId: string, title: string): void;
  refreshSessions(): void;
  /** Asks for the next page of older messages of the current session. */
  loadOlder(): void;
}

export interface MessagesSlice {
  /** Every loaded message, by `key`. */
  messages: Record<string, UiMessage>;
  /** Session id (`''` for a chat without one yet) to message keys, oldest first. */
  order: Record<string, string[]>;
  /**
   * The text so far of assistant messages still `streaming`, by key; where there is an entry
   * it, not the message's `content`, is what the bubble shows. A delta replaces this small
   * record instead of copying `messages` (the whole transcript); the final message settles
   * the text into `messages` and drops the entry.
   */
  streamingText: Record<string, string>;
  /** `clientMessageId`s of user messages not answered yet, in the order written. */
  outbox: string[];
  typing: Record<string, TypingState | undefined>;
  /**
   * Queues a user message; false (with a notice) when refused, and then text from the
   * composer is kept as its draft.
   */
  sendMessage(content: string, origin?: SendOrigin): boolean;
  /** Sends the question of the answer under `answerKey` again, as a new turn. */
  askAgain(answerKey: string): boolean;
  retryMessage(clientMessageId: string): void;
  retryAllFailed(): void;
  /** Stops the assistant message being generated in the current session. */
  cancelReply(): void;
}

export interface PreferencesSlice {
  userId: string;
  preferences: Preferences;
  /** Local changes the server has not confirmed yet (sent again after a reconnect). */
  preferencesDirty: boolean;
  updatePreferences(preferences: Partial<Preferences>): void;
}

export interface UiSlice {
  /** Unsent text by session id (`''` for a chat without one yet). */
  drafts: Record<string, string>;
  notices: Notice[];
  /** False when localStorage is missing or full: history will not survive a reload. */
  storageAvailable: boolean;
  setDraft(sessionId: string, text: string): void;
  dismissNotice(id: string): void;
}

export type ChatState = ConnectionSlice &
  SessionsSlice &
  MessagesSlice &
  PreferencesSlice &
  UiSlice;

/**
 * What survives a reload (see persistence.ts). Its fields are the state's own: `partialize`
 * and `merge` there do not compile if the two drift apart.
 */
export type PersistedChatState = z.infer<typeof persistedStateSchema>;
