import { MAX_FOLLOW_UPS } from '../../protocol/limits';
import type { ChatMessage, Preferences } from '../../protocol/types';
import { heading, resolve } from './context';
import { hasRate, money } from './format';
import { parseIntent, SUBJECT_TOPICS, type Topic } from './intent';
import { dayOf, label, periodForRange } from './periods';
import { parsePreferenceChanges } from './preferencePhrases';
import { absentAnswer } from './answers/absentAnswer';
import { budgetsAnswer, recommendationsAnswer, savingsPlansAnswer } from './answers/adviceAnswers';
import type { Answer, Ask, Reply } from './answers/answer';
import { anomaliesAnswer } from './answers/anomaliesAnswer';
import { comparisonAnswer } from './answers/comparisonAnswer';
import { driversAnswer } from './answers/driversAnswer';
import { forecastAnswer } from './answers/forecastAnswer';
import { confirmation, helpAnswer, notUnderstood, notYet } from './answers/helpAnswers';
import { costByServiceAnswer, namedCostAnswer } from './answers/spendAnswers';
import { subjectsOf, type Subject } from './answers/subjects';
import { trendAnswer } from './answers/trendAnswer';

export { AGENTS, type AgentName, type Reply, type ReplySection } from './answers/answer';

export interface ResponderInput {
  question: string;
  /** The last messages before the question, oldest first. */
  context: ChatMessage[];
  summary?: string;
  preferences: Preferences;
  /** The clock (ms since the epoch): "last month" is counted from its UTC day. */
  now: number;
}

export const SECTION_SEPARATOR = '\n\n';

export function replyContent(reply: Reply): string {
  return reply.sections.map((s) => s.markdown).join(SECTION_SEPARATOR);
}

export function agentsUsed(reply: Reply): string[] {
  return [...new Set(reply.sections.map((s) => s.agent))];
}

// "Continue" (the client's button under a stopped answer, or typed).
const CONTINUE = /^\s*(continue|go on|keep going|carry on|please continue)\s*[.!]?\s*$/i;

/**
 * After a stopped answer, "Continue" asks for the rest. The agents cannot resume half an
 * answer, so the question is answered again, in full, and the reply says so.
 */
function continued(input: ResponderInput): Reply | null {
  if (!CONTINUE.test(input.question)) return null;
  const last = input.context.length - 1;
  const stopped = input.context[last];
  const asked = input.context[last - 1];
  if (stopped?.role !== 'assistant' || !stopped.stopped || asked?.role !== 'user') return null;
  const reply = respond({ ...input, question: asked.content, context: input.context.slice(0, -2) });
  const [first, ...rest] = reply.sections;
  if (!first) return reply;
  const note = '_Picking up the stopped answer: here it is in full._';
  return { ...reply, sections: [{ ...first, markdown: `${note}\n\n${first.markdown}` }, ...rest] };
}

/** The supervisor: works out what is asked, given the context, and has the agents answer. */
export function respond(input: ResponderInput): Reply {
  const resumed = continued(input);
  if (resumed) return resumed;
  const today = dayOf(input.now);
  const own = parseIntent(input.question, today);
  const changes = actualChanges(own.preferenceChanges, input.preferences);
  const prefs = { ...input.preferences, ...changes };
  const resolved = resolve(
    own,
    input.context,
    input.summary,
    today,
    periodForRange(prefs.timeRange, today),
  );
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
    const ask: Ask = {
      topic: resolved.topic,
      named: resolved.named,
      period: resolved.period,
      against: resolved.against,
      prefs,
      now: input.now,
      today,
      m: (usd) => money(usd, prefs.currency),
    };
    if (resolved.from) {
      const period = PERIOD_TOPICS.includes(ask.topic) ? label(ask.period) : undefined;
      const what = [resolved.named.map((e) => e.short).join(', '), period]
        .filter(Boolean)
        .join(', ');
      notes.push(`_Following up on ${resolved.from}${what ? `: ${what}` : ''}._`);
    }
    answer = answerFor(ask);
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

/** Which agent answers, and with what. */
function answerFor(ask: Ask): Answer {
  const { present } = subjectsOf(ask.named);
  if (PERIOD_TOPICS.includes(ask.topic) && ask.period.start >= ask.today) {
    return notYet(
      `${ask.topic === 'cost_by_service' ? 'Cost by service' : 'Cost'}, ${ask.period.name}`,
      ask.period.name,
    );
  }
  // Everything named is absent from the account: say so rather than answer for all.
  if (ask.named.length > 0 && present.length === 0 && SUBJECT_TOPICS.includes(ask.topic)) {
    return absentAnswer(ask);
  }
  return ANSWERS[ask.topic](ask, present);
}

const ANSWERS: Record<Topic, (ask: Ask, present: Subject[]) => Answer> = {
  cost_by_service: costByServiceAnswer,
  service_cost: namedCostAnswer,
  trend: trendAnswer,
  drivers: driversAnswer,
  comparison: comparisonAnswer,
  forecast: forecastAnswer,
  budgets: budgetsAnswer,
  recommendations: recommendationsAnswer,
  anomalies: anomaliesAnswer,
  savings_plans: savingsPlansAnswer,
  help: helpAnswer,
};

const PERIOD_TOPICS: Topic[] = [
  'cost_by_service',
  'service_cost',
  'trend',
  'drivers',
  'comparison',
  'anomalies',
  'savings_plans',
];
const DETAIL_WORDS: Record<Preferences['detailLevel'], string> = {
  summary: 'brief',
  standard: 'of standard length',
  detailed: 'detailed',
};

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
      const changes = Object.entries(parsePreferenceChanges(message.content.toLowerCase()));
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
