// A backend for browser tests that answers with content the test chooses: hostile, huge or
// paused mid-stream. It speaks protocol v1 through Playwright's routed WebSocket, keeps its
// sessions across connections (so a reload resumes them), and frames every reply the way
// the real server does: ack, typing, deltas, the final message, typing off.
import type { WebSocketRoute } from 'playwright-core';
import { encodeFrame } from '../../src/protocol/codec';
import { DEFAULT_PREFERENCES } from '../../src/protocol/preferences';
import type { ChatMessage, SessionInfo } from '../../src/protocol/types';

export interface ScriptedAnswer {
  content: string;
  /** Characters per delta. */
  deltaChars?: number;
  /** Called before the delta that would go past this many characters; streaming waits for it. */
  pauseAt?: { chars: number; until: Promise<void> };
  /** Refuses the question with a non-retryable error (its `message` is for people). */
  refuse?: { code: string; message: string };
}

type Frame = Record<string, unknown>;

export class ScriptedBackend {
  readonly messages: ChatMessage[] = [];
  private ids = 0;
  private readonly sessionId = 's-scripted';
  private readonly createdAt = new Date().toISOString();

  /** `answers` maps a question's text to the answer the assistant gives. */
  constructor(private readonly answers: Map<string, ScriptedAnswer>) {}

  /** Serves one routed socket (pass to `page.routeWebSocket`). */
  readonly serve = (route: WebSocketRoute) => {
    route.onMessage((data) => void this.onFrame(route, JSON.parse(String(data)) as Frame));
  };

  private send(route: WebSocketRoute, frame: Frame) {
    route.send(encodeFrame({ ...frame, timestamp: new Date().toISOString() }));
  }

  private info(): SessionInfo {
    const now = new Date().toISOString();
    return {
      sessionId: this.sessionId,
      title: 'Scripted conversation',
      createdAt: this.createdAt,
      lastActivityAt: now,
      expiresAt: new Date(Date.now() + 604_800_000).toISOString(),
      messageCount: this.messages.length,
    };
  }

  /** The latest messages that fit in one frame, as the real server trims its pages. */
  private latestThatFit(): ChatMessage[] {
    const page: ChatMessage[] = [];
    let bytes = 0;
    for (const message of [...this.messages].reverse()) {
      const size = Buffer.byteLength(JSON.stringify(message));
      if (bytes + size > 120 * 1024) continue;
      bytes += size;
      page.unshift(message);
    }
    return page;
  }

  private async onFrame(route: WebSocketRoute, frame: Frame) {
    const requestId = frame.requestId;
    switch (frame.action) {
      case 'open_session':
        return this.send(route, {
          type: 'session_opened',
          requestId,
          sessionId: this.sessionId,
          created: this.messages.length === 0,
          session: this.info(),
          messages: this.latestThatFit(),
          hasMore: false,
          preferences: DEFAULT_PREFERENCES,
        });
      case 'list_sessions':
        return this.send(route, { type: 'session_list', requestId, sessions: [this.info()] });
      case 'load_history':
        return this.send(route, {
          type: 'history_page',
          requestId,
          sessionId: this.sessionId,
          messages: [],
          hasMore: false,
        });
      case 'ping':
        return this.send(route, { type: 'pong', requestId });
      case 'chat_message':
        return this.answer(route, frame);
      default:
        return undefined; // nothing else is needed by these tests
    }
  }

  private async answer(route: WebSocketRoute, frame: Frame) {
    const clientMessageId = String(frame.clientMessageId);
    const refusal = this.answers.get(String(frame.content))?.refuse;
    if (refusal) {
      return this.send(route, {
        type: 'error',
        requestId: frame.requestId,
        sessionId: this.sessionId,
        clientMessageId,
        ...refusal,
        retryable: false,
      });
    }
    const existing = this.messages.find((m) => m.clientMessageId === clientMessageId);
    const question: ChatMessage = existing ?? {
      messageId: `m-${++this.ids}`,
      sessionId: this.sessionId,
      role: 'user',
      content: String(frame.content),
      timestamp: new Date().toISOString(),
      clientMessageId,
    };
    if (!existing) this.messages.push(question);
    this.send(route, {
      type: 'message_ack',
      requestId: frame.requestId,
      sessionId: this.sessionId,
      clientMessageId,
      messageId: question.messageId,
      stored: true,
    });
    const done = this.messages.find((m) => m.replyTo === question.messageId);
    if (done)
      return this.send(route, {
        type: 'assistant_message',
        sessionId: this.sessionId,
        message: done,
        stored: true,
      });

    const script = this.answers.get(question.content) ?? {
      content: `You asked: ${question.content}`,
    };
    const replyId = `m-${++this.ids}`;
    this.send(route, { type: 'typing', sessionId: this.sessionId, isTyping: true });
    const size = script.deltaChars ?? 400;
    for (let at = 0, seq = 0; at < script.content.length; at += size, seq++) {
      if (script.pauseAt && at <= script.pauseAt.chars && at + size > script.pauseAt.chars) {
        await script.pauseAt.until;
      }
      this.send(route, {
        type: 'assistant_delta',
        sessionId: this.sessionId,
        messageId: replyId,
        replyTo: question.messageId,
        seq,
        delta: script.content.slice(at, at + size),
      });
      // Let the page breathe between deltas, as a network would.
      if (seq % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const reply: ChatMessage = {
      messageId: replyId,
      sessionId: this.sessionId,
      role: 'assistant',
      content: script.content,
      timestamp: new Date().toISOString(),
      replyTo: question.messageId,
      agentsUsed: ['cost-forecast-agent'],
    };
    this.messages.push(reply);
    this.send(route, {
      type: 'assistant_message',
      sessionId: this.sessionId,
      message: reply,
      stored: true,
    });
    this.send(route, { type: 'typing', sessionId: this.sessionId, isTyping: false });
  }
}
