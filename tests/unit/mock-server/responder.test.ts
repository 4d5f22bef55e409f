import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunk,
  replyContent,
  respond,
  summarize,
} from '../../../src/mock-server/assistant/responder';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';
import type { ChatMessage, Preferences } from '../../../src/protocol/types';

const NOW = Date.UTC(2026, 10, 21, 10);

function ask(
  question: string,
  preferences: Partial<Preferences> = {},
  context: ChatMessage[] = [],
) {
  return respond({
    question,
    context,
    preferences: { ...DEFAULT_PREFERENCES, ...preferences },
    now: NOW,
  });
}

function message(role: 'user' | 'assistant', content: string, i: number): ChatMessage {
  return {
    messageId: `m-${i}`,
    sessionId: 's',
    role,
    content,
    timestamp: new Date(NOW).toISOString(),
  };
}

describe('responder', () => {
  it('formats money in the preferred currency with Intl', () => {
    expect(replyContent(ask('Show cost by service', { currency: 'JPY' }))).toMatch(
      /¥[\d,]+\b(?!\.)/,
    );
    expect(replyContent(ask('Show cost by service', { currency: 'GBP' }))).toMatch(/£[\d,]+\.\d\d/);
  });

  it('shows more rows and a pie chart when detailed, fewer and no chart when brief', () => {
    const rows = (text: string) =>
      text.split('\n').filter((line) => line.startsWith('| Amazon') || line.startsWith('| AWS'))
        .length;
    const brief = replyContent(ask('Show cost by service', { detailLevel: 'summary' }));
    const detailed = replyContent(ask('Show cost by service', { detailLevel: 'detailed' }));
    expect(rows(brief)).toBe(3);
    expect(rows(detailed)).toBe(8);
    expect(brief).not.toMatch(/```chart/);
    expect(detailed).toMatch(/```chart\n\{"type":"pie"/);
  });

  it('uses the preferred time range unless the question names one', () => {
    expect(replyContent(ask('Show cost by service', { timeRange: '7d' }))).toMatch(/last 7 days/);
    // "Last quarter" is the previous calendar quarter, as Cost Explorer has it, not 90 days.
    expect(replyContent(ask('Show cost by service last quarter', { timeRange: '7d' }))).toMatch(
      /### Cost by service, Q3 2026 \(1 Jul – 30 Sep\)/,
    );
    expect(ask('use 12 months by default').preferenceChanges).toEqual({ timeRange: '12m' });
  });

  it('recognises preference changes only when they change something', () => {
    expect(ask('show me this in euros').preferenceChanges).toEqual({ currency: 'EUR' });
    expect(ask('show me this in euros', { currency: 'EUR' }).preferenceChanges).toBeUndefined();
    expect(ask('keep it brief').preferenceChanges).toEqual({ detailLevel: 'summary' });
    expect(ask('reduce costs to under $5000').preferenceChanges).toBeUndefined();
  });

  it('answers "Continue" after a stopped answer with that answer in full, and says so', () => {
    const question = 'Forecast next month';
    const whole = replyContent(ask(question));
    const stopped = { ...message('assistant', whole.slice(0, 40), 2), stopped: true };
    const context = [message('user', question, 1), stopped];

    const reply = replyContent(ask('Continue', {}, context));
    expect(reply).toBe(`_Picking up the stopped answer: here it is in full._\n\n${whole}`);
    // Without a stopped answer before it, "continue" is not a request for the rest.
    const finished = [message('user', question, 1), message('assistant', whole, 2)];
    expect(replyContent(ask('Continue', {}, finished))).not.toMatch(/Picking up/);
  });

  it('answers gibberish with help instead of repeating the previous topic', () => {
    const context = [
      message('user', 'What did EC2 cost last month?', 1),
      message('assistant', '### Amazon EC2 cost, last 30 days', 2),
    ];
    expect(replyContent(ask('zzz qqq', {}, context))).toMatch(/not sure what you are asking/);
    expect(replyContent(ask('and last quarter?', {}, context))).toMatch(
      /### EC2 cost, Q3 2026 \(1 Jul – 30 Sep\)/,
    );
  });

  it('summarises older turns in words the responder can resolve again', () => {
    const summary = summarize([
      message('user', 'What did S3 cost last week?', 1),
      message('assistant', '### Amazon S3 cost, last 7 days\n\n…', 2),
      message('user', 'in pounds please', 3),
    ]);
    expect(summary).toBe(
      'Earlier in this conversation (2 questions): Amazon S3 cost, last 7 days; currency set to GBP',
    );
    const reply = respond({
      question: 'and the trend?',
      context: [],
      summary,
      preferences: DEFAULT_PREFERENCES,
      now: NOW,
    });
    expect(replyContent(reply)).toMatch(/### S3 trend, last 7 days \(14–20 Nov\)/);
  });

  it('splits content into pieces that concatenate to the original', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.constantFrom(1, 4, 80), (text, minChars) => {
        const pieces = chunk(text, minChars);
        expect(pieces.join('')).toBe(text);
        expect(pieces.every((p) => p.length > 0)).toBe(true);
        // Only the last piece may fall short of the minimum.
        expect(pieces.slice(0, -1).every((p) => p.length >= minChars)).toBe(true);
      }),
    );
  });

  it('streams word-sized tokens by default, as a model does, and whole-word chunks when asked', () => {
    const text = replyContent(ask('Which instances should we rightsize?'));
    const tokens = chunk(text);
    const lengths = tokens.map((t) => t.length).sort((a, b) => a - b);
    expect(lengths[lengths.length - 1]).toBeLessThanOrEqual(12);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(8);
    // Mostly a word with the space before it, as " rightsize".
    expect(tokens.filter((t) => /^\s?\w+$/.test(t)).length).toBeGreaterThan(tokens.length / 3);

    const coarse = chunk(text, 80);
    expect(coarse.join('')).toBe(text);
    expect(coarse.length).toBeLessThan(tokens.length / 8);
    // No word is cut: every piece but the last ends a word, and the next starts with a space.
    coarse.slice(0, -1).forEach((piece, i) => {
      expect(piece).toMatch(/\S$/);
      expect(coarse[i + 1]).toMatch(/^\s/);
    });
  });
});
