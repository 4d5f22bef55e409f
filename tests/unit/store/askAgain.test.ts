import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatHarness, pass } from '../../support/fakeChat';

let chat: ChatHarness;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-11-21T10:00:00.000Z'));
});

afterEach(() => {
  chat?.stop();
  chat?.server.stop();
  vi.useRealTimers();
});

/** A session with one question answered, and something half written in the composer. */
async function answered() {
  chat = await new ChatHarness().start();
  await chat.openSession('s-1');
  chat.state.sendMessage('What did EC2 cost?');
  chat.state.setDraft('s-1', 'half a thought');
  await pass();
  const question = chat.lastChat();
  await chat.ack(question);
  const answer = await chat.answer(question, 'EC2 cost $12.');
  return { question, answer };
}

describe('sending from elsewhere than the composer', () => {
  it('asks an answer’s question again as a new turn, marked, and leaves the draft alone', async () => {
    const { answer } = await answered();

    expect(chat.state.askAgain(answer.messageId)).toBe(true);
    await pass();

    const again = chat.lastChat();
    expect(again.content).toBe('What did EC2 cost?');
    expect(chat.chats()).toHaveLength(2);
    expect(chat.state.messages[again.clientMessageId]?.askedAgain).toBe(true);
    expect(chat.transcript()).toEqual([
      'user:What did EC2 cost?',
      'assistant:EC2 cost $12.',
      'user:What did EC2 cost?',
    ]);
    expect(chat.state.drafts['s-1']).toBe('half a thought');
  });

  it('keeps the mark when the server’s page brings the stored question', async () => {
    const { question, answer } = await answered();
    chat.state.askAgain(answer.messageId);
    await pass();
    const again = chat.lastChat();
    await chat.ack(again);
    const stored = (q: typeof again, timestamp: string) => ({
      messageId: `m-${q.clientMessageId}`,
      sessionId: 's-1',
      role: 'user' as const,
      content: q.content,
      clientMessageId: q.clientMessageId,
      timestamp,
    });
    // After a reconnect, the session's page comes from the server, without the mark.
    chat.server.close(1006, 'network');
    await pass();
    await vi.advanceTimersByTimeAsync(1100);
    await chat.openSession('s-1', {
      messages: [
        stored(question, '2026-11-21T09:59:00.000Z'),
        answer,
        stored(again, '2026-11-21T10:00:01.000Z'),
      ],
    });
    expect(chat.transcript()).toEqual([
      'user:What did EC2 cost?',
      'assistant:EC2 cost $12.',
      'user:What did EC2 cost?',
    ]);
    expect(chat.state.messages[again.clientMessageId]?.askedAgain).toBe(true);
    expect(chat.state.messages[question.clientMessageId]?.askedAgain).toBeUndefined();
  });

  it('says so when the question of an answer is not loaded, and sends nothing', async () => {
    chat = await new ChatHarness().start();
    await chat.openSession('s-1', {
      messages: [
        {
          messageId: 'a-1',
          sessionId: 's-1',
          role: 'assistant',
          content: 'An answer whose question is on an older page.',
          replyTo: 'm-old',
          timestamp: '2026-11-21T09:00:00.000Z',
        },
      ],
      hasMore: true,
    });

    expect(chat.state.askAgain('a-1')).toBe(false);
    expect(chat.chats()).toHaveLength(0);
    expect(chat.state.notices[0]?.message).toMatch(/not loaded/);
  });

  it('sends a suggestion without touching the draft, even when refused', async () => {
    await answered();
    expect(chat.state.sendMessage('Forecast next month', 'button')).toBe(true);
    await pass();
    expect(chat.state.drafts['s-1']).toBe('half a thought');
    expect(chat.state.sendMessage('x'.repeat(9000), 'button')).toBe(false);
    expect(chat.state.drafts['s-1']).toBe('half a thought');
    expect(chat.lastChat().content).toBe('Forecast next month');
  });
});
