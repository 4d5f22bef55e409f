import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTAGE_NOTICE_ID } from '../../../src/store/engine/Outage';
import { ChatHarness, pass } from '../../support/fakeChat';
import { sessionOpened } from '../../support/fakeServer';

let chat: ChatHarness;

beforeEach(async () => {
  vi.useFakeTimers();
  chat = await new ChatHarness().start();
});

afterEach(() => {
  chat.stop();
  chat.server.stop();
  vi.useRealTimers();
});

function failLastOpen(message = 'Saved conversations cannot be reached. Please try again.') {
  const open = chat.server.sent('open_session').at(-1)!;
  chat.server.send({
    type: 'error',
    requestId: open.requestId,
    code: 'STORAGE_UNAVAILABLE',
    message,
    retryable: true,
  });
}

describe('requests other than chat messages', () => {
  it('retries a failing open_session with backoff, 1, 2, 4, … s capped at 30 s, never in a loop', async () => {
    const waits: number[] = [];
    await pass();
    for (let i = 0; i < 7; i++) {
      const sent = chat.server.sent('open_session').length;
      failLastOpen();
      await pass();
      let waited = 0;
      while (chat.server.sent('open_session').length === sent) {
        await vi.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      waits.push(waited);
    }
    const expected = [1, 2, 4, 8, 16, 30, 30].map((s) => s * 1000);
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(expected[i]! * 0.8 - 100); // jitter is ±20%
      expect(ms).toBeLessThanOrEqual(expected[i]! * 1.2 + 100);
    });
  });

  it('waits longer after each failure', async () => {
    await pass();
    failLastOpen();
    await vi.advanceTimersByTimeAsync(1_300);
    expect(chat.server.sent('open_session')).toHaveLength(2);
    failLastOpen();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(chat.server.sent('open_session')).toHaveLength(2); // 2 s ± 20%: not yet
    await vi.advanceTimersByTimeAsync(1_000);
    expect(chat.server.sent('open_session')).toHaveLength(3);
    failLastOpen();
    await vi.advanceTimersByTimeAsync(3_100);
    expect(chat.server.sent('open_session')).toHaveLength(3); // 4 s ± 20%
    await vi.advanceTimersByTimeAsync(2_000);
    expect(chat.server.sent('open_session')).toHaveLength(4);
  });

  it('tells the user in words from the first failure, keeps what they write, and clears the notice on success', async () => {
    await pass();
    failLastOpen();
    await pass();
    const notice = chat.state.notices.find((n) => n.id === OUTAGE_NOTICE_ID);
    expect(notice?.message).toMatch(
      /^Conversation history is unavailable right now\. What you write is kept/,
    );
    failLastOpen('STORAGE_UNAVAILABLE: dynamodb timeout');
    await pass();
    // One notice, updated; a technical message is replaced by the code's sentence.
    expect(chat.state.notices.filter((n) => n.id === OUTAGE_NOTICE_ID)).toHaveLength(1);
    expect(JSON.stringify(chat.state.notices)).not.toMatch(/dynamodb|STORAGE_UNAVAILABLE/);

    chat.state.sendMessage('Still there?');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(chat.chats()).toHaveLength(0); // nothing goes out before a session is open
    const open = chat.server.sent('open_session').at(-1)!;
    chat.server.send(sessionOpened(open.requestId, 's-1'));
    await pass();
    expect(chat.state.notices.find((n) => n.id === OUTAGE_NOTICE_ID)).toBeUndefined();
    expect(chat.lastChat()).toMatchObject({ content: 'Still there?', sessionId: 's-1' });
  });

  it('tells a long RATE_LIMITED wait (a limit reached), and stays quiet about a short one', async () => {
    await pass();
    const refuse = (retryAfterMs: number) => {
      const open = chat.server.sent('open_session').at(-1)!;
      chat.server.send({
        type: 'error',
        requestId: open.requestId,
        code: 'RATE_LIMITED',
        message: 'You have too many conversations.',
        retryable: true,
        retryAfterMs,
      });
    };
    refuse(2_000);
    await pass();
    expect(chat.state.notices).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_000);
    refuse(60_000);
    await pass();
    expect(chat.state.notices.find((n) => n.id === OUTAGE_NOTICE_ID)?.message).toMatch(
      /a limit was reached .*Deleting conversations .* tries again in 60 s; what you write is kept/,
    );
  });

  it('is quiet about a stop that came after the reply ended', async () => {
    await chat.openSession('s-1');
    chat.state.sendMessage('hello');
    await pass();
    const question = chat.lastChat();
    await chat.ack(question);
    chat.server.send({
      type: 'assistant_delta',
      sessionId: 's-1',
      messageId: 'a-1',
      replyTo: `m-${question.clientMessageId}`,
      seq: 0,
      delta: 'Hi',
    });
    await pass();
    chat.state.cancelReply();
    await pass();
    const cancel = chat.server.sent('cancel').at(-1)!;
    chat.server.send({
      type: 'error',
      requestId: cancel.requestId,
      code: 'BAD_REQUEST',
      message: 'messageId: no reply with this id in the session',
      retryable: false,
    });
    await pass();
    expect(chat.state.notices).toEqual([]);
  });

  it('says something in words for an error code it does not know', async () => {
    await chat.openSession('s-1');
    chat.state.renameSession('s-1', 'Budget review');
    await pass();
    const rename = chat.server.sent('rename_session').at(-1)!;
    chat.server.send({
      type: 'error',
      requestId: rename.requestId,
      code: 'QUOTA_EXCEEDED',
      message: 'quota_exceeded',
      retryable: false,
    });
    await pass();
    expect(chat.state.notices.map((n) => n.message)).toEqual([
      'Something went wrong on the assistant’s side.',
    ]);
  });
});
