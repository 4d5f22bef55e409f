// A store wired to a mock-socket FakeServer through startChat, for store tests on vi's fake
// timers. The test plays the server: it reads what the client sent and answers frame by frame.
import { vi } from 'vitest';
import type { ChatMessage, ClientFrameOf } from '../../src/protocol/types';
import { createChatStore } from '../../src/store/createChatStore';
import type { ChatStore } from '../../src/store/createChatStore';
import { startChat } from '../../src/store/startChat';
import { shownText } from '../../src/store/transcript';
import type { OnlineSource } from '../../src/services/WebSocketChatService';
import { FakeServer, TEST_URL, mockSocketFactory, sessionOpened } from './fakeServer';
import { FakeStorage, sequentialIds } from './fakeStorage';

export interface ChatHarnessOptions {
  storage?: FakeStorage;
  idPrefix?: string;
  userId?: string;
  server?: FakeServer;
  onlineSource?: OnlineSource | null;
}

export class ChatHarness {
  readonly server: FakeServer;
  readonly storage: FakeStorage;
  readonly store: ChatStore;
  private stopChat: (() => void) | null = null;
  private answeredOpens = 0;
  private assistantCounter = 0;

  constructor(private readonly options: ChatHarnessOptions = {}) {
    this.server = options.server ?? new FakeServer();
    this.storage = options.storage ?? new FakeStorage();
    this.store = createChatStore({
      storage: this.storage,
      newId: sequentialIds(options.idPrefix ?? 'cm'),
      logger: { warn: () => undefined, error: () => undefined },
    });
  }

  get state() {
    return this.store.getState();
  }

  /** startChat, and let the socket open. */
  async start(): Promise<this> {
    this.stopChat = startChat({
      url: TEST_URL,
      userId: this.options.userId,
      store: this.store,
      createSocket: mockSocketFactory,
      onlineSource: this.options.onlineSource ?? null,
      random: () => 0.5,
      logger: { warn: () => undefined, error: () => undefined },
    });
    await pass();
    return this;
  }

  stop(): void {
    this.stopChat?.();
    this.stopChat = null;
  }

  /** Answers the next unanswered open_session. */
  async openSession(
    sessionId = 's-1',
    extra: Parameters<typeof sessionOpened>[2] = {},
  ): Promise<ClientFrameOf<'open_session'>> {
    await pass();
    const open = this.server.sent('open_session')[this.answeredOpens];
    if (!open) throw new Error('the client sent no open_session to answer');
    this.answeredOpens += 1;
    this.server.send(sessionOpened(open.requestId, sessionId, extra));
    await pass();
    return open;
  }

  /** Marks every open_session sent so far as answered (or deliberately ignored). */
  skipOpens(): void {
    this.answeredOpens = this.server.sent('open_session').length;
  }

  chats(): ClientFrameOf<'chat_message'>[] {
    return this.server.sent('chat_message');
  }

  lastChat(): ClientFrameOf<'chat_message'> {
    const chat = this.chats().at(-1);
    if (!chat) throw new Error('no chat_message sent');
    return chat;
  }

  async ack(chat: ClientFrameOf<'chat_message'>, messageId = `m-${chat.clientMessageId}`) {
    this.server.send({
      type: 'message_ack',
      requestId: chat.requestId,
      sessionId: chat.sessionId,
      clientMessageId: chat.clientMessageId,
      messageId,
      stored: true,
    });
    await pass();
    return messageId;
  }

  /** Acks (if needed) and answers `chat` with a final assistant message. */
  async answer(
    chat: ClientFrameOf<'chat_message'>,
    content = `Answer to ${chat.content}`,
    extra: Partial<ChatMessage> = {},
  ): Promise<ChatMessage> {
    const replyTo = `m-${chat.clientMessageId}`;
    this.assistantCounter += 1;
    const message: ChatMessage = {
      messageId: `a-${chat.clientMessageId}`,
      sessionId: chat.sessionId,
      role: 'assistant',
      content,
      replyTo,
      timestamp: this.server.timestamp(),
      ...extra,
    };
    this.server.send({
      type: 'assistant_message',
      sessionId: chat.sessionId,
      message,
      stored: true,
    });
    await pass();
    return message;
  }

  transcript(sessionId = this.state.currentSessionId ?? ''): string[] {
    const { order, messages, streamingText } = this.state;
    return (order[sessionId] ?? []).map((key) => {
      const message = messages[key];
      return `${message?.role}:${message ? shownText(message, streamingText) : undefined}`;
    });
  }
}

/** Lets mock-socket's 4 ms hops (and `ms` in all) pass on the fake clock. */
export function pass(ms = 20): Promise<unknown> {
  return vi.advanceTimersByTimeAsync(ms);
}

export { FakeStorage };
