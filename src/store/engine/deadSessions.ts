// What happens when a session has expired or was not found: an error with SESSION_EXPIRED or
// SESSION_NOT_FOUND (isGone, protocol/errorCodes.ts), or a session_opened whose `previous` says
// the session asked for was replaced by a new one.
//
// Design decisions (why):
// - A chat_message refused that way before its ack was never stored: its session is marked
//   dead (addDeadSession), the user is told once, and the message is queued again (ChatEngine.onError
//   asks Delivery.onChatError, then Delivery.requeue). An acknowledged message is stored
//   already: such an error about it is handled like any other.
// - Messages of a dead session, like those written before any session exists (''), are not
//   sent (waitsForSession): Delivery asks SessionOpening.openSessionFor for a new session that
//   `replaces` the dead one, instead of collecting one error per message. The dead set is kept
//   across connections, by SessionOpening.
// - When that session opens, or an open finds the session asked for gone (`previous`),
//   everything of the dead sessions moves to it (sessionsMovedFrom, adoptDeadSessions):
//   pending messages start afresh there (queued, without a messageId: they were never
//   stored), the rest is dropped, the draft is kept, and the dead session leaves the list. If
//   a dead session was on screen, the new one is (SessionOpening.onSessionOpened).
// - Older pages of a gone session: there are none (History.onError). Deleting a session that
//   is already gone removes it as if the delete had succeeded (ChatEngine.onError).

import type { ServerFrameOf } from '../../protocol/types';
import { idRecord } from '../records';
import type { ChatState, DeliveryStatus, UiMessage } from '../types';

/** True when messages of `sessionId` must wait for a session to be opened for them. */
export function waitsForSession(dead: ReadonlySet<string>, sessionId: string): boolean {
  return sessionId === '' || dead.has(sessionId);
}

/** Marks a session the server no longer has; true if it was not known to be dead. */
export function addDeadSession(dead: Set<string>, sessionId: string): boolean {
  if (sessionId === '' || dead.has(sessionId)) return false;
  dead.add(sessionId);
  return true;
}

/** What the user reads when a message moves to a new session because its own is gone. */
export function movedNotice(code: ServerFrameOf<'error'>['code']): string {
  return code === 'SESSION_EXPIRED'
    ? 'This conversation has expired, so your message was moved to a new one.'
    : 'This conversation no longer exists, so your message was moved to a new one.';
}

/** What the user reads when an open found the session gone and the server started a new one. */
export function replacedNotice(
  previous: NonNullable<ServerFrameOf<'session_opened'>['previous']>,
): string {
  return previous.reason === 'expired'
    ? 'Your previous conversation expired (conversations are kept for 7 days after their last message), so a new one was started.'
    : 'Your previous conversation could not be found, so a new one was started.';
}

/**
 * The sessions whose content moves to the one `frame` opened for `request`: the one it
 * replaced (`previous`), the dead one the open was for (`replaces`), and `''` (a chat that had
 * no session yet) when the open asked for a new session.
 */
export function sessionsMovedFrom(
  frame: ServerFrameOf<'session_opened'>,
  request: { sessionId?: string; replaces?: string },
): Set<string> {
  const movedFrom = new Set<string>();
  if (frame.previous && frame.previous.sessionId !== frame.sessionId) {
    movedFrom.add(frame.previous.sessionId);
  }
  if (request.replaces !== undefined && request.replaces !== frame.sessionId) {
    movedFrom.add(request.replaces);
  }
  if (request.sessionId === undefined) movedFrom.add('');
  return movedFrom;
}

/**
 * What is in the sessions of `movedFrom` moved to `sessionId`: pending messages afresh (in
 * `adopted`, for the page to place), the rest dropped, the draft kept; the dead sessions are
 * gone from every record and from the list.
 */
export function adoptDeadSessions(
  s: ChatState,
  movedFrom: ReadonlySet<string>,
  sessionId: string,
): Pick<ChatState, 'messages' | 'order' | 'drafts' | 'history' | 'typing' | 'sessions'> & {
  adopted: string[];
} {
  const messages = idRecord(s.messages);
  const order = idRecord(s.order);
  const drafts = idRecord(s.drafts);
  const history = idRecord(s.history);
  const typing = idRecord(s.typing);
  let sessions = s.sessions;
  const adopted: string[] = [];
  for (const from of movedFrom) {
    for (const key of order[from] ?? []) {
      const message = messages[key];
      if (!message) continue;
      if (s.outbox.includes(key)) {
        const status: DeliveryStatus = message.deliveryStatus === 'failed' ? 'failed' : 'queued';
        // A message sent to a dead session was never stored; it starts afresh there.
        const restarted: UiMessage = { ...message, sessionId, deliveryStatus: status };
        delete restarted.messageId;
        messages[key] = restarted;
        adopted.push(key);
      } else {
        delete messages[key];
      }
    }
    delete order[from];
    const draft = drafts[from];
    if (draft !== undefined) {
      if (!drafts[sessionId]) drafts[sessionId] = draft;
      delete drafts[from];
    }
    delete history[from];
    delete typing[from];
    if (from !== '') sessions = sessions.filter((session) => session.sessionId !== from);
  }
  return { messages, order, drafts, history, typing, sessions, adopted };
}
