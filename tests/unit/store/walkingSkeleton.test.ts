import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatStore } from '../../../src/store/createChatStore';
import type { ChatStore } from '../../../src/store/createChatStore';
import { startChat } from '../../../src/store/startChat';
import { FakeServer, TEST_URL, mockSocketFactory, sessionOpened } from '../../support/fakeServer';
import { FakeStorage, sequentialIds } from '../../support/fakeStorage';

let server: FakeServer;
let store: ChatStore;
let stop: () => void;

beforeEach(async () => {
  vi.useFakeTimers();
  server = new FakeServer();
  store = createChatStore({ storage: new FakeStorage(), newId: sequentialIds() });
  stop = startChat({
    url: TEST_URL,
    userId: 'u-1',
    store,
    createSocket: mockSocketFactory,
    onlineSource: null,
  });
  await vi.advanceTimersByTimeAsync(10);
});

afterEach(() => {
  stop();
  server.stop();
  vi.useRealTimers();
});

describe('walking skeleton', () => {
  it('connects with the protocol query, opens a session, sends and shows a streamed answer', async () => {
    expect(server.urls[0]).toBe(`${TEST_URL}?v=1&userId=u-1`);
    expect(store.getState().connection).toEqual({ kind: 'open' });
    const [open] = server.sent('open_session');
    expect(open).toEqual({ action: 'open_session', requestId: expect.any(String) });
    server.send(sessionOpened(open!.requestId, 's-1'));
    await vi.advanceTimersByTimeAsync(10);
    expect(store.getState().currentSessionId).toBe('s-1');

    expect(store.getState().sendMessage('What did EC2 cost?')).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    const [chat] = server.sent('chat_message');
    expect(chat).toMatchObject({
      sessionId: 's-1',
      clientMessageId: 'cm-1',
      content: 'What did EC2 cost?',
    });
    expect(store.getState().messages['cm-1']?.deliveryStatus).toBe('sending');

    server.send({
      type: 'message_ack',
      requestId: chat!.requestId,
      sessionId: 's-1',
      clientMessageId: 'cm-1',
      messageId: 'm-1',
      stored: true,
    });
    server.send({ type: 'typing', sessionId: 's-1', isTyping: true, agent: 'cost-forecast-agent' });
    server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'm-2',
      replyTo: 'm-1',
      seq: 1,
      delta: ' world',
    });
    server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'm-2',
      replyTo: 'm-1',
      seq: 0,
      delta: 'Hello',
    });
    server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'm-2',
      replyTo: 'm-1',
      seq: 0,
      delta: 'Hello',
    });
    await vi.advanceTimersByTimeAsync(10);
    let state = store.getState();
    expect(state.messages['cm-1']?.deliveryStatus).toBe('sent');
    expect(state.typing['s-1']).toEqual({ agent: 'cost-forecast-agent' });
    expect(state.messages['m-2']).toMatchObject({ content: 'Hello world', streaming: true });
    expect(state.order['s-1']).toEqual(['cm-1', 'm-2']);

    server.send({
      type: 'assistant_message',
      sessionId: 's-1',
      stored: true,
      message: {
        messageId: 'm-2',
        sessionId: 's-1',
        role: 'assistant',
        replyTo: 'm-1',
        content: 'Hello, world.',
        timestamp: '2026-11-21T10:00:01.000Z',
      },
    });
    await vi.advanceTimersByTimeAsync(10);
    state = store.getState();
    expect(state.messages['m-2']).toMatchObject({ content: 'Hello, world.' });
    expect(state.messages['m-2']?.streaming).toBeUndefined();
    expect(state.messages['cm-1']?.deliveryStatus).toBe('answered');
    expect(state.typing['s-1']).toBeUndefined();
    expect(state.outbox).toEqual([]);
  });
});
