// The periods a question names, in the order it names them, and the relative ones
// ("the month before that", "the same month last year") that need a period from context.
import {
  lastDays,
  lastMonths,
  latest,
  month,
  quarter,
  unitAt,
  year,
  type CalendarUnit,
  type Period,
} from './periods';

/** A period named relative to another: the one in the question, else the context's. */
export type Shift = { kind: 'before'; unit?: CalendarUnit } | { kind: 'yearEarlier' };

export interface PeriodPhrases {
  /** Periods named outright, in the order they appear. */
  periods: Period[];
  shift?: Shift;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  six: 6,
  seven: 7,
  twelve: 12,
  fourteen: 14,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const NUMBER = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const MONTH_KEYS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const ORDINALS = ['first', 'second', 'third', 'fourth'];
const UNITS: Record<string, CalendarUnit | undefined> = {
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

type Rule = [RegExp, (m: RegExpExecArray, today: number) => Period | undefined];

const RULES: Rule[] = [
  [
    new RegExp(
      `\\b(?:(?:last|past|previous|trailing|the) )?${NUMBER} ?(days?|d|weeks?|months?|m)\\b(?! before| earlier| a year)`,
      'g',
    ),
    (m, today) => {
      const n = Number(m[1]) || NUMBER_WORDS[m[1]!]!;
      const unit = m[2]!;
      if (n === 0 || n > 400) return undefined;
      if (unit.startsWith('w')) return lastDays(7 * n, today);
      if (unit.startsWith('m')) return lastMonths(n, today);
      return lastDays(n, today);
    },
  ],
  [/\b(?:ttm|trailing twelve months)\b/g, (_, today) => lastMonths(12, today)],
  [
    new RegExp(`\\b${MONTH}(?:,? (20\\d\\d))?\\b`, 'g'),
    (m, today) => {
      const index = MONTH_KEYS.indexOf(m[1]!.slice(0, 3));
      // "may" is a month only beside a year or a preposition ("in May", "May 2026").
      if (
        m[1] === 'may' &&
        !m[2] &&
        !/\b(?:in|for|of|during|since|from|and|vs|with) $/.test(m.input.slice(0, m.index))
      )
        return undefined;
      return m[2] ? month(Number(m[2]), index, today) : latest('month', index, today);
    },
  ],
  [
    new RegExp(
      `\\b(?:q([1-4])|(${ORDINALS.join('|')}) quarter)(?:[ -]?(?:of |in )?(20\\d\\d))?\\b`,
      'g',
    ),
    (m, today) => {
      const index = m[1] ? Number(m[1]) - 1 : ORDINALS.indexOf(m[2]!);
      return m[3] ? quarter(Number(m[3]), index, today) : latest('quarter', index, today);
    },
  ],
  [
    /\b(?:(?:so far )?this|current|the current) (month|quarter|year)\b|\b(month|quarter|year)[- ]to[- ]date\b|\b(m|q|y)td\b/g,
    (m, today) => {
      const key = m[1] ?? m[2] ?? { m: 'month', q: 'quarter', y: 'year' }[m[3]!]!;
      return unitAt(UNITS[key]!, today - 1, today);
    },
  ],
  [/\b(?:last|past) (month|quarter|year)\b/g, (m, today) => unitAt(UNITS[m[1]!]!, today, today, 1)],
  [/\b(?:last|past|this) week\b/g, (_, today) => lastDays(7, today)],
  [/\byesterday\b/g, (_, today) => lastDays(1, today)],
  [/\b(20\d\d)\b/g, (m, today) => year(Number(m[1]), today)],
];

const SHIFTS: Array<[RegExp, (m: RegExpExecArray) => Shift]> = [
  [
    /\b(?:the )?same (?:month|quarter|period|time|days|dates|one)(?: (?:of|in))? (?:last|the previous|the prior|a) year\b|\b(?:a|one) year (?:earlier|before|ago)\b|\byear[- ]on[- ]year\b|\byear[- ]over[- ]year\b|\byoy\b/g,
    () => ({ kind: 'yearEarlier' }),
  ],
  [
    /\b(?:the )?(month|quarter|year|week|period|one|days)? ?before (?:that|this|it|then)\b|\bthe (month|quarter|year|period|one) before\b|\b(?:the )?(?:previous|prior|preceding) (month|quarter|year|period|one)\b|\b(month|quarter)[- ]over[- ]\4\b/g,
    (m) => {
      const unit = UNITS[m[1] ?? m[2] ?? m[3] ?? m[4] ?? ''];
      return unit ? { kind: 'before', unit } : { kind: 'before' };
    },
  ],
];

/** Parses `lower` (lower case); "(1–31 Oct)" date spans, as headings carry, are skipped. */
export function parsePeriods(lower: string, today: number): PeriodPhrases {
  let text = lower.replace(/\(\d[^)]*\)/g, (span) => ' '.repeat(span.length));
  const consume = (m: RegExpExecArray) => {
    text = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
  };
  let shift: Shift | undefined;
  for (const [pattern, make] of SHIFTS) {
    for (const m of [...text.matchAll(pattern)]) {
      shift ??= make(m);
      consume(m);
    }
  }
  const found: Array<{ index: number; period: Period }> = [];
  for (const [pattern, make] of RULES) {
    for (const m of [...text.matchAll(pattern)]) {
      const period = make(m, today);
      if (!period) continue;
      found.push({ index: m.index, period });
      consume(m);
    }
  }
  found.sort((a, b) => a.index - b.index);
  return { periods: found.map((f) => f.period), ...(shift ? { shift } : {}) };
}
