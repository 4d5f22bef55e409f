import { describe, expect, it } from 'vitest';
import {
  SERVICES,
  budgets,
  forecast,
  recommendations,
  savingsPlansCoverage,
  serviceCost,
  type ServiceProfile,
} from '../../../src/mock-server/assistant/costData';
import { money } from '../../../src/mock-server/assistant/format';
import { replyContent, respond, type Reply } from '../../../src/mock-server/assistant/responder';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';
import type { ChatMessage, Preferences } from '../../../src/protocol/types';

// A fixed clock: Saturday 21 November 2026, 10:00 UTC. "Last month" is October 2026, "last
// quarter" Q3 2026, "this month" 1–20 November (today is never counted).
const NOW = Date.UTC(2026, 10, 21, 10);
const CONTEXT_MESSAGES = 5;

interface Span {
  start: number;
  end: number;
}
const day = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
/** From the first day to the last, both included, as calendar dates (month 1–12). */
const span = (from: [number, number, number], to: [number, number, number]): Span => ({
  start: day(...from),
  end: day(...to) + 1,
});
const TODAY = day(2026, 11, 21);
const OCT_2026 = span([2026, 10, 1], [2026, 10, 31]);
const SEP_2026 = span([2026, 9, 1], [2026, 9, 30]);
const OCT_2025 = span([2025, 10, 1], [2025, 10, 31]);
const DEC_2024 = span([2024, 12, 1], [2024, 12, 31]);
const Q2_2026 = span([2026, 4, 1], [2026, 6, 30]);
const Q3_2026 = span([2026, 7, 1], [2026, 9, 30]);
const Q4_TO_DATE = span([2026, 10, 1], [2026, 11, 20]);
const NOV_TO_DATE = span([2026, 11, 1], [2026, 11, 20]);
const OCT_SAME_DAYS = span([2026, 10, 1], [2026, 10, 20]);
const YEAR_2025 = span([2025, 1, 1], [2025, 12, 31]);
const YEAR_TO_DATE = span([2026, 1, 1], [2026, 11, 20]);
const LAST_7 = { start: TODAY - 7, end: TODAY };
const LAST_30 = { start: TODAY - 30, end: TODAY };
const LAST_90 = { start: TODAY - 90, end: TODAY };
const PREVIOUS_30 = { start: TODAY - 60, end: TODAY - 30 };

const service = (name: string): ServiceProfile => SERVICES.find((s) => s.name === name)!;
const cost = (name: string, period: Span) =>
  serviceCost(service(name), { ...period, unit: 'days', name: '' });
const usageCost = (name: string, usageType: string, period: Span) =>
  cost(name, period) * service(name).usageTypes.find(([u]) => u === usageType)![1];
const total = (period: Span) => SERVICES.reduce((sum, s) => sum + cost(s.name, period), 0);
const usd = (amount: number) => money(amount, 'USD');
/** The services whose cost grew most from `before` to `period`, short names. */
const topGrowers = (period: Span, before: Span, n: number) =>
  SERVICES.map((s) => ({ s, diff: cost(s.name, period) - cost(s.name, before) }))
    .sort((a, b) => b.diff - a.diff)
    .slice(0, n)
    .map(({ s }) => s.name.replace(/^(?:Amazon|AWS) /, ''));

/** Asks each question in turn, each with the last 5 messages as context; returns the last reply. */
function converse(questions: string[], preferences: Partial<Preferences> = {}): Reply {
  const context: ChatMessage[] = [];
  let prefs: Preferences = { ...DEFAULT_PREFERENCES, ...preferences };
  let reply: Reply | undefined;
  questions.forEach((question, i) => {
    reply = respond({
      question,
      context: context.slice(-CONTEXT_MESSAGES),
      preferences: prefs,
      now: NOW,
    });
    prefs = { ...prefs, ...reply.preferenceChanges };
    const message = (role: 'user' | 'assistant', content: string, n: number): ChatMessage => ({
      messageId: `m-${i}-${n}`,
      sessionId: 's',
      role,
      content,
      timestamp: new Date(NOW).toISOString(),
    });
    context.push(message('user', question, 0), message('assistant', replyContent(reply), 1));
  });
  return reply!;
}

function headingOf(content: string): string | undefined {
  return /^### (.+)$/m.exec(content)?.[1];
}

function chartsOf(content: string): Array<{
  categories: string[];
  series: Array<{ name: string; data: number[]; kind?: string }>;
}> {
  return [...content.matchAll(/```chart\n(.*)\n```/g)].map((m) => JSON.parse(m[1]!));
}

interface Case {
  /** The questions of the conversation; the last one's answer is checked. */
  say: string[];
  /** The answer's `###` heading, or undefined for an answer without one (help). */
  heading: string | undefined;
  /** Text the answer must contain: its key figure, derived from the dataset. */
  contains: () => string[];
  prefs?: Partial<Preferences>;
}

const c = (
  say: string | string[],
  heading: string | undefined,
  contains: () => string[],
  prefs?: Partial<Preferences>,
): Case => ({
  say: typeof say === 'string' ? [say] : say,
  heading,
  contains,
  ...(prefs ? { prefs } : {}),
});

const CASES: Record<string, Case[]> = {
  'spend by service and period': [
    c(
      'What did we spend by service last month?',
      'Cost by service, October 2026 (1–31 Oct)',
      () => [`**${usd(total(OCT_2026))}**`],
    ),
    c('show cost by service last quarter', 'Cost by service, Q3 2026 (1 Jul – 30 Sep)', () => [
      `**${usd(total(Q3_2026))}**`,
    ]),
    c('cost by service this month', 'Cost by service, November 2026 to date (1–20 Nov)', () => [
      `**${usd(total(NOV_TO_DATE))}**`,
    ]),
    c('MTD spend by service', 'Cost by service, November 2026 to date (1–20 Nov)', () => [
      `**${usd(total(NOV_TO_DATE))}**`,
    ]),
    c('cost by service last year', 'Cost by service, 2025 (1 Jan – 31 Dec)', () => [
      `**${usd(total(YEAR_2025))}**`,
    ]),
    c('what did we spend this year?', 'Cost by service, 2026 to date (1 Jan – 20 Nov)', () => [
      `**${usd(total(YEAR_TO_DATE))}**`,
    ]),
    c(
      'spend by service in the last 90 days',
      'Cost by service, last 90 days (23 Aug – 20 Nov)',
      () => [`**${usd(total(LAST_90))}**`],
    ),
    c('how much did we spend in september', 'Cost by service, September 2026 (1–30 Sep)', () => [
      `**${usd(total(SEP_2026))}**`,
    ]),
    c('what did we spend in Q2?', 'Cost by service, Q2 2026 (1 Apr – 30 Jun)', () => [
      `**${usd(total(Q2_2026))}**`,
    ]),
    c(
      'Show cost by service',
      'Cost by service, last 7 days (14–20 Nov)',
      () => [`**${usd(total(LAST_7))}**`],
      { timeRange: '7d' },
    ),
  ],
  'a named service the account uses': [
    c('How much did we spend on EC2 last month?', 'EC2 cost, October 2026 (1–31 Oct)', () => [
      `**${usd(cost('Amazon EC2', OCT_2026))}**`,
    ]),
    c('what did ec 2 cost last month', 'EC2 cost, October 2026 (1–31 Oct)', () => [
      `**${usd(cost('Amazon EC2', OCT_2026))}**`,
    ]),
    c('rds spend last quarter', 'RDS cost, Q3 2026 (1 Jul – 30 Sep)', () => [
      `**${usd(cost('Amazon RDS', Q3_2026))}**`,
    ]),
    c('how much was dynamo in october', 'DynamoDB cost, October 2026 (1–31 Oct)', () => [
      `**${usd(cost('Amazon DynamoDB', OCT_2026))}**`,
    ]),
    c('cloud front costs this month', 'CloudFront cost, November 2026 to date (1–20 Nov)', () => [
      `**${usd(cost('Amazon CloudFront', NOV_TO_DATE))}**`,
    ]),
    c('lamda cost ytd', 'Lambda cost, 2026 to date (1 Jan – 20 Nov)', () => [
      `**${usd(cost('AWS Lambda', YEAR_TO_DATE))}**`,
    ]),
    c('EKS cost in 2025', 'EKS cost, 2025 (1 Jan – 31 Dec)', () => [
      `**${usd(cost('Amazon EKS', YEAR_2025))}**`,
    ]),
    c('NAT gateway cost last month', 'NAT Gateway cost, October 2026 (1–31 Oct)', () => [
      `**${usd(usageCost('Amazon EC2', 'NAT gateway', OCT_2026))}**`,
    ]),
    c(
      'S3 and CloudWatch spend last month',
      'S3 and CloudWatch cost, October 2026 (1–31 Oct)',
      () => [`**${usd(cost('Amazon S3', OCT_2026) + cost('Amazon CloudWatch', OCT_2026))}**`],
    ),
  ],
  'a named service the account does not use': [
    c(
      'How much did we spend on Redshift last month?',
      'Redshift cost, October 2026 (1–31 Oct)',
      () => [
        'No Redshift spend in October 2026 (1–31 Oct)',
        `EC2 (${usd(cost('Amazon EC2', OCT_2026))})`,
      ],
    ),
    c('sagemaker spend this quarter', 'SageMaker cost, Q4 2026 to date (1 Oct – 20 Nov)', () => [
      'No SageMaker spend in Q4 2026 to date',
      `RDS (${usd(cost('Amazon RDS', Q4_TO_DATE))})`,
    ]),
    c('what about red shift?', 'Redshift cost, last 30 days (22 Oct – 20 Nov)', () => [
      'No Redshift spend',
    ]),
    c('show the opensearch trend', 'OpenSearch trend, last 30 days (22 Oct – 20 Nov)', () => [
      'No OpenSearch spend',
    ]),
  ],
  'why: drivers, not totals': [
    c(
      'Why did costs go up?',
      'Cost drivers, last 30 days (22 Oct – 20 Nov) vs the 30 days before (22 Sep – 21 Oct)',
      () => [
        `**${usd(Math.abs(total(LAST_30) - total(PREVIOUS_30)))} (`,
        `**${topGrowers(LAST_30, PREVIOUS_30, 1)[0]}** +${usd(cost(`${SERVICES.find((s) => s.name.endsWith(topGrowers(LAST_30, PREVIOUS_30, 1)[0]!))!.name}`, LAST_30) - cost(`${SERVICES.find((s) => s.name.endsWith(topGrowers(LAST_30, PREVIOUS_30, 1)[0]!))!.name}`, PREVIOUS_30))}`,
      ],
    ),
    c(
      'what changed last month?',
      'Cost drivers, October 2026 (1–31 Oct) vs September 2026 (1–30 Sep)',
      () => [`**${usd(Math.abs(total(OCT_2026) - total(SEP_2026)))} (`],
    ),
    c(
      'what drove EC2 costs in Q3',
      'EC2 cost drivers, Q3 2026 (1 Jul – 30 Sep) vs Q2 2026 (1 Apr – 30 Jun)',
      () => [
        `**${usd(Math.abs(cost('Amazon EC2', Q3_2026) - cost('Amazon EC2', Q2_2026)))} (`,
        '**On-Demand instances**',
      ],
    ),
    c(
      'why is our bill higher this month',
      'Cost drivers, November 2026 to date (1–20 Nov) vs October 2026, same days (1–20 Oct)',
      () => [`**${usd(Math.abs(total(NOV_TO_DATE) - total(OCT_SAME_DAYS)))} (`],
    ),
  ],
  'comparisons of two periods': [
    c(
      'Compare Q3 with Q2',
      'Cost by service: Q3 2026 (1 Jul – 30 Sep) vs Q2 2026 (1 Apr – 30 Jun)',
      () => [`**${usd(total(Q3_2026))}**`, `**${usd(total(Q2_2026))}**`],
    ),
    c(
      'october vs september',
      'Cost by service: October 2026 (1–31 Oct) vs September 2026 (1–30 Sep)',
      () => [`**${usd(total(OCT_2026))}**`],
    ),
    c(
      'compare last quarter with the one before',
      'Cost by service: Q3 2026 (1 Jul – 30 Sep) vs Q2 2026 (1 Apr – 30 Jun)',
      () => [`**${usd(total(Q2_2026))}**`],
    ),
    c(
      'compare this year with last year',
      'Cost by service: 2026 to date (1 Jan – 20 Nov) vs 2025 (1 Jan – 31 Dec)',
      () => [`**${usd(total(YEAR_2025))}**`],
    ),
    c(
      'EC2 year over year, last month',
      'EC2 cost: October 2026 (1–31 Oct) vs October 2025 (1–31 Oct)',
      () => [`**${usd(cost('Amazon EC2', OCT_2025))}**`],
    ),
  ],
  forecasts: [
    c('Forecast next month', 'Forecast: November 2026 and December 2026', () => [
      `**${usd(forecast(NOW).nextMonth)}**`,
    ]),
    c(
      'what will we spend on ec2 next month',
      'Forecast for EC2: November 2026 and December 2026',
      () => [`**${usd(forecast(NOW, [service('Amazon EC2')]).nextMonth)}**`],
    ),
    c('projected month-end spend', 'Forecast: November 2026 and December 2026', () => [
      `**${usd(forecast(NOW).monthExpected)}**`,
    ]),
  ],
  budgets: [
    c('Are we on budget?', 'Budgets and alerts, November 2026', () => [
      usd(budgets(NOW)[0]!.amountUsd),
    ]),
    c('any budget alerts?', 'Budgets and alerts, November 2026', () => [
      usd(budgets(NOW)[1]!.amountUsd),
    ]),
  ],
  'advice: rightsizing, Savings Plans, anomalies': [
    c('Any rightsizing recommendations?', 'Rightsizing and Trusted Advisor recommendations', () => [
      `**${usd(recommendations().reduce((sum, r) => sum + r.monthlySavingsUsd, 0))} a month**`,
    ]),
    c('how can we reduce costs', 'Rightsizing and Trusted Advisor recommendations', () => [
      'a month**',
    ]),
    c(
      'What is our Savings Plans coverage?',
      'Savings Plans coverage, last 30 days (22 Oct – 20 Nov)',
      () => [
        `**${usd(savingsPlansCoverage({ ...LAST_30, unit: 'days', name: '' }).eligibleUsd)}**`,
      ],
    ),
    c('Any cost anomalies last quarter?', 'Cost anomalies, Q3 2026 (1 Jul – 30 Sep)', () => [
      'Cost anomalies',
    ]),
    c('show the spend trend for s3 last quarter', 'S3 trend, Q3 2026 (1 Jul – 30 Sep)', () => [
      'S3 went from',
    ]),
  ],
  help: [
    c('hello', undefined, () => ['I can help with']),
    c('what can you do?', undefined, () => ['I can help with']),
    c('zzz qqq', undefined, () => ['not sure what you are asking']),
  ],
  'follow-ups from the last 5 messages': [
    c(
      ['How much did we spend on EC2 last month?', 'And the month before that?'],
      'EC2 cost, September 2026 (1–30 Sep)',
      () => [`**${usd(cost('Amazon EC2', SEP_2026))}**`],
    ),
    c(
      ['EC2 cost last month', 'and the same month last year'],
      'EC2 cost, October 2025 (1–31 Oct)',
      () => [`**${usd(cost('Amazon EC2', OCT_2025))}**`],
    ),
    c(['EC2 cost last month', 'and s3?'], 'S3 cost, October 2026 (1–31 Oct)', () => [
      `**${usd(cost('Amazon S3', OCT_2026))}**`,
    ]),
    c(['EC2 cost last month', 'in eur'], 'EC2 cost, October 2026 (1–31 Oct)', () => [
      `**${money(cost('Amazon EC2', OCT_2026), 'EUR')}**`,
    ]),
    c(['EC2 cost last month', 'last year?'], 'EC2 cost, 2025 (1 Jan – 31 Dec)', () => [
      `**${usd(cost('Amazon EC2', YEAR_2025))}**`,
    ]),
    c(
      ['RDS spend in Q3', 'compare with the previous quarter'],
      'RDS cost: Q3 2026 (1 Jul – 30 Sep) vs Q2 2026 (1 Apr – 30 Jun)',
      () => [`**${usd(cost('Amazon RDS', Q2_2026))}**`],
    ),
    c(
      ['How much did we spend on Redshift last month?', 'and the month before that?'],
      'Redshift cost, September 2026 (1–30 Sep)',
      () => ['No Redshift spend in September 2026'],
    ),
    c(
      ['EC2 cost last month', 'why did it go up?'],
      'EC2 cost drivers, October 2026 (1–31 Oct) vs September 2026 (1–30 Sep)',
      () => [`**${usd(Math.abs(cost('Amazon EC2', OCT_2026) - cost('Amazon EC2', SEP_2026)))} (`],
    ),
    c(
      ['Why did costs go up?', 'show the trend for those'],
      `${topGrowers(LAST_30, PREVIOUS_30, 3).slice(0, 2).join(', ')} and ${topGrowers(LAST_30, PREVIOUS_30, 3)[2]} trend, last 30 days (22 Oct – 20 Nov)`,
      () => ['went from'],
    ),
    c(
      ['Show cost by service last quarter', 'and the quarter before that?'],
      'Cost by service, Q2 2026 (1 Apr – 30 Jun)',
      () => [`**${usd(total(Q2_2026))}**`],
    ),
    c(
      ['What did S3 cost last month?', 'show the trend for that service'],
      'S3 trend, October 2026 (1–31 Oct)',
      () => ['S3 went from'],
    ),
    c(
      ['EC2 cost last month', 'and s3?', 'in eur', 'last year?', 'the month before that'],
      'S3 cost, December 2024 (1–31 Dec)',
      () => [`**${money(cost('Amazon S3', DEC_2024), 'EUR')}**`],
    ),
  ],
};

describe('the assistant in conversation (fixed clock: 21 Nov 2026)', () => {
  for (const [intent, cases] of Object.entries(CASES)) {
    describe(intent, () => {
      it.each(cases.map((k) => [k.say.join(' → '), k] as const))('%s', (_, k) => {
        const content = replyContent(converse(k.say, k.prefs));
        expect(headingOf(content), content).toBe(k.heading);
        for (const text of k.contains()) expect(content, content).toContain(text);
        // Chart labels are short names, never "Amazon …"; every series fits its categories.
        for (const chart of chartsOf(content)) {
          expect(chart.categories.join(' ')).not.toMatch(/\bAmazon\b|\bAWS\b/);
          for (const s of chart.series) expect(s.data).toHaveLength(chart.categories.length);
        }
      });
    });
  }

  it('holds at least 40 phrasings', () => {
    expect(Object.values(CASES).flat().length).toBeGreaterThanOrEqual(40);
  });

  it('charts a comparison with one series per period, oldest first', () => {
    const [chart] = chartsOf(replyContent(converse(['Compare Q3 with Q2'])));
    expect(chart!.series.map((s) => s.name)).toEqual(['Q2 2026', 'Q3 2026']);
    expect(chart!.categories).toContain('EC2');
    expect(chart!.series[1]!.data[chart!.categories.indexOf('EC2')]).toBe(
      cost('Amazon EC2', Q3_2026),
    );
  });

  it('charts a forecast as its own series, marked kind "forecast"', () => {
    const [chart] = chartsOf(replyContent(converse(['Forecast next month'])));
    expect(chart!.series.map((s) => [s.name, s.kind])).toEqual([
      ['Actual', 'actual'],
      ['Forecast', 'forecast'],
    ]);
    expect(chart!.series[1]!.data.at(-1)).toBe(forecast(NOW).nextMonth);
  });

  it('gives budget statuses in words, without a colour emoji', () => {
    const content = replyContent(converse(['Are we on budget?']));
    const statuses = content
      .split('\n')
      .filter((line) => /^\| (?!Budget |---)/.test(line))
      .map((line) => line.split('|').at(-2)!.trim());
    expect(statuses).toHaveLength(4);
    for (const status of statuses) {
      expect(status).toMatch(/^(Over budget|Forecast to exceed|80% reached|On track)$/);
    }
    expect(content).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('keeps "the last 90 days" at 90 days while "last quarter" is the calendar quarter', () => {
    expect(headingOf(replyContent(converse(['EC2 cost in the last 90 days'])))).toBe(
      'EC2 cost, last 90 days (23 Aug – 20 Nov)',
    );
    expect(headingOf(replyContent(converse(['EC2 cost last quarter'])))).toBe(
      'EC2 cost, Q3 2026 (1 Jul – 30 Sep)',
    );
  });
});
