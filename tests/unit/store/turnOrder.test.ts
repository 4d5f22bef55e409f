import { describe, expect, it } from 'vitest';
import { sortKeys } from '../../../src/store/turnOrder';
import type { UiMessage } from '../../../src/store/types';

function user(key: string, messageId: string | undefined, timestamp: string): UiMessage {
  return { key, sessionId: 's', role: 'user', content: key, timestamp, messageId };
}
function reply(key: string, replyTo: string, timestamp: string): UiMessage {
  return {
    key,
    sessionId: 's',
    role: 'assistant',
    content: key,
    timestamp,
    messageId: key,
    replyTo,
  };
}
function sorted(...list: UiMessage[]): string[] {
  const messages = Object.fromEntries(list.map((m) => [m.key, m]));
  return sortKeys(
    list.map((m) => m.key),
    messages,
  );
}

describe('turn order', () => {
  it('keeps a reply under its question when it ended after the next question was asked', () => {
    expect(
      sorted(
        user('q2', 'm-2', '2026-11-29T10:00:05.000Z'),
        reply('a1', 'm-1', '2026-11-29T10:00:09.000Z'),
        reply('a2', 'm-2', '2026-11-29T10:00:12.000Z'),
        user('q1', 'm-1', '2026-11-29T10:00:00.000Z'),
      ),
    ).toEqual(['q1', 'a1', 'q2', 'a2']);
  });

  it('moves a reply with its question when the question’s place changes', () => {
    expect(
      sorted(
        user('q1', 'm-1', '2026-11-29T10:00:10.000Z'),
        reply('a1', 'm-1', '2026-11-29T10:00:11.000Z'),
        user('q2', 'm-2', '2026-11-29T10:00:05.000Z'),
        reply('a2', 'm-2', '2026-11-29T10:00:12.000Z'),
      ),
    ).toEqual(['q2', 'a2', 'q1', 'a1']);
  });

  it('puts questions not acknowledged yet last, in the order written', () => {
    expect(
      sorted(
        user('later', undefined, '2026-11-29T09:00:00.000Z'),
        user('q1', 'm-1', '2026-11-29T10:00:00.000Z'),
        user('first', undefined, '2026-11-29T11:00:00.000Z'),
        reply('a1', 'm-1', '2026-11-29T10:00:01.000Z'),
      ),
    ).toEqual(['q1', 'a1', 'later', 'first']);
  });

  it('places a reply whose question is not loaded by its own time, and survives bad dates and odd ids', () => {
    expect(
      sorted(
        user('__proto__', 'constructor', '2026-11-29T10:00:05.000Z'),
        reply('toString', 'constructor', 'not a date'),
        reply('a0', 'm-0', '2026-11-29T10:00:01.000Z'),
      ),
    ).toEqual(['a0', '__proto__', 'toString']);
  });
});
