import { MAX_FOLLOW_UPS } from '../../protocol/limits';
import type { ChatMessage, Preferences } from '../../protocol/types';
import { periodFor, type ServiceProfile, type TimeRange } from './costData';
import { hasRate, money } from './format';
import { parseIntent, type Intent, type Topic } from './intent';
import type { Answer, Ask, Reply } from './answers/answer';
import { budgetsAnswer, recommendationsAnswer, savingsPlansAnswer } from './answers/adviceAnswers';
import {
  anomaliesAnswer,
  costByServiceAnswer,
  forecastAnswer,
  serviceCostAnswer,
  trendAnswer,
} from './answers/costAnswers';
import { confirmation, helpAnswer, notUnderstood } from './answers/helpAnswers';

export { AGENTS, type AgentName, type Reply, type ReplySection } from './answers/answer';

export interface ResponderInput {
  question: string;
  /** The last messages before the question, oldest first. */
  context: ChatMessage[];
  summary?: string;
  preferences: Preferences;
  now: number;
}

export const SECTION_SEPARATOR = '\n\n';

export function replyContent(reply: Reply): string {
  return reply.sections.map((s) => s.markdown).join(SECTION_SEPARATOR);
}

export function agentsUsed(reply: Reply): string[] {
  return [...new Set(reply.sections.map((s) => s.agent))];
}

/** The supervisor: works out what is asked, given the context, and has the agents answer. */
export function respond(input: ResponderInput): Reply {
  const own = parseIntent(input.question);
  const changes = actualChanges(own.preferenceChanges, input.preferences);
  const prefs = { ...input.preferences, ...changes };
  const resolved = resolve(own, input.context, input.summary);
  const notes: string[] = [];
  if (changes.currency) {
    const rateNote = hasRate(changes.currency)
      ? ''
      : ' (no exchange rate known; figures unconverted)';
    notes.push(`_Done: amounts are now shown in **${changes.currency}**${rateNote}._`);
  }
  if (changes.detailLevel)
    notes.push(`_Done: answers will be **${DETAIL_WORDS[changes.detailLevel]}** from now on._`);
  if (changes.timeRange)
    notes.push(`_Done: your default time range is now **${changes.timeRange}**._`);

  let answer: Answer;
  if (!resolved.topic) {
    answer = notes.length > 0 ? confirmation() : notUnderstood();
  } else {
    const range = own.timeRange ?? resolved.timeRange ?? prefs.timeRange;
    const ask: Ask = {
      topic: resolved.topic,
      ...(resolved.service ? { service: resolved.service } : {}),
      range,
      period: periodFor(range, input.now),
      prefs,
      now: input.now,
      m: (usd) => money(usd, prefs.currency),
    };
    if (resolved.from) {
      const period = PERIOD_TOPICS.includes(ask.topic) ? ask.period.label : undefined;
      const what = [ask.service?.name, period].filter(Boolean).join(', ');
      notes.push(`_Following up on ${resolved.from}${what ? `: ${what}` : ''}._`);
    }
    answer = ANSWERS[resolved.topic](ask);
  }
  const [first, ...rest] = answer.sections;
  const sections = first
    ? [{ ...first, markdown: [...notes, first.markdown].join('\n\n') }, ...rest]
    : answer.sections;
  const question = input.question.trim().toLowerCase();
  const followUps = answer.followUps
    .filter((f) => f.toLowerCase() !== question)
    .slice(0, MAX_FOLLOW_UPS);
  return {
    sections,
    followUps,
    ...(Object.keys(changes).length > 0 ? { preferenceChanges: changes } : {}),
  };
}

function actualChanges(
  requested: Partial<Preferences>,
  current: Preferences,
): Partial<Preferences> {
  const changes: Partial<Preferences> = {};
  if (requested.currency && requested.currency !== current.currency)
    changes.currency = requested.currency;
  if (requested.detailLevel && requested.detailLevel !== current.detailLevel) {
    changes.detailLevel = requested.detailLevel;
  }
  if (requested.timeRange && requested.timeRange !== current.timeRange)
    changes.timeRange = requested.timeRange;
  return changes;
}

interface Resolved {
  topic?: Topic;
  service?: ServiceProfile;
  timeRange?: TimeRange;
  /** How the context was referred to, when it supplied the topic or service. */
  from?: string;
}

const SERVICE_TOPICS: Topic[] = ['service_cost', 'trend', 'forecast', 'anomalies'];
const PERIOD_TOPICS: Topic[] = [
  'cost_by_service',
  'service_cost',
  'trend',
  'anomalies',
  'savings_plans',
];
const DETAIL_WORDS: Record<Preferences['detailLevel'], string> = {
  summary: 'brief',
  standard: 'of standard length',
  detailed: 'detailed',
};

/** Fills what the question leaves out from the last messages, then from the summary. */
function resolve(own: Intent, context: ChatMessage[], summary: string | undefined): Resolved {
  const resolved: Resolved = {
    ...(own.topic ? { topic: own.topic } : {}),
    ...(own.service ? { service: own.service } : {}),
  };
  // Gibberish gets "not understood", not a repeat of the last answer: only a message that
  // leans on the conversation inherits its topic.
  const leans =
    own.followUpCue ||
    own.timeRange !== undefined ||
    own.service !== undefined ||
    Object.keys(own.preferenceChanges).length > 0;
  const wantsTopic = (!own.topic && leans) || (own.topic === 'help' && own.followUpCue);
  const wantsService =
    !own.service &&
    own.topic !== undefined &&
    own.followUpCue &&
    SERVICE_TOPICS.includes(own.topic);
  if (!wantsTopic && !wantsService) return resolved;

  // An answer's heading says what it resolved to ("Amazon EC2 cost, last 90 days"), so it
  // carries the topic even when the question that led to it ("and last quarter?") did not.
  const earlier = [...context].reverse().flatMap((m) => {
    const text = m.role === 'assistant' ? heading(m.content) : m.content;
    if (text === undefined || m.role === 'system') return [];
    const from = `“${excerpt(text)}”`;
    return [{ intent: parseIntent(text), from }];
  });
  if (summary) {
    const items = summary
      .replace(/^[^:]*:\s*/, '')
      .split('; ')
      .reverse();
    for (const item of items) {
      earlier.push({ intent: parseIntent(item), from: 'earlier in this conversation' });
    }
  }
  // Newest first: a range or service mentioned on the way back to the message that set the
  // topic still applies ("EC2 last month?", "and last quarter?", "in euros please").
  for (const { intent, from } of earlier) {
    if (wantsTopic) {
      if (!resolved.timeRange && intent.timeRange) resolved.timeRange = intent.timeRange;
      if (!resolved.service && intent.service) resolved.service = intent.service;
      if (!intent.topic || intent.topic === 'help') continue;
      resolved.topic = intent.topic;
      resolved.from = from;
      break;
    }
    if (intent.service) {
      resolved.service = intent.service;
      if (intent.timeRange) resolved.timeRange = intent.timeRange;
      resolved.from = from;
      break;
    }
    if (intent.topic && intent.topic !== 'help') break;
  }
  if (resolved.topic === 'cost_by_service' && resolved.service) resolved.topic = 'service_cost';
  if (resolved.topic === 'service_cost' && !resolved.service) resolved.topic = 'cost_by_service';
  return resolved;
}

function heading(markdown: string): string | undefined {
  return /^#{1,6} (.+)$/m.exec(markdown)?.[1]?.trim();
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

const ANSWERS: Record<Topic, (ask: Ask) => Answer> = {
  cost_by_service: costByServiceAnswer,
  service_cost: serviceCostAnswer,
  trend: trendAnswer,
  forecast: forecastAnswer,
  budgets: budgetsAnswer,
  recommendations: recommendationsAnswer,
  anomalies: anomaliesAnswer,
  savings_plans: savingsPlansAnswer,
  help: helpAnswer,
};

/**
 * A short account of turns older than the context window: the answers' headings and the
 * preference changes, in words the intent parser reads back.
 */
export function summarize(older: ChatMessage[]): string | undefined {
  const items: string[] = [];
  for (const message of older) {
    let item: string | undefined;
    if (message.role === 'assistant') {
      item = heading(message.content);
    } else if (message.role === 'user') {
      const changes = Object.entries(parseIntent(message.content).preferenceChanges);
      if (changes.length > 0) item = changes.map(([k, v]) => `${k} set to ${v}`).join(', ');
    }
    if (item && items[items.length - 1] !== item) items.push(item);
  }
  const questions = older.filter((m) => m.role === 'user').length;
  if (items.length === 0) {
    return questions === 0
      ? undefined
      : `Earlier in this conversation: ${questions} question${questions === 1 ? '' : 's'} without a cost topic.`;
  }
  return `Earlier in this conversation (${questions} question${questions === 1 ? '' : 's'}): ${items.slice(-6).join('; ')}`;
}

// A model's tokens are rarely longer than this; a longer word streams in pieces.
const MAX_TOKEN_CHARS = 12;
const TOKEN_PIECES = new RegExp(`[^]{1,${MAX_TOKEN_CHARS}}`, 'g');

/**
 * Splits markdown into stream deltas whose concatenation is the original: whole words with
 * the white space before them, at least `minChars` characters each (the last may be
 * shorter). With the default of 1, as a model streams, every delta is one word-sized token
 * and a longer word is cut into pieces of at most 12 characters; a `minChars` over 12
 * gives coarse deltas that keep words whole.
 */
export function chunk(markdown: string, minChars = 1): string[] {
  const words = markdown.match(/\s*\S+|\s+/g) ?? [];
  const tokens =
    minChars > MAX_TOKEN_CHARS ? words : words.flatMap((word) => word.match(TOKEN_PIECES) ?? []);
  const pieces: string[] = [];
  let current = '';
  for (const token of tokens) {
    current += token;
    if (current.length >= minChars) {
      pieces.push(current);
      current = '';
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
