// What one message asks, read on its own; the context fills the gaps (context.ts).
import type { Preferences } from '../../protocol/types';
import { parsePeriods, type Shift } from './periodPhrases';
import type { Period } from './periods';
import { parsePreferenceChanges, setsDefault } from './preferencePhrases';
import { findNamed, type CatalogueEntry } from './serviceCatalogue';

export type Topic =
  | 'cost_by_service'
  | 'service_cost'
  | 'trend'
  | 'drivers'
  | 'comparison'
  | 'forecast'
  | 'budgets'
  | 'recommendations'
  | 'anomalies'
  | 'savings_plans'
  | 'help';

/** Topics an answer can narrow to named services or usage types. */
export const SUBJECT_TOPICS: readonly Topic[] = [
  'service_cost',
  'trend',
  'drivers',
  'comparison',
  'forecast',
  'anomalies',
];

/** What one message asks for; every part is optional, the context fills gaps. */
export interface Intent {
  topic?: Topic;
  /** Services and usage types named, in order. */
  named: CatalogueEntry[];
  /** "it", "that service" (one); "those", "them" (several): named in an earlier message. */
  reference?: 'one' | 'several';
  /** Periods named outright, in order: the first is asked about, a second compared with. */
  periods: Period[];
  /** "the month before that", "the same month last year". */
  shift?: Shift;
  preferenceChanges: Partial<Preferences>;
  /** "and…", "what about…", "it": the message leans on the one before. */
  followUpCue: boolean;
}

// Order matters: the first topic whose pattern matches wins ("forecast of my budget" is
// about budgets, "why did costs jump" about drivers, "cost anomalies" about anomalies).
const TOPIC_PATTERNS: Array<[Topic, RegExp]> = [
  ['anomalies', /anomal|\bspikes?\b|unusual|unexpected|sudden|outliers?/],
  ['savings_plans', /savings? ?plans?|\bcoverage\b|commitment|reserved instances?|\bris?\b/],
  [
    'recommendations',
    /trusted advisor|right-?siz|recommend|\bidle\b|underutili[sz]|over-?provision|optimi[sz]|save money|(?:reduce|cut|lower) (?:my |our |the )?(?:costs?|spend|bill)|\bwaste|advice|\badvise|suggest/,
  ],
  ['budgets', /budget|\balerts?\b|threshold|overspend/],
  [
    'forecast',
    /forecast|predict|projection|projected|next (?:month|quarter|year)|end of (?:the )?month|month[- ]end|will (?:i|we) spend|run[- ]rate/,
  ],
  [
    'drivers',
    /\bwhy\b|what (?:has |have )?changed|what drove|\bdriv(?:ers?|ing|en)\b|what caused|explain|(?:go|gone|went|going|gone) (?:up|down)|increase|decrease|\brise\b|\brose\b|\bgrew\b|\bjump(?:ed|s)?\b|\bdrop(?:ped|s)?\b/,
  ],
  [
    'comparison',
    /compar|\bvs\.?\b|versus|side by side|\bagainst\b|(?:month|quarter|year)[- ](?:over|on)[- ](?:month|quarter|year)|\byoy\b|\bmom\b/,
  ],
  [
    'trend',
    /trend|over time|\bdaily\b|\bweekly\b|\bmonthly\b|growth|growing|history|\bchart\b|\bgraph\b|\bplot\b/,
  ],
  [
    'cost_by_service',
    /cost|spend|spent|\bbill|how much|breakdown|break down|by service|top services|expensive|charges?|\bpaid\b|\bpay(?:ing)?\b/,
  ],
  ['help', /^\s*(?:hi|hello|hey)\b|\bhelp\b|what can you|how do i use/],
];

const ALL_SERVICES = /by service|all services|each service|per service|every service/;

/** `today`: the current UTC day, which periods such as "last month" are counted from. */
export function parseIntent(text: string, today: number): Intent {
  const lower = text.toLowerCase();
  const phrases = setsDefault(lower) ? { periods: [] } : parsePeriods(lower, today);
  const named = findNamed(lower);
  let topic = TOPIC_PATTERNS.find(([, pattern]) => pattern.test(lower))?.[0];
  if (topic === 'cost_by_service' && named.length > 0 && !ALL_SERVICES.test(lower)) {
    topic = 'service_cost';
  }
  const reference = /\b(?:those|these|them|they|their)\b/.test(lower)
    ? 'several'
    : /\b(?:it|its|that service|this service|that one|the same service)\b/.test(lower)
      ? 'one'
      : undefined;
  return {
    ...(topic ? { topic } : {}),
    named,
    ...(reference ? { reference } : {}),
    periods: phrases.periods,
    ...(phrases.shift ? { shift: phrases.shift } : {}),
    preferenceChanges: parsePreferenceChanges(lower),
    followUpCue:
      /^\s*(?:and|what about|how about|same|now|also|then)\b/.test(lower) ||
      /\b(?:it|its|that|them|those|these)\b|\bthis\b(?! (?:month|quarter|year|week))/.test(lower),
  };
}
