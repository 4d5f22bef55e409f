import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACK_TIMEOUT_MS, MAX_SENDS, TYPING_TIMEOUT_MS } from '../../../src/store/engine/timings';
import { DELTA_WRITE_INTERVAL_MS } from '../../../src/store/engine/Streaming';
import type { ClientFrameOf } from '../../../src/protocol/types';
import { ChatHarness, pass } from '../../support/fakeChat';

let chat: ChatHarness;
let question: ClientFrameOf<'chat_message'>;

function delta(seq: number, text: string, messageId = 'a-1', replyTo = 'm-cm-1') {
  chat.server.send({
    type: 'assistant_delta',
    sessionId: 's-1',
    messageId,
    replyTo,
    seq,
    delta: text,
  });
}

beforeEach(async () => {
  vi.useFakeTimers();
  chat = await new ChatHarness().start();
  await chat.openSession('s-1');
  chat.state.sendMessage('What did EC2 cost?');
  await pass();
  question = chat.lastChat();
  await chat.ack(question);
});

afterEach(() => {
  chat.stop();
  chat.server.stop();
  vi.useRealTimers();
});

describe('deltas', () => {
  it('applies deltas in seq order, holds early ones and ignores duplicates', async () => {
    delta(2, 'C');
    delta(1, 'B');
    await pass();
    expect(chat.state.messages['a-1']).toBeUndefined(); // nothing to show without seq 0
    delta(0, 'A');
    delta(1, 'B');
    delta(0, 'A');
    delta(3, 'D');
    delta(3, 'D');
    await pass(DELTA_WRITE_INTERVAL_MS);
    expect(chat.state.messages['a-1']).toMatchObject({
      role: 'assistant',
      streaming: true,
      replyTo: 'm-cm-1',
    });
    expect(chat.state.streamingText).toEqual({ 'a-1': 'ABCD' });
    expect(chat.transcript()).toEqual(['user:What did EC2 cost?', 'assistant:ABCD']);
  });

  it('changes only the streaming text per delta; messages and order only when the bubble appears', async () => {
    const asked = chat.state;
    delta(0, 'A');
    await pass();
    const before = chat.state;
    expect(before.messages).not.toBe(asked.messages);
    expect(before.order).not.toBe(asked.order);
    delta(1, 'B');
    await pass(DELTA_WRITE_INTERVAL_MS);
    const after = chat.state;
    expect(after.streamingText).toEqual({ 'a-1': 'AB' });
    expect(before.streamingText).toEqual({ 'a-1': 'A' });
    // The transcript is not copied per delta: that made a delta's cost grow with its length.
    expect(after.messages).toBe(before.messages);
    expect(after.order).toBe(before.order);
    expect(after.sessions).toBe(before.sessions);
    expect(after.outbox).toBe(before.outbox);
  });

  it('writes the text of a fast stream to the store a few times, not once per delta', async () => {
    delta(0, 'A');
    await pass();
    expect(chat.state.streamingText).toEqual({ 'a-1': 'A' }); // the bubble is placed at once
    let writes = 0;
    const stop = chat.store.subscribe((state, before) => {
      if (state.streamingText !== before.streamingText) writes++;
    });
    for (let seq = 1; seq <= 40; seq++) {
      delta(seq, 'x');
      await pass(5); // 40 deltas in 200 ms
    }
    await pass(DELTA_WRITE_INTERVAL_MS);
    stop();
    expect(chat.state.streamingText).toEqual({ 'a-1': `A${'x'.repeat(40)}` });
    expect(writes).toBeGreaterThan(1);
    expect(writes).toBeLessThanOrEqual(Math.ceil(200 / DELTA_WRITE_INTERVAL_MS) + 1);
  });

  it('writes the text it holds before any other frame, which sees all of it', async () => {
    delta(0, 'A');
    await pass();
    delta(1, 'B');
    delta(2, 'C');
    chat.server.send({ type: 'typing', sessionId: 's-1', isTyping: true });
    await pass(5); // less than DELTA_WRITE_INTERVAL_MS
    expect(chat.state.streamingText).toEqual({ 'a-1': 'ABC' });
  });

  it('lets the final message replace the text, and ignores deltas and duplicates after it', async () => {
    delta(0, 'Draft ');
    delta(1, 'text');
    await pass();
    const final = await chat.answer(question, 'Final **text**', {
      followUps: ['Forecast?'],
      agentsUsed: ['cost-forecast-agent'],
    });
    expect(chat.state.messages['a-cm-1']).toMatchObject({
      content: 'Final **text**',
      followUps: ['Forecast?'],
      agentsUsed: ['cost-forecast-agent'],
    });
    expect(chat.state.messages['a-cm-1']?.streaming).toBeUndefined();
    expect(chat.state.streamingText).toEqual({});
    const settled = chat.state.messages['a-cm-1'];
    delta(2, ' late', 'a-cm-1');
    chat.server.send({ type: 'assistant_message', sessionId: 's-1', message: final, stored: true });
    await pass();
    expect(chat.state.messages['a-cm-1']).toBe(settled);
    expect(chat.transcript()).toEqual(['user:What did EC2 cost?', 'assistant:Final **text**']);
    expect(chat.state.messages['cm-1']?.deliveryStatus).toBe('answered');
  });

  it('drops a partial reply that was abandoned for another (a server restart mid-reply)', async () => {
    delta(0, 'Half an ans', 'a-old');
    await pass();
    await chat.answer(question, 'A whole answer');
    expect(chat.transcript()).toEqual(['user:What did EC2 cost?', 'assistant:A whole answer']);
    expect(chat.state.messages['a-old']).toBeUndefined();
    expect(chat.state.streamingText).toEqual({});
  });

  it('cancels the reply being generated and shows the stopped final message', async () => {
    delta(0, 'Partial', 'a-cm-1');
    await pass();
    chat.state.cancelReply();
    await pass();
    expect(chat.server.sent('cancel')).toEqual([
      { action: 'cancel', requestId: expect.any(String), sessionId: 's-1', messageId: 'a-cm-1' },
    ]);
    await chat.answer(question, 'Partial', { stopped: true });
    expect(chat.state.messages['a-cm-1']).toMatchObject({ content: 'Partial', stopped: true });
    chat.state.cancelReply(); // nothing streaming any more: nothing sent
    await pass();
    expect(chat.server.sent('cancel')).toHaveLength(1);
  });
});

describe('turns', () => {
  it('keeps each answer under its question when the next question is sent while it streams', async () => {
    delta(0, 'First answer');
    chat.state.sendMessage('And S3?');
    await pass();
    const second = chat.lastChat();
    expect(second.content).toBe('And S3?'); // sent at once, not held back by the stream
    await pass(1_000);
    await chat.ack(second);
    await pass(1_000);
    await chat.answer(question, 'First answer, finished');
    expect(chat.transcript()).toEqual([
      'user:What did EC2 cost?',
      'assistant:First answer, finished',
      'user:And S3?',
    ]);
    await chat.answer(second, 'S3 answer');
    expect(chat.transcript()).toEqual([
      'user:What did EC2 cost?',
      'assistant:First answer, finished',
      'user:And S3?',
      'assistant:S3 answer',
    ]);
  });
});

describe('stopping a reply before its first frame', () => {
  it('sends the cancel with the first delta, once, and shows the stopped message', async () => {
    chat.state.cancelReply(); // acknowledged, nothing streamed yet: no messageId to name
    await pass();
    expect(chat.server.sent('cancel')).toEqual([]);
    expect(chat.state.notices).toEqual([]);

    delta(0, 'Part', 'a-cm-1');
    delta(1, 'ial', 'a-cm-1');
    await pass();
    expect(chat.server.sent('cancel')).toEqual([
      { action: 'cancel', requestId: expect.any(String), sessionId: 's-1', messageId: 'a-cm-1' },
    ]);
    await chat.answer(question, 'Partial', { stopped: true });
    expect(chat.state.messages['a-cm-1']).toMatchObject({ content: 'Partial', stopped: true });
    expect(chat.server.sent('cancel')).toHaveLength(1);
  });

  it('sends it with the final message when the reply was not streamed', async () => {
    chat.state.cancelReply();
    await pass();
    const final = await chat.answer(question, 'A whole answer');
    expect(chat.server.sent('cancel')).toEqual([
      { action: 'cancel', requestId: expect.any(String), sessionId: 's-1', messageId: 'a-cm-1' },
    ]);
    // The server answers a cancel for a finished reply with that reply: nothing changes.
    chat.server.send({ type: 'assistant_message', sessionId: 's-1', message: final, stored: true });
    await pass();
    expect(chat.transcript()).toEqual(['user:What did EC2 cost?', 'assistant:A whole answer']);
    expect(chat.server.sent('cancel')).toHaveLength(1);
  });

  it('stops a question asked before its ack, and only that reply', async () => {
    await chat.answer(question);
    chat.state.sendMessage('And S3?');
    await pass();
    const second = chat.lastChat();
    chat.state.cancelReply(); // sent, not acknowledged yet
    await chat.ack(second);
    delta(0, 'S3 cost', `a-${second.clientMessageId}`, `m-${second.clientMessageId}`);
    await pass();
    expect(chat.server.sent('cancel')).toEqual([
      expect.objectContaining({ sessionId: 's-1', messageId: `a-${second.clientMessageId}` }),
    ]);
    await chat.answer(second, 'S3 cost', { stopped: true });

    chat.state.sendMessage('And RDS?');
    await pass();
    const third = chat.lastChat();
    await chat.ack(third);
    delta(0, 'RDS', `a-${third.clientMessageId}`, `m-${third.clientMessageId}`);
    await pass();
    expect(chat.server.sent('cancel')).toHaveLength(1);
  });

  it('does not carry a stop over to a failed question the user sends again', async () => {
    await chat.answer(question);
    chat.state.sendMessage('And S3?');
    await pass();
    chat.state.cancelReply();
    await vi.advanceTimersByTimeAsync(MAX_SENDS * ACK_TIMEOUT_MS + 100);
    expect(chat.state.messages['cm-2']?.deliveryStatus).toBe('failed');

    chat.state.retryMessage('cm-2');
    await pass();
    await chat.ack(chat.lastChat());
    delta(0, 'S3 cost', 'a-cm-2', 'm-cm-2');
    await pass();
    expect(chat.server.sent('cancel')).toEqual([]);
  });

  it('stops nothing when no reply is awaited', async () => {
    await chat.answer(question);
    chat.state.cancelReply();
    chat.state.sendMessage('And S3?');
    await pass();
    const second = chat.lastChat();
    await chat.ack(second);
    delta(0, 'S3', `a-${second.clientMessageId}`, `m-${second.clientMessageId}`);
    await pass();
    expect(chat.server.sent('cancel')).toEqual([]);
  });
});

describe('typing indicator', () => {
  it('shows the agent and clears on the final message', async () => {
    chat.server.send({
      type: 'typing',
      sessionId: 's-1',
      isTyping: true,
      agent: 'budget-management-agent',
      status: 'Reading budgets',
    });
    await pass();
    expect(chat.state.typing['s-1']).toEqual({
      agent: 'budget-management-agent',
      status: 'Reading budgets',
    });
    await chat.answer(question);
    expect(chat.state.typing['s-1']).toBeUndefined();
  });

  it('clears after 30 s without frames for the session; frames keep it alive', async () => {
    chat.server.send({ type: 'typing', sessionId: 's-1', isTyping: true });
    await pass();
    await vi.advanceTimersByTimeAsync(TYPING_TIMEOUT_MS - 5000);
    delta(0, 'still working');
    await vi.advanceTimersByTimeAsync(TYPING_TIMEOUT_MS - 1000);
    expect(chat.state.typing['s-1']).toEqual({});
    await vi.advanceTimersByTimeAsync(2000);
    expect(chat.state.typing['s-1']).toBeUndefined();
  });

  it('clears on disconnect', async () => {
    chat.server.send({ type: 'typing', sessionId: 's-1', isTyping: true });
    await pass();
    chat.server.close(1006);
    await pass();
    expect(chat.state.typing).toEqual({});
  });

  it('clears on typing false', async () => {
    chat.server.send({ type: 'typing', sessionId: 's-1', isTyping: true });
    chat.server.send({ type: 'typing', sessionId: 's-1', isTyping: false });
    await pass();
    expect(chat.state.typing['s-1']).toBeUndefined();
  });
});
