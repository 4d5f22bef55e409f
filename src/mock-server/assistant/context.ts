// Fills what a question leaves out from the last messages (newest first), then from the
// session summary: "and s3?", "in eur", "last year?", "the month before that", "those".
import type { ChatMessage } from '../../protocol/types';
import { parseIntent, SUBJECT_TOPICS, type Intent, type Topic } from './intent';
import type { Shift } from './periodPhrases';
import { before, comparable, unitAt, yearEarlier, type Period } from './periods';
import { findNamed, type CatalogueEntry } from './serviceCatalogue';

/** A question as the supervisor resolved it, before an agent answers it. */
export interface Resolved {
  topic?: Topic;
  named: CatalogueEntry[];
  period: Period;
  /** The period compared with: a comparison's second column, or what drivers are measured against. */
  against: Period;
  /** How the context was referred to, when it supplied something. */
  from?: string;
}

interface Earlier {
  intent: Intent;
  /** What "those" can mean: named in the heading, else in the paragraph after it. */
  lead: CatalogueEntry[];
  from: string;
}

/** Topics where a relative period in the question is the one compared with. */
const COMPARING_TOPICS: Topic[] = ['comparison', 'drivers'];

export function resolve(
  own: Intent,
  context: ChatMessage[],
  summary: string | undefined,
  today: number,
  defaultPeriod: Period,
): Resolved {
  // Gibberish gets "not understood", not a repeat of the last answer: only a message that
  // leans on the conversation inherits from it.
  const leans =
    own.followUpCue ||
    own.periods.length > 0 ||
    own.shift !== undefined ||
    own.named.length > 0 ||
    own.reference !== undefined ||
    Object.keys(own.preferenceChanges).length > 0;
  const earlier = earlierMessages(context, summary, today);

  // Newest first, down to the message that set the topic: a period or service mentioned on
  // the way still applies ("EC2 last month?", "and last quarter?", "in euros please").
  let ctxTopic: Topic | undefined;
  let ctxNamed: CatalogueEntry[] = [];
  let ctxPeriods: Period[] = [];
  let ctxFrom: string | undefined;
  for (const { intent, from } of earlier) {
    if (ctxNamed.length === 0 && intent.named.length > 0) ctxNamed = intent.named;
    if (ctxPeriods.length === 0 && intent.periods.length > 0) ctxPeriods = intent.periods;
    ctxFrom ??= from;
    if (intent.topic && intent.topic !== 'help') {
      ctxTopic = intent.topic;
      break;
    }
  }
  let usedContext = false;

  let topic = own.topic === 'help' && own.followUpCue ? undefined : own.topic;
  const inheritsTopic = !topic && leans && ctxTopic !== undefined;
  if (inheritsTopic) {
    topic = ctxTopic;
    usedContext = true;
  }

  let named = own.named;
  if (named.length === 0 && own.reference) {
    named = referenced(earlier, own.reference);
    usedContext ||= named.length > 0;
  } else if (
    named.length === 0 &&
    (inheritsTopic ||
      ((own.followUpCue || own.shift !== undefined) && topic && SUBJECT_TOPICS.includes(topic)))
  ) {
    named = ctxNamed;
    usedContext ||= named.length > 0;
  }

  const inheritsPeriod =
    own.periods.length === 0 && (inheritsTopic || own.followUpCue || own.shift !== undefined);
  const periods = inheritsPeriod ? ctxPeriods : own.periods;
  usedContext ||= inheritsPeriod && ctxPeriods.length > 0;
  const base = periods[0] ?? shiftBase(own.shift, today, defaultPeriod);
  let period = base;
  let against: Period | undefined = periods[1];
  if (own.shift) {
    if (own.topic && COMPARING_TOPICS.includes(own.topic)) {
      against = shifted(base, own.shift, today);
    } else {
      period = shifted(base, own.shift, today);
      against = against && shifted(against, own.shift, today);
    }
  }

  // "redshift?", "last quarter?" with nothing before them: a question about cost.
  if (!topic && (own.named.length > 0 || own.periods.length > 0)) topic = 'cost_by_service';
  if (topic === 'cost_by_service' && named.length > 0) topic = 'service_cost';
  if (topic === 'service_cost' && named.length === 0) topic = 'cost_by_service';
  return {
    ...(topic ? { topic } : {}),
    named,
    period,
    against: against ?? comparable(period, today),
    ...(usedContext && ctxFrom ? { from: ctxFrom } : {}),
  };
}

function earlierMessages(
  context: ChatMessage[],
  summary: string | undefined,
  today: number,
): Earlier[] {
  // An answer's heading says what it resolved to ("EC2 cost, October 2026 (1–31 Oct)"), so it
  // carries the topic even when the question that led to it ("and last month?") did not.
  const earlier = [...context].reverse().flatMap((m): Earlier[] => {
    if (m.role === 'system') return [];
    const text = m.role === 'assistant' ? heading(m.content) : m.content;
    if (text === undefined) return [];
    const intent = parseIntent(text, today);
    const lead =
      m.role === 'assistant' && intent.named.length === 0
        ? findNamed(leadOf(m.content).toLowerCase())
        : intent.named;
    return [{ intent, lead, from: `“${excerpt(text)}”` }];
  });
  if (summary) {
    const items = summary
      .replace(/^[^:]*:\s*/, '')
      .split('; ')
      .reverse();
    for (const item of items) {
      earlier.push({
        intent: parseIntent(item, today),
        lead: [],
        from: 'earlier in this conversation',
      });
    }
  }
  return earlier;
}

/** "it" is the newest thing named; "those" everything the newest answer led with. */
function referenced(earlier: Earlier[], reference: 'one' | 'several'): CatalogueEntry[] {
  for (const { intent, lead } of earlier) {
    if (reference === 'several' && lead.length > 0) return lead;
    if (intent.named.length > 0)
      return reference === 'one' ? intent.named.slice(0, 1) : intent.named;
  }
  return [];
}

/** With nothing to shift from, "the previous month" is last month. */
function shiftBase(shift: Shift | undefined, today: number, defaultPeriod: Period): Period {
  return shift?.kind === 'before' && shift.unit ? unitAt(shift.unit, today, today) : defaultPeriod;
}

function shifted(period: Period, shift: Shift, today: number): Period {
  return shift.kind === 'before' ? before(period, today, shift.unit) : yearEarlier(period, today);
}

export function heading(markdown: string): string | undefined {
  return /^#{1,6} (.+)$/m.exec(markdown)?.[1]?.trim();
}

/** The heading and the paragraph after it, past any italic "Following up" note. */
function leadOf(markdown: string): string {
  const blocks = markdown.split(/\n\n+/).filter((b) => !/^_.*_$/.test(b.trim()));
  const at = blocks.findIndex((b) => /^#{1,6} /.test(b));
  return blocks.slice(Math.max(at, 0), Math.max(at, 0) + 2).join('\n');
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
