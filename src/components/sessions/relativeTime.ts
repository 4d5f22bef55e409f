// The times a conversation row shows, and how fresh they need to be.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// English, like every other word of the interface: a browser locale would make half-French
// rows ("il y a 5 minutes · 6 days left").
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
];

/** "5 minutes ago", "yesterday": the coarsest unit that fits. */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of STEPS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/** "6 days left", "5 hours left": rounded down, so it never promises more than there is. */
export function timeLeft(expiresAt: string, now = Date.now()): string {
  const left = Date.parse(expiresAt) - now;
  if (left >= DAY) return plural(Math.floor(left / DAY), 'day') + ' left';
  if (left >= HOUR) return plural(Math.floor(left / HOUR), 'hour') + ' left';
  return left > 0 ? 'less than an hour left' : 'expired';
}

/**
 * `now` rounded, for one row, to what its labels can show: a memoized row then renders again
 * when its text may change, not on every tick of the list's clock. Every minute in the first
 * hour after the activity; every 10 minutes in the first day and in the last (hours left);
 * hourly in between, where both labels count days. Rounded from the row's own activity, so the
 * rows' updates spread over the hour instead of coming all at once. Rounded up after the first
 * hour, so the time left (rounded down) is never more than there is; in the first minute it
 * says "7 days left" where 6 days and 23:59 hours are, which is what the user was promised.
 */
export function labelClock(lastActivityAt: string, now: number): number {
  const last = Date.parse(lastActivityAt);
  const elapsed = Math.max(0, now - last);
  if (elapsed < HOUR) return last + elapsed - (elapsed % MINUTE);
  const step = elapsed < DAY || elapsed >= 6 * DAY ? 10 * MINUTE : HOUR;
  return last + Math.ceil(elapsed / step) * step;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
