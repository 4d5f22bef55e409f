// "in euros", "be brief", "use 90 days by default": the preferences a message changes.
import type { Preferences } from '../../protocol/types';
import type { TimeRange } from './periods';

const CURRENCY_WORDS: Array<[string, RegExp]> = [
  ['EUR', /euros?|\beur\b|€/],
  ['GBP', /pounds?|sterling|\bgbp\b|£/],
  ['JPY', /\byen\b|\bjpy\b/],
  ['CHF', /swiss francs?|\bchf\b/],
  ['CAD', /canadian dollars?|\bcad\b/],
  ['AUD', /australian dollars?|\baud\b/],
  ['INR', /rupees?|\binr\b/],
  ['SEK', /swedish kron[aor]+|\bsek\b/],
  ['USD', /(?:us )?dollars?|\busd\b|\$/],
];

const DETAIL_PATTERNS: Array<[Preferences['detailLevel'], RegExp]> = [
  ['detailed', /more detail|in detail|\bdetailed\b|elaborate|deep dive/],
  [
    'summary',
    /\bbrief(?:ly)?\b|shorter|short version|summary only|just the summary|tl;?dr|concise/,
  ],
  ['standard', /standard detail|normal detail|usual detail/],
];

const DEFAULT_RANGE_CUE = /by default|from now on|default to|always (?:show|use)/;

const RANGE_PATTERNS: Array<[TimeRange, RegExp]> = [
  ['ytd', /year[ -]to[ -]date|this year|\bytd\b/],
  ['12m', /\b12 months|twelve months|(?:last|past) year|\b12m\b|annual|yearly/],
  ['90d', /\b90 days|\b3 months|three months|quarter|\b90d\b/],
  ['30d', /\b30 days|(?:last|past|this) month|\b30d\b/],
  ['7d', /\b7 days|seven days|(?:last|past|this) week|\b7d\b/],
];

/** Whether the message sets a default ("use 90 days by default") rather than asking. */
export function setsDefault(lower: string): boolean {
  return DEFAULT_RANGE_CUE.test(lower);
}

export function parsePreferenceChanges(lower: string): Partial<Preferences> {
  const changes: Partial<Preferences> = {};
  const currency = currencyChange(lower);
  if (currency) changes.currency = currency;
  const detail = DETAIL_PATTERNS.find(([, pattern]) => pattern.test(lower));
  if (detail) changes.detailLevel = detail[0];
  if (setsDefault(lower)) {
    const range = RANGE_PATTERNS.find(([, pattern]) => pattern.test(lower));
    if (range) changes.timeRange = range[0];
  }
  return changes;
}

function currencyChange(lower: string): string | undefined {
  // "in euros", "switch to GBP", "use yen": a currency named after a preposition or verb.
  const cue = /\b(?:in|into|to|use|using|convert(?: it)?(?: to)?)\s+(?:the\s+)?(.{1,24})/g;
  for (const match of lower.matchAll(cue)) {
    const words = match[1] ?? '';
    const found = CURRENCY_WORDS.find(([, pattern]) => pattern.exec(words)?.index === 0);
    if (found) return found[0];
  }
  return undefined;
}
