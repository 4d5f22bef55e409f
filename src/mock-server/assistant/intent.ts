import type { Preferences } from '../../protocol/types';
import { SERVICES, type ServiceProfile, type TimeRange } from './costData';

export type Topic =
  | 'cost_by_service'
  | 'service_cost'
  | 'trend'
  | 'forecast'
  | 'budgets'
  | 'recommendations'
  | 'anomalies'
  | 'savings_plans'
  | 'help';

/** What one message asks for; every part is optional, the context fills gaps. */
export interface Intent {
  topic?: Topic;
  service?: ServiceProfile;
  timeRange?: TimeRange;
  preferenceChanges: Partial<Preferences>;
  /** "and…", "what about…", "it": the message leans on the one before. */
  followUpCue: boolean;
}

// Order matters: the first topic whose pattern matches wins ("forecast of my budget" is
// about budgets, "cost anomalies" about anomalies).
const TOPIC_PATTERNS: Array<[Topic, RegExp]> = [
  ['anomalies', /anomal|\bspikes?\b|unusual|unexpected|sudden|\bjump/],
  ['savings_plans', /savings? ?plans?|\bcoverage\b|commitment|reserved instances?|\bris?\b/],
  [
    'recommendations',
    /trusted advisor|right-?siz|recommend|\bidle\b|underutili[sz]|over-?provision|optimi[sz]|save money|reduce (?:my |our )?(?:cost|spend|bill)|cut (?:my |our )?costs?|\bwaste/,
  ],
  ['budgets', /budget|\balerts?\b|threshold|overspend/],
  [
    'forecast',
    /forecast|predict|projection|projected|next (?:month|quarter)|end of (?:the )?month|will (?:i|we) spend/,
  ],
  ['trend', /trend|over time|\bdaily\b|\bweekly\b|growth|growing|history|\bchart\b|\bgraph\b/],
  [
    'cost_by_service',
    /cost|spend|spent|\bbill|how much|breakdown|by service|top services|expensive|charges?/,
  ],
  ['help', /^\s*(?:hi|hello|hey)\b|\bhelp\b|what can you/],
];

const SERVICE_ALIASES: Record<string, RegExp> = {
  'Amazon EC2': /\bec2\b|\bcompute\b|\bvms?\b|\binstances?\b/,
  'Amazon RDS': /\brds\b|aurora|postgres|mysql|\bdatabases?\b/,
  'Amazon S3': /\bs3\b|object storage|\bbuckets?\b/,
  'Amazon EKS': /\beks\b|kubernetes|\bk8s\b|fargate|containers?/,
  'Amazon CloudFront': /cloudfront|\bcdn\b/,
  'Amazon DynamoDB': /dynamo/,
  'AWS Lambda': /lambda|serverless/,
  'Amazon CloudWatch': /cloudwatch|\blogs\b|monitoring/,
};

const RANGE_PATTERNS: Array<[TimeRange, RegExp]> = [
  ['ytd', /year[ -]to[ -]date|this year|\bytd\b/],
  ['12m', /\b12 months|twelve months|(?:last|past) year|\b12m\b|annual|yearly/],
  ['90d', /\b90 days|\b3 months|three months|quarter|\b90d\b/],
  ['30d', /\b30 days|(?:last|past|this) month|\b30d\b/],
  ['7d', /\b7 days|seven days|(?:last|past|this) week|\b7d\b/],
];

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

export function parseIntent(text: string): Intent {
  const lower = text.toLowerCase();
  const intent: Intent = { preferenceChanges: {}, followUpCue: false };

  const currency = currencyChange(lower);
  if (currency) intent.preferenceChanges.currency = currency;
  const detail = DETAIL_PATTERNS.find(([, pattern]) => pattern.test(lower));
  if (detail) intent.preferenceChanges.detailLevel = detail[0];

  const range = RANGE_PATTERNS.find(([, pattern]) => pattern.test(lower));
  if (range) {
    if (/by default|from now on|default to|always (?:show|use)/.test(lower)) {
      intent.preferenceChanges.timeRange = range[0];
    } else {
      intent.timeRange = range[0];
    }
  }

  const service = SERVICES.find((s) => SERVICE_ALIASES[s.name]?.test(lower));
  if (service) intent.service = service;
  intent.topic = TOPIC_PATTERNS.find(([, pattern]) => pattern.test(lower))?.[0];
  if (intent.topic === 'cost_by_service' && service && !/by service|all services/.test(lower)) {
    intent.topic = 'service_cost';
  }
  intent.followUpCue =
    /^\s*(?:and|what about|how about|same|now)\b/.test(lower) ||
    /\b(?:it|its|that|this|them|those)\b/.test(lower);
  return intent;
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
