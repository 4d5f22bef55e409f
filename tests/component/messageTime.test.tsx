import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageBubble } from '../../src/components/chat/MessageBubble';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

// The bubble formats in the browser's locale; these say what it must show in any locale.
const time = { hour: '2-digit', minute: '2-digit' } as const;
const date = { day: 'numeric', month: 'short' } as const;
const format = (at: Date, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(undefined, options).format(at);

/** The time line of a bubble showing a message of ours written at `at`. */
function timeShownFor(at: Date | string) {
  const timestamp = typeof at === 'string' ? at : at.toISOString();
  resetStore(
    transcript('s-1', [{ key: 'c-1', role: 'user', content: 'How much did EC2 cost?', timestamp }]),
  );
  const { unmount } = renderWithTheme(<MessageBubble messageKey="c-1" />);
  const bubble = screen.getByRole('article', { name: 'You said' });
  const shown = within(bubble).queryByText(/\d\d/)?.textContent ?? '';
  unmount();
  return shown;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2026, 11, 4, 16, 30));
});
afterEach(() => vi.useRealTimers());

describe('the time under a message', () => {
  it('is the time of day alone today, from its first minute', () => {
    const at = new Date(2026, 11, 4, 0, 5);
    expect(timeShownFor(at)).toBe(format(at, time));
    expect(timeShownFor(at)).not.toContain(format(at, { month: 'short' }));
  });

  it('has the day and month on another day of this year', () => {
    const lastNight = new Date(2026, 11, 3, 23, 55);
    expect(timeShownFor(lastNight)).toBe(format(lastNight, { ...date, ...time }));
    expect(timeShownFor(lastNight)).toContain(format(lastNight, { month: 'short' }));
    expect(timeShownFor(lastNight)).not.toContain('2026');

    const spring = new Date(2026, 3, 4, 16, 30);
    expect(timeShownFor(spring)).toBe(format(spring, { ...date, ...time }));
  });

  it('has the year when it is not this one', () => {
    const lastYear = new Date(2025, 11, 4, 16, 30);
    expect(timeShownFor(lastYear)).toBe(format(lastYear, { ...date, year: 'numeric', ...time }));
    expect(timeShownFor(lastYear)).toContain('2025');
  });

  it('is left out for a timestamp that is not a date', () => {
    expect(timeShownFor('yesterday-ish')).toBe('');
  });
});
