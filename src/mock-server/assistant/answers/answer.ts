import type { Preferences } from '../../../protocol/types';
import { periodFor, type Period, type ServiceProfile, type TimeRange } from '../costData';
import type { Topic } from '../intent';

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
  service?: ServiceProfile;
  range: TimeRange;
  period: Period;
  prefs: Preferences;
  now: number;
  /** An amount held in USD, formatted in the user's currency. */
  m: (usd: number) => string;
}

export interface Answer {
  sections: ReplySection[];
  followUps: string[];
}

export function phrase(range: TimeRange): string {
  return range === 'ytd' ? 'so far this year' : `in the ${periodFor(range, 0).label}`;
}

export function short(service: ServiceProfile): string {
  return service.name.replace(/^(?:Amazon|AWS) /, '');
}

export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
