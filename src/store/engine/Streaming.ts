// Assistant replies: deltas while one is generated, then the final `assistant_message`.
//
// Design decisions (why):
// - Deltas are held per assistant messageId until their seq is next; a delta for a message
//   that already has its final text is ignored. Streams are not persisted: after a reload the
//   final `assistant_message` (which replaces the text anyway) completes the bubble.
// - A delta's text goes to `streamingText`, not `messages`: copying the `messages` record (the
//   whole transcript) per delta made a delta cost grow with the transcript (~440 µs at 2,000
//   messages, most of it that copy). `messages` and `order` change once per reply, when its
//   bubble is placed (with the text so far) and when the final message settles it; the
//   bubble reads `streamingText` by its key, so one bubble re-renders per delta.
// - Once a reply is placed, its deltas are held and written together, at most every
//   DELTA_WRITE_INTERVAL_MS; any other frame, or an interruption, writes them first.
// - Entries of `streamingText` whose message no longer streams (it was settled by a page,
//   or its session was cleared) are dropped when a reply is placed or settled; the bubble
//   reads an entry only while its message streams, so until then they are harmless.
// - A partial reply to the same question under another messageId was abandoned (a server
//   restart mid-reply): it is dropped when the new one shows up.
// - A reply that fails part way (a retryable error about its question) keeps its text so far,
//   marked `incomplete`; the re-send (automatic or Retry) generates it again from seq 0,
//   which replaces that text in place (under the same messageId, or another: see above).
// - `cancel` names the reply by its messageId, which the client learns only from the reply's
//   first frame. A stop asked for before then is kept, by question, and sent with that first
//   frame (a delta, or the final message when the reply was not streamed: then the server
//   answers with that final message again, ignored as a duplicate). A retry by hand after the
//   question failed is a new request: the stop does not carry over.
// - What a final message means to the other parts (a question answered, a turn ended) is
//   returned by onAssistantMessage for ChatEngine to pass on; the typing indicator and the
//   activity that keeps timers alive are callbacks (StreamingHooks) it wires.

import { withEntry } from '../records';
import type { ServerFrameOf } from '../../protocol/types';
import { fromChatMessage, keyOf, liveStreamingText, withoutElsewhere } from '../transcript';
import { sortKeys } from '../turnOrder';
import type { UiMessage } from '../types';
import type { EngineContext } from './EngineContext';
import { touchSession } from './sessionInfo';

/**
 * Deltas held per reply while an earlier seq is missing, and replies tracked at once. A gap
 * is filled by a re-send or made moot by the final message, which replaces the text anyway;
 * past these bounds a server that never fills it cannot make the client hold memory for ever.
 */
export const MAX_HELD_DELTAS = 256;
export const MAX_STREAMS = 16;

/**
 * The text of a reply already placed is written to the store at most this often. A write per
 * delta (100 a second from a fast model) ran every subscriber's selector each time, about a
 * fifth of the app's main-thread cost of a streamed answer (`npm run bench:ui`), while its
 * bubble shows new text at most every 100 ms anyway (useShownText). Any other frame, and an
 * interrupted reply, write what is held first, so nothing reads text that is behind.
 */
export const DELTA_WRITE_INTERVAL_MS = 50;

interface Stream {
  nextSeq: number;
  held: Map<number, string>;
}

/** What Streaming asks of the rest of the engine; ChatEngine wires it. */
export interface StreamingHooks {
  /** Frames for a session keep what waits on it alive (see ChatEngine.sessionActivity). */
  activity: (sessionId: string) => void;
  /** The session's typing indicator ends (Typing.clear). */
  clearTyping: (sessionId: string) => void;
}

/** A turn a final message ended; `question` is the outbox message it answered, if any. */
export interface TurnEnded {
  question: string | undefined;
}

export class Streaming {
  // Across connections: a reply may go on after a reconnect.
  private readonly streams = new Map<string, Stream>();
  /** Questions (clientMessageIds) whose reply the user stopped before it started. */
  private readonly stopsBeforeStart = new Set<string>();
  /** Text received for placed replies, by messageId, not yet written to the store. */
  private readonly unwritten = new Map<string, string>();
  private writeTimer: unknown = null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly hooks: StreamingHooks,
  ) {}

  /**
   * Stops the assistant message being generated in the current session; before its first
   * frame, that of the first question still waiting for one, once that frame comes.
   */
  cancelReply(): void {
    const { currentSessionId, order, messages, outbox } = this.ctx.get();
    if (!currentSessionId) return;
    const keys = order[currentSessionId] ?? [];
    const streaming = [...keys].reverse().find((key) => messages[key]?.streaming);
    const messageId = streaming ? messages[streaming]?.messageId : undefined;
    if (messageId) {
      this.ctx.request({ action: 'cancel', sessionId: currentSessionId, messageId });
      return;
    }
    const question = outbox.find((key) => {
      const asked = messages[key];
      return (
        asked?.sessionId === currentSessionId &&
        (asked.deliveryStatus === 'sending' || asked.deliveryStatus === 'sent')
      );
    });
    if (question !== undefined) this.stopsBeforeStart.add(question);
  }

  /** Failed questions (all, or `retried`) are sent again by hand: their stops are void. */
  forgetStopsOfFailed(retried?: readonly string[]): void {
    const { messages } = this.ctx.get();
    for (const question of this.stopsBeforeStart) {
      if (retried && !retried.includes(question)) continue;
      if (messages[question]?.deliveryStatus === 'failed') this.stopsBeforeStart.delete(question);
    }
  }

  /** Sends the cancel the user asked for before this reply (to `replyTo`) started. */
  private cancelIfStopped(sessionId: string, messageId: string, replyTo?: string): void {
    if (this.stopsBeforeStart.size === 0 || replyTo === undefined) return;
    // A frame before the connection's session_opened: the stop waits for the next one.
    if (!this.ctx.ready) return;
    const { messages, outbox } = this.ctx.get();
    for (const question of this.stopsBeforeStart) {
      if (!outbox.includes(question)) {
        this.stopsBeforeStart.delete(question); // answered or gone some other way
      } else if (messages[question]?.messageId === replyTo) {
        this.stopsBeforeStart.delete(question);
        this.ctx.request({ action: 'cancel', sessionId, messageId });
      }
    }
  }

  /** Writes the text held for placed replies to the store (see DELTA_WRITE_INTERVAL_MS). */
  writeHeldText(): void {
    this.ctx.clearTimer(this.writeTimer);
    this.writeTimer = null;
    if (this.unwritten.size === 0) return;
    const held = [...this.unwritten];
    this.unwritten.clear();
    this.ctx.set((s) => {
      let streamingText = s.streamingText;
      for (const [messageId, appended] of held) {
        const reply = s.messages[messageId];
        // Settled or gone since (a page, a cleared session): its text is not wanted any more.
        if (!reply?.streaming) continue;
        const text = (streamingText[messageId] ?? reply.content) + appended;
        streamingText = withEntry(streamingText, messageId, text);
      }
      return streamingText === s.streamingText ? {} : { streamingText };
    });
  }

  /** The reply to this question failed part way: its text so far stays, marked incomplete. */
  interrupt(clientMessageId: string): void {
    this.writeHeldText();
    const { messages, order } = this.ctx.get();
    const question = messages[clientMessageId];
    if (question?.messageId === undefined) return;
    this.hooks.clearTyping(question.sessionId);
    const key = (order[question.sessionId] ?? []).find((other) => {
      const reply = messages[other];
      return reply?.streaming && reply.replyTo === question.messageId;
    });
    if (key === undefined) return;
    this.streams.delete(key);
    this.ctx.set((s) => {
      const reply = s.messages[key];
      if (!reply?.streaming) return {};
      const partial: UiMessage = {
        ...reply,
        content: s.streamingText[key] ?? reply.content,
        incomplete: true,
      };
      delete partial.streaming;
      const next = withEntry(s.messages, key, partial);
      return { messages: next, streamingText: liveStreamingText(s.streamingText, next) };
    });
  }

  onDelta(frame: ServerFrameOf<'assistant_delta'>): void {
    const { sessionId, messageId, replyTo, seq } = frame;
    this.hooks.activity(sessionId);
    this.cancelIfStopped(sessionId, messageId, replyTo);
    const existing = this.ctx.get().messages[messageId];
    if (existing && !existing.streaming && !existing.incomplete) return; // the final text is here
    let stream = this.streams.get(messageId);
    if (!stream) {
      stream = { nextSeq: 0, held: new Map() };
      this.streams.set(messageId, stream);
      // The oldest tracked reply goes first; its final message still completes it.
      for (const oldest of this.streams.keys()) {
        if (this.streams.size <= MAX_STREAMS) break;
        this.streams.delete(oldest);
      }
    }
    if (seq < stream.nextSeq || stream.held.has(seq)) return; // a duplicate
    if (seq !== stream.nextSeq && stream.held.size >= MAX_HELD_DELTAS) {
      this.ctx.logger.warn('[chat] dropped a delta: too many held behind a gap', messageId);
      return;
    }
    stream.held.set(seq, frame.delta);
    let appended = '';
    let next = stream.held.get(stream.nextSeq);
    while (next !== undefined) {
      stream.held.delete(stream.nextSeq);
      appended += next;
      stream.nextSeq += 1;
      next = stream.held.get(stream.nextSeq);
    }
    if (appended === '' && stream.nextSeq === 0) return; // still waiting for seq 0
    if (appended === '' && existing) return;

    if (existing?.streaming) {
      this.unwritten.set(messageId, (this.unwritten.get(messageId) ?? '') + appended);
      this.writeTimer ??= this.ctx.clock.setTimeout(
        () => this.ctx.guard(() => this.writeHeldText()),
        DELTA_WRITE_INTERVAL_MS,
      );
      return;
    }
    // A new reply, or one generated again in place of its incomplete text: placed at once.
    this.unwritten.delete(messageId);
    this.ctx.set((s) => {
      const message: UiMessage = {
        key: messageId,
        sessionId,
        role: 'assistant',
        content: appended,
        timestamp: frame.timestamp,
        messageId,
        replyTo,
        streaming: true,
      };
      const messages = withEntry(s.messages, messageId, message);
      // A partial reply to the same message under another id was abandoned (server restart).
      const keys = (s.order[sessionId] ?? []).filter((key) => {
        const other = messages[key];
        const orphan = isPartial(other) && other?.replyTo === replyTo && key !== messageId;
        if (orphan) delete messages[key];
        return !orphan;
      });
      return {
        messages,
        order: withEntry(s.order, sessionId, sortKeys([...keys, messageId], messages)),
        streamingText: { ...liveStreamingText(s.streamingText, messages), [messageId]: appended },
      };
    });
  }

  /** Undefined for a duplicate; else the turn it ended. */
  onAssistantMessage(frame: ServerFrameOf<'assistant_message'>): TurnEnded | undefined {
    const chat = frame.message;
    const sessionId = chat.sessionId;
    const key = keyOf(chat);
    if (chat.role === 'assistant') this.cancelIfStopped(sessionId, chat.messageId, chat.replyTo);
    this.streams.delete(chat.messageId);
    this.hooks.clearTyping(sessionId);
    const state = this.ctx.get();
    const question =
      chat.replyTo === undefined || chat.role !== 'assistant'
        ? undefined
        : state.outbox.find((cid) => state.messages[cid]?.messageId === chat.replyTo);
    const existing = state.messages[key];
    const unchanged =
      existing !== undefined &&
      !existing.streaming &&
      existing.content === chat.content &&
      existing.stopped === chat.stopped &&
      question === undefined;
    if (unchanged) return undefined; // a duplicate

    this.ctx.set((s) => {
      const order = withoutElsewhere(s.order, key, sessionId, s.messages[key]);
      const messages = withEntry(s.messages, key, fromChatMessage(chat, s.messages[key]));
      let keys = order[sessionId] ?? [];
      keys = keys.filter((other) => {
        const candidate = messages[other];
        const orphan = isPartial(candidate) && candidate?.replyTo === chat.replyTo && other !== key;
        if (orphan) delete messages[other];
        return !orphan;
      });
      let outbox = s.outbox;
      if (question !== undefined) {
        const asked = messages[question];
        if (asked) messages[question] = { ...asked, deliveryStatus: 'answered' };
        outbox = outbox.filter((cid) => cid !== question);
      }
      return {
        messages,
        outbox,
        order: withEntry(order, sessionId, sortKeys([...keys, key], messages)),
        sessions: touchSession(s.sessions, sessionId, chat.timestamp),
        streamingText: liveStreamingText(s.streamingText, messages),
      };
    });
    return { question };
  }
}

/** A reply still streaming, or one that failed part way: a new generation replaces it. */
function isPartial(message: UiMessage | undefined): boolean {
  return message?.streaming === true || message?.incomplete === true;
}
