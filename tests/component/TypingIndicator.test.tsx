import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { TypingIndicator } from '../../src/components/chat/TypingIndicator';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';

function dotAnimations(): string[] {
  const dots = screen.getByRole('status').querySelectorAll('[aria-hidden] > *');
  return [...dots].map(
    (dot) => getComputedStyle(dot).animationName || getComputedStyle(dot).animation,
  );
}

beforeEach(() => resetStore());

describe('TypingIndicator', () => {
  it('moves its dots while the assistant prepares the answer, and holds them still once it streams', () => {
    resetStore({
      ...transcript('s-1', [
        { key: 'q', role: 'user', content: 'Forecast?', timestamp: ts, messageId: 'm-q' },
      ]),
      typing: { 's-1': { agent: 'cost-forecast-agent' } },
    });
    const { rerender } = renderWithTheme(<TypingIndicator />);
    expect(screen.getByRole('status')).toHaveTextContent('cost-forecast-agent is working…');
    expect(dotAnimations().every((animation) => animation !== '' && animation !== 'none')).toBe(
      true,
    );

    resetStore({
      ...transcript('s-1', [
        { key: 'q', role: 'user', content: 'Forecast?', timestamp: ts, messageId: 'm-q' },
        {
          key: 'a',
          role: 'assistant',
          content: '',
          timestamp: ts,
          messageId: 'a',
          replyTo: 'm-q',
          streaming: true,
        },
      ]),
      streamingText: { a: 'Next month' },
      typing: { 's-1': { agent: 'cost-forecast-agent' } },
    });
    rerender(<TypingIndicator />);
    expect(screen.getByRole('status')).toHaveTextContent('cost-forecast-agent is working…');
    expect(dotAnimations()).toEqual(['none', 'none', 'none']);
  });
});
