// Time periods as AWS Cost Explorer speaks of them: calendar months, quarters and years
// (the current one "to date"), and rolling spans of days. Days are UTC days since the epoch.
import type { Preferences } from '../../protocol/types';

export type TimeRange = Preferences['timeRange'];
export type CalendarUnit = 'month' | 'quarter' | 'year';

export interface Period {
  /** First day included. */
  start: number;
  /** First day not included: the current, incomplete day is never counted. */
  end: number;
  /** A calendar month, quarter or year (possibly cut short at today), or a span of days. */
  unit: CalendarUnit | 'days';
  /** In words: "October 2026", "Q3 2026", "2026 to date", "last 30 days". */
  name: string;
}

const DAY_MS = 86_400_000;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_SHORT = MONTH_NAMES.map((m) => m.slice(0, 3));

/** Days since the epoch, UTC. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function dayOfDate(year: number, month0: number, date = 1): number {
  return dayOf(Date.UTC(year, month0, date));
}

function parts(day: number): { year: number; month0: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month0: d.getUTCMonth(), date: d.getUTCDate() };
}

/** The period's name with its dates: "October 2026 (1–31 Oct)". */
export function label(period: Period): string {
  return period.end > period.start ? `${period.name} (${dateSpan(period)})` : period.name;
}

/** "1–31 Oct", "1 Jul – 30 Sep", "21 Nov 2025 – 20 Nov 2026". */
export function dateSpan(period: Period): string {
  const first = parts(period.start);
  const last = parts(period.end - 1);
  const month = (p: { month0: number }) => MONTHS_SHORT[p.month0]!;
  if (period.end - period.start === 1) return `${first.date} ${month(first)} ${first.year}`;
  if (first.year !== last.year) {
    return `${first.date} ${month(first)} ${first.year} – ${last.date} ${month(last)} ${last.year}`;
  }
  if (first.month0 === last.month0) return `${first.date}–${last.date} ${month(first)}`;
  return `${first.date} ${month(first)} – ${last.date} ${month(last)}`;
}

export function days(period: Period): number {
  return period.end - period.start;
}

/** A calendar unit, cut short at `today` when it is still running. */
function calendar(unit: CalendarUnit, year: number, index: number, today: number): Period {
  const [start, end, name] =
    unit === 'month'
      ? [dayOfDate(year, index), dayOfDate(year, index + 1), `${MONTH_NAMES[index]} ${year}`]
      : unit === 'quarter'
        ? [dayOfDate(year, index * 3), dayOfDate(year, index * 3 + 3), `Q${index + 1} ${year}`]
        : [dayOfDate(year, 0), dayOfDate(year + 1, 0), `${year}`];
  const running = start < today && end > today;
  return {
    start,
    end: Math.min(end, Math.max(today, start)),
    unit,
    name: running ? `${name} to date` : name,
  };
}

export function month(year: number, month0: number, today: number): Period {
  return calendar('month', year, month0, today);
}

export function quarter(year: number, quarter0: number, today: number): Period {
  return calendar('quarter', year, quarter0, today);
}

export function year(year: number, today: number): Period {
  return calendar('year', year, 0, today);
}

/** The calendar unit containing `day`; `back` units earlier. */
export function unitAt(unit: CalendarUnit, day: number, today: number, back = 0): Period {
  const { year: y, month0 } = parts(day);
  if (unit === 'month') {
    const m = y * 12 + month0 - back;
    return month(Math.floor(m / 12), m % 12, today);
  }
  if (unit === 'quarter') {
    const q = y * 4 + Math.floor(month0 / 3) - back;
    return quarter(Math.floor(q / 4), q % 4, today);
  }
  return year(y - back, today);
}

/** The latest month (0–11) or quarter (0–3) of that number that has begun by `today`. */
export function latest(unit: 'month' | 'quarter', index: number, today: number): Period {
  const now = parts(today);
  const current = unit === 'month' ? now.month0 : Math.floor(now.month0 / 3);
  const y = index <= current ? now.year : now.year - 1;
  return unit === 'month' ? month(y, index, today) : quarter(y, index, today);
}

export function lastDays(n: number, today: number, name = `last ${n} days`): Period {
  return { start: today - n, end: today, unit: 'days', name: n === 1 ? 'yesterday' : name };
}

export function lastMonths(n: number, today: number): Period {
  const { year: y, month0, date } = parts(today);
  return {
    start: dayOfDate(y, month0 - n, date),
    end: today,
    unit: 'days',
    name: `last ${n} months`,
  };
}

/** The default period of a preference. */
export function periodForRange(range: TimeRange, today: number): Period {
  switch (range) {
    case '7d':
      return lastDays(7, today);
    case '30d':
      return lastDays(30, today);
    case '90d':
      return lastDays(90, today);
    case '12m':
      return lastMonths(12, today);
    case 'ytd':
      return unitAt('year', today - 1, today);
  }
}

/** Whole, or cut short at today ("November 2026 to date"). */
export function isToDate(period: Period): boolean {
  return period.unit !== 'days' && period.name.endsWith(' to date');
}

/**
 * "The month before that": the whole unit just before the period, in `unit` when given
 * (a month followed by "the quarter before that" moves to the quarter before its own).
 */
export function before(period: Period, today: number, unit?: CalendarUnit): Period {
  const along = unit ?? period.unit;
  if (along === 'days') {
    const n = days(period);
    return {
      start: period.start - n,
      end: period.start,
      unit: 'days',
      name: `the ${n} days before`,
    };
  }
  return unitAt(along, period.start, today, 1);
}

/** "The same month last year": the same dates a year earlier. */
export function yearEarlier(period: Period, today: number): Period {
  if (period.unit !== 'days' && !isToDate(period))
    return unitAt(period.unit, period.start, today, perYear(period.unit));
  const shift = (day: number) => {
    const p = parts(day);
    return dayOfDate(p.year - 1, p.month0, p.date);
  };
  const start = shift(period.start);
  const end = shift(period.end);
  const name =
    period.unit === 'days'
      ? `the same ${days(period)} days a year earlier`
      : `${period.name.replace(/ to date$/, '').replace(/\d{4}$/, (y) => `${Number(y) - 1}`)}, same days`;
  return { start, end, unit: 'days', name };
}

function perYear(unit: CalendarUnit): number {
  return unit === 'month' ? 12 : unit === 'quarter' ? 4 : 1;
}

/**
 * What a period's change is measured against: the unit before it, like for like (the first
 * 20 days of the month before, for November to date), or the days just before a span.
 */
export function comparable(period: Period, today: number): Period {
  if (period.unit === 'days' || !isToDate(period)) return before(period, today);
  const previous = before(period, today);
  const end = Math.min(previous.start + days(period), previous.end);
  return {
    start: previous.start,
    end,
    unit: 'days',
    name: `${previous.name}, same days`,
  };
}

export function shortDate(day: number): string {
  const { month0, date } = parts(day);
  return `${MONTHS_SHORT[month0]} ${date}`;
}

export function monthLabel(day: number): string {
  const { year: y, month0 } = parts(day);
  return `${MONTHS_SHORT[month0]} ${y}`;
}

export function monthName(day: number): string {
  const { year: y, month0 } = parts(day);
  return `${MONTH_NAMES[month0]} ${y}`;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export { MONTH_NAMES };
