import type { ChatMessage, Preferences } from '../protocol/types';
import { costByService, periodFor } from './costData';
import { change, money, table } from './format';

export const AGENTS = {
  forecast: 'cost-forecast-agent',
  budget: 'budget-management-agent',
  advisor: 'trusted-advisor-agent',
} as const;
export type AgentName = (typeof AGENTS)[keyof typeof AGENTS];

export interface ResponderInput {
  question: string;
  /** The last messages before the question, oldest first. */
  context: ChatMessage[];
  summary?: string;
  preferences: Preferences;
  now: number;
}

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
  /** Preferences the user changed by asking, applied before answering. */
  preferenceChanges?: Partial<Preferences>;
}

export const SECTION_SEPARATOR = '\n\n';

export function replyContent(reply: Reply): string {
  return reply.sections.map((s) => s.markdown).join(SECTION_SEPARATOR);
}

export function agentsUsed(reply: Reply): string[] {
  return [...new Set(reply.sections.map((s) => s.agent))];
}

export function respond(input: ResponderInput): Reply {
  const { preferences, now } = input;
  const period = periodFor(preferences.timeRange, now);
  const lines = costByService(period);
  const total = lines.reduce((sum, l) => sum + l.cost, 0);
  const shown = lines.slice(0, 5);
  const rows = shown.map((l) => [
    l.service.name,
    money(l.cost, preferences.currency),
    change(l.cost, l.previous),
  ]);
  const markdown = [
    `### Cost by service, ${period.label}`,
    `Total spend was **${money(total, preferences.currency)}**.`,
    table(['Service', 'Cost', 'vs previous period'], rows, [1, 2]),
  ].join('\n\n');
  return {
    sections: [{ agent: AGENTS.forecast, status: 'Querying Cost Explorer…', markdown }],
    followUps: ['Forecast next month?', 'Any cost anomalies?'],
  };
}

/** A one-line account of turns older than the context window. */
export function summarize(older: ChatMessage[]): string | undefined {
  const questions = older.filter((m) => m.role === 'user').map((m) => m.content.slice(0, 60));
  if (questions.length === 0) return undefined;
  return `Earlier the user asked: ${questions.join('; ')}`.slice(0, 500);
}

/** Splits markdown into stream-sized pieces whose concatenation is the original. */
export function chunk(markdown: string, size = 48): string[] {
  const pieces: string[] = [];
  const tokens = markdown.match(/\s*\S+\s*/g) ?? [markdown];
  let current = '';
  for (const token of tokens) {
    current += token;
    if (current.length >= size) {
      pieces.push(current);
      current = '';
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
