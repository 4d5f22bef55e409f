import type { Preferences } from '../../../protocol/types';
import type { Topic } from '../intent';
import type { Period } from '../periods';
import type { CatalogueEntry } from '../serviceCatalogue';

export const AGENTS = {
  forecast: 'cost-forecast-agent',
  budget: 'budget-management-agent',
  advisor: 'trusted-advisor-agent',
  supervisor: 'supervisor-agent',
} as const;
/** Who answers; the name goes to `typing.agent` and `agentsUsed`. */
export type AgentName = (typeof AGENTS)[keyof typeof AGENTS];

/** One agent's part of a reply; the parts are streamed in order. */
export interface ReplySection {
  agent: AgentName;
  /** What the typing indicator says while this agent works. */
  status: string;
  markdown: string;
}

export interface Reply {
  sections: ReplySection[];
  followUps: string[];
  /** Preferences the user changed by asking; the answer already uses them. */
  preferenceChanges?: Partial<Preferences>;
}

/** A question as the supervisor resolved it, ready for an agent. */
export interface Ask {
  topic: Topic;
  /** Services and usage types asked about; none means the whole account. */
  named: CatalogueEntry[];
  period: Period;
  /** What the period is compared with (the one before it, unless the question said). */
  against: Period;
  prefs: Preferences;
  now: number;
  /** The current UTC day; periods end before it. */
  today: number;
  /** An amount held in USD, formatted in the user's currency. */
  m: (usd: number) => string;
}

export interface Answer {
  sections: ReplySection[];
  followUps: string[];
}

/** "over the last 30 days", "in October 2026", "yesterday": a period inside a sentence. */
export function during(period: Period): string {
  if (period.name === 'yesterday') return 'yesterday';
  return period.unit === 'days' && period.name.startsWith('last ')
    ? `over the ${period.name}`
    : `in ${period.name}`;
}

/** "EC2", "EC2 and S3", "EC2, S3 and RDS". */
export function listWords(words: string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** A period's name as a table column header: "The 30 days before". */
export function header(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
