import { MAX_FOLLOW_UPS } from '../protocol/limits';
import type { ChatMessage, Preferences } from '../protocol/types';
import {
  SERVICES,
  anomalies,
  budgetStatus,
  budgets,
  costBuckets,
  costByService,
  dailyCost,
  forecast,
  monthlyTotals,
  periodFor,
  previousPeriod,
  recommendations,
  savingsPlansCoverage,
  serviceCost,
  shortDate,
  type Period,
  type ServiceProfile,
  type TimeRange,
} from './costData';
import { change, chartBlock, codeBlock, convert, hasRate, money, percent, table } from './format';
import { parseIntent, type Intent, type Topic } from './intent';

export const AGENTS = {
  forecast: 'cost-forecast-agent',
  budget: 'budget-management-agent',
  advisor: 'trusted-advisor-agent',
  supervisor: 'supervisor-agent',
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
  /** Preferences the user changed by asking; the answer already uses them. */
  preferenceChanges?: Partial<Preferences>;
}

export const SECTION_SEPARATOR = '\n\n';

export function replyContent(reply: Reply): string {
  return reply.sections.map((s) => s.markdown).join(SECTION_SEPARATOR);
}

export function agentsUsed(reply: Reply): string[] {
  return [...new Set(reply.sections.map((s) => s.agent))];
}

interface Ask {
  topic: Topic;
  service?: ServiceProfile;
  range: TimeRange;
  period: Period;
  prefs: Preferences;
  now: number;
  m: (usd: number) => string;
}

interface Answer {
  sections: ReplySection[];
  followUps: string[];
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

function phrase(range: TimeRange): string {
  return range === 'ytd' ? 'so far this year' : `in the ${periodFor(range, 0).label}`;
}

function short(service: ServiceProfile): string {
  return service.name.replace(/^(?:Amazon|AWS) /, '');
}

function costByServiceAnswer(ask: Ask): Answer {
  const { m, prefs, period } = ask;
  const lines = costByService(period);
  const total = lines.reduce((sum, l) => sum + l.cost, 0);
  const previous = lines.reduce((sum, l) => sum + l.previous, 0);
  const shown =
    prefs.detailLevel === 'summary' ? 3 : prefs.detailLevel === 'standard' ? 5 : lines.length;
  const detailed = prefs.detailLevel === 'detailed';
  const top = lines[0]!;
  const rows = lines
    .slice(0, shown)
    .map((l) => [
      l.service.name,
      m(l.cost),
      percent(l.cost / total),
      ...(detailed ? [m(l.previous)] : []),
      change(l.cost, l.previous),
    ]);
  const rest = lines.slice(shown);
  if (rest.length > 0) {
    const cost = rest.reduce((sum, l) => sum + l.cost, 0);
    const prev = rest.reduce((sum, l) => sum + l.previous, 0);
    rows.push([
      `Other (${rest.length} services)`,
      m(cost),
      percent(cost / total),
      ...(detailed ? [m(prev)] : []),
      change(cost, prev),
    ]);
  }
  rows.push([
    '**Total**',
    `**${m(total)}**`,
    '100%',
    ...(detailed ? [m(previous)] : []),
    change(total, previous),
  ]);
  const headers = ['Service', 'Cost', 'Share', ...(detailed ? ['Previous period'] : []), 'Change'];
  const parts = [
    `### Cost by service, ${period.label}`,
    `You spent **${m(total)}** ${phrase(ask.range)} (${change(total, previous)} on the previous period). ` +
      `**${top.service.name}** is the largest line at ${percent(top.cost / total)}.`,
    table(headers, rows, detailed ? [1, 2, 3, 4] : [1, 2, 3]),
  ];
  if (prefs.detailLevel !== 'summary') {
    const charted = detailed ? lines : lines.slice(0, 5);
    parts.push(
      chartBlock({
        type: detailed ? 'pie' : 'bar',
        title: `Cost by service, ${period.label}`,
        unit: prefs.currency,
        categories: charted.map((l) => short(l.service)),
        series: [{ name: 'Cost', data: charted.map((l) => convert(l.cost, prefs.currency)) }],
      }),
    );
  }
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: 'Querying Cost Explorer for cost by service…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      `Break down ${short(top.service)} costs`,
      'Show the spend trend',
      'Forecast next month',
      'Any rightsizing recommendations?',
    ],
  };
}

function serviceCostAnswer(ask: Ask): Answer {
  const { m, prefs, period } = ask;
  const service = ask.service ?? SERVICES[0]!;
  const cost = serviceCost(service, period);
  const previous = serviceCost(service, previousPeriod(period));
  const total = SERVICES.reduce((sum, s) => sum + serviceCost(s, period), 0);
  const parts = [
    `### ${service.name} cost, ${period.label}`,
    `${service.name} cost **${m(cost)}** ${phrase(ask.range)} (${change(cost, previous)} on the previous period, ` +
      `when it was ${m(previous)}); that is ${percent(cost / total)} of your total spend.`,
  ];
  if (prefs.detailLevel !== 'summary') {
    parts.push(
      table(
        ['Usage type', 'Cost', 'Share'],
        service.usageTypes.map(([name, share]) => [name, m(cost * share), percent(share)]),
        [1, 2],
      ),
    );
    const buckets = costBuckets(period, [service]);
    parts.push(
      chartBlock({
        type: 'line',
        title: `${service.name} spend, ${period.label}`,
        unit: prefs.currency,
        categories: buckets.map((b) => b.label),
        series: [
          { name: short(service), data: buckets.map((b) => convert(b.cost, prefs.currency)) },
        ],
      }),
    );
  }
  if (prefs.detailLevel === 'detailed') {
    parts.push(
      codeBlock(
        'bash',
        [
          `aws ce get-cost-and-usage --granularity DAILY --metrics UnblendedCost \\`,
          `  --time-period Start=${isoDay(period.start)},End=${isoDay(period.end)} \\`,
          `  --filter '{"Dimensions":{"Key":"SERVICE","Values":["${service.name}"]}}' \\`,
          `  --group-by Type=DIMENSION,Key=USAGE_TYPE`,
        ].join('\n'),
      ),
    );
  }
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: `Querying Cost Explorer for ${service.name}…`,
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      ask.range === '90d' ? 'And the last 12 months?' : 'And last quarter?',
      `Forecast ${short(service)} for next month`,
      `Any ${short(service)} anomalies?`,
      service.name === 'Amazon EC2' || service.name === 'Amazon RDS'
        ? `${short(service)} rightsizing recommendations?`
        : 'Show cost by service',
    ],
  };
}

function trendAnswer(ask: Ask): Answer {
  const { m, prefs, period, service } = ask;
  const services = service ? [service] : SERVICES;
  const buckets = costBuckets(period, services);
  const first = buckets[0]!;
  const last = buckets[buckets.length - 1]!;
  const peak = buckets.reduce((a, b) => (b.cost > a.cost ? b : a));
  const subject = service ? service.name : 'Total spend';
  const parts = [
    `### ${subject} trend, ${period.label}`,
    `${subject} went from **${m(first.cost)}** (${first.label}) to **${m(last.cost)}** (${last.label}), ` +
      `${change(last.cost, first.cost)}. The peak was ${m(peak.cost)} in ${peak.label}.`,
    chartBlock({
      type: 'line',
      title: `${subject}, ${period.label}`,
      unit: prefs.currency,
      categories: buckets.map((b) => b.label),
      series: [
        {
          name: service ? short(service) : 'Total',
          data: buckets.map((b) => convert(b.cost, prefs.currency)),
        },
      ],
    }),
  ];
  if (prefs.detailLevel === 'detailed') {
    parts.push(
      table(
        ['Period', 'Cost'],
        buckets.map((b) => [b.label, m(b.cost)]),
        [1],
      ),
    );
  }
  return {
    sections: [
      { agent: AGENTS.forecast, status: 'Building the spend trend…', markdown: parts.join('\n\n') },
    ],
    followUps: [
      'Forecast next month',
      'Any cost anomalies?',
      'Show cost by service',
      'How are we doing against budget?',
    ],
  };
}

function forecastAnswer(ask: Ask): Answer {
  const { m, prefs, service, now } = ask;
  const services = service ? [service] : SERVICES;
  const f = forecast(now, services);
  const months = monthlyTotals(now, 3, services);
  const subject = service ? service.name : 'your total spend';
  const parts = [
    `### Forecast${service ? ` for ${service.name}` : ''}`,
    `Over the next ${f.days} days I expect ${subject} to be about **${m(f.expected)}** ` +
      `(likely between ${m(f.low)} and ${m(f.high)}), ${change(f.expected, f.trailing)} on the last ${f.days} days.`,
    `For ${f.monthLabel}: **${m(f.monthToDate)}** so far, heading for about **${m(f.monthExpected)}**.`,
  ];
  if (prefs.detailLevel !== 'summary') {
    parts.push(
      chartBlock({
        type: 'bar',
        title: `Monthly spend and forecast${service ? `, ${service.name}` : ''}`,
        unit: prefs.currency,
        categories: [
          ...months.map((b) => b.label),
          `${f.monthLabel} (projected)`,
          `Next ${f.days} days (forecast)`,
        ],
        series: [
          {
            name: 'Cost',
            data: [...months.map((b) => b.cost), f.monthExpected, f.expected].map((usd) =>
              convert(usd, prefs.currency),
            ),
          },
        ],
      }),
    );
  }
  if (prefs.detailLevel === 'detailed') {
    parts.push(
      'The forecast is a least-squares trend over the last 90 days of daily spend; the range allows for the usual weekly swing.',
    );
  }
  return {
    sections: [
      { agent: AGENTS.forecast, status: 'Forecasting spend…', markdown: parts.join('\n\n') },
    ],
    followUps: [
      'How are we doing against budget?',
      'Show the spend trend',
      'Show cost by service',
      'How can we reduce costs?',
    ],
  };
}

function budgetsAnswer(ask: Ask): Answer {
  const { m, prefs, now } = ask;
  const total = forecast(now);
  const statuses = budgets(now).map((b) => budgetStatus(b, now));
  const rows = statuses.map((s) => {
    const amount = s.budget.amountUsd;
    const status =
      s.monthToDate > amount
        ? '🔴 Over budget'
        : s.forecastMonth > amount
          ? '⚠️ Forecast to exceed'
          : s.monthToDate > amount * 0.8
            ? '⚠️ 80% reached'
            : '✅ On track';
    return {
      s,
      cells: [
        s.budget.name,
        m(amount),
        m(s.monthToDate),
        percent(s.monthToDate / amount),
        m(s.forecastMonth),
        status,
      ],
    };
  });
  const alerts = rows.filter((r) => !r.cells[5]!.startsWith('✅'));
  const parts = [
    '### Budgets and alerts',
    alerts.length === 0
      ? `All ${rows.length} budgets are on track for ${total.monthLabel}.`
      : `${alerts.length} of ${rows.length} budgets need attention this month.`,
    table(
      ['Budget', 'Budgeted', 'Month to date', 'Used', 'Forecast', 'Status'],
      rows.map((r) => r.cells),
      [1, 2, 3, 4],
    ),
  ];
  if (alerts.length > 0 && prefs.detailLevel !== 'summary') {
    parts.push(
      alerts
        .map(
          (r) =>
            `- **${r.s.budget.name}**: forecast ${m(r.s.forecastMonth)} is ${percent(r.s.forecastMonth / r.s.budget.amountUsd)} of the budget.`,
        )
        .join('\n'),
    );
  }
  if (prefs.detailLevel !== 'summary') {
    const name = alerts[0]?.s.budget.name ?? statuses[0]!.budget.name;
    parts.push(
      'To be told before a budget is exceeded, add a forecast alert:',
      codeBlock(
        'bash',
        [
          `aws budgets create-notification --account-id 123456789012 --budget-name "${name}" \\`,
          '  --notification NotificationType=FORECASTED,ComparisonOperator=GREATER_THAN,Threshold=100,ThresholdType=PERCENTAGE \\',
          '  --subscribers SubscriptionType=EMAIL,Address=finops@example.com',
        ].join('\n'),
      ),
    );
  }
  const worst = alerts[0]?.s.budget.services[0] ?? SERVICES[0]!;
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: 'Projecting month-end spend…',
        markdown: `Projected spend for ${total.monthLabel}: **${m(total.monthExpected)}** (${m(total.monthToDate)} so far).`,
      },
      {
        agent: AGENTS.budget,
        status: 'Checking budgets and alerts…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      `Break down ${short(worst)} costs`,
      'Forecast next month',
      'Any cost anomalies?',
      'How can we reduce costs?',
    ],
  };
}

function recommendationsAnswer(ask: Ask): Answer {
  const { m, prefs, service } = ask;
  const all = recommendations();
  const key = service ? short(service) : undefined;
  const matching = key
    ? all.filter((r) => r.check.includes(key) || (key === 'EC2' && r.check.includes('EBS')))
    : all;
  const recs = (matching.length > 0 ? matching : all).slice(
    0,
    prefs.detailLevel === 'summary' ? 3 : undefined,
  );
  const savings = recs.reduce((sum, r) => sum + r.monthlySavingsUsd, 0);
  const detailed = prefs.detailLevel === 'detailed';
  const rows = recs.map((r) => [
    r.check,
    `\`${r.resourceId}\``,
    r.region,
    `${r.current} → ${r.recommended}`,
    ...(detailed ? [r.utilisation] : []),
    m(r.monthlySavingsUsd),
  ]);
  const top = recs.find((r) => r.resourceId.startsWith('i-')) ?? all[0]!;
  const parts = [
    '### Rightsizing and Trusted Advisor recommendations',
    `Acting on these ${recs.length} findings would save about **${m(savings)} a month** (${m(savings * 12)} a year).`,
    table(
      [
        'Check',
        'Resource',
        'Region',
        'Change',
        ...(detailed ? ['Utilisation'] : []),
        'Savings / month',
      ],
      rows,
      [detailed ? 5 : 4],
    ),
  ];
  if (prefs.detailLevel !== 'summary') {
    parts.push(
      `To resize \`${top.resourceId}\` (stop it first, in a maintenance window):`,
      codeBlock(
        'bash',
        [
          'aws ce get-rightsizing-recommendation --service AmazonEC2 \\',
          '  --configuration RecommendationTarget=SAME_INSTANCE_FAMILY,BenefitsConsidered=true',
          `aws ec2 stop-instances --instance-ids ${top.resourceId} --region ${top.region}`,
          `aws ec2 modify-instance-attribute --instance-id ${top.resourceId} --region ${top.region} \\`,
          `  --instance-type '{"Value": "${top.recommended}"}'`,
          `aws ec2 start-instances --instance-ids ${top.resourceId} --region ${top.region}`,
        ].join('\n'),
      ),
    );
  }
  return {
    sections: [
      {
        agent: AGENTS.advisor,
        status: 'Reviewing Trusted Advisor checks…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      'What is our Savings Plans coverage?',
      'Show cost by service',
      'Any cost anomalies?',
      'Forecast next month',
    ],
  };
}

function anomaliesAnswer(ask: Ask): Answer {
  const { m, prefs, period, service } = ask;
  const services = service ? [service] : SERVICES;
  const limit = prefs.detailLevel === 'summary' ? 3 : prefs.detailLevel === 'standard' ? 5 : 10;
  const found = anomalies(period, services);
  const parts = [`### Cost anomalies${service ? ` in ${service.name}` : ''}, ${period.label}`];
  if (found.length === 0) {
    const earlier = anomalies(
      { ...period, start: period.end - 365, end: period.start },
      services,
    )[0];
    parts.push(
      `No anomalies ${phrase(ask.range)}.` +
        (earlier
          ? ` The most recent one was on ${shortDate(earlier.day)} (${earlier.service.name}).`
          : ''),
    );
  } else {
    const impact = found.reduce((sum, a) => sum + a.actual - a.expected, 0);
    parts.push(
      `I found **${found.length}** day${found.length === 1 ? '' : 's'} of unusual spend, **${m(impact)}** above the expected level.`,
      table(
        ['Date', 'Service', 'Expected', 'Actual', 'Impact'],
        found
          .slice(0, limit)
          .map((a) => [
            shortDate(a.day),
            a.service.name,
            m(a.expected),
            m(a.actual),
            `+${m(a.actual - a.expected)} (${change(a.actual, a.expected)})`,
          ]),
        [2, 3, 4],
      ),
    );
    const first = found[0]!;
    if (prefs.detailLevel !== 'summary') {
      const days = Array.from({ length: 15 }, (_, i) => first.day - 7 + i);
      parts.push(
        chartBlock({
          type: 'line',
          title: `${first.service.name} around ${shortDate(first.day)}`,
          unit: prefs.currency,
          categories: days.map(shortDate),
          series: [
            {
              name: short(first.service),
              data: days.map((d) => convert(dailyCost(first.service, d), prefs.currency)),
            },
          ],
        }),
      );
    }
  }
  const culprit = found[0]?.service ?? services[0]!;
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: 'Scanning daily spend for anomalies…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      `Break down ${short(culprit)} costs`,
      'Show the spend trend',
      'How are we doing against budget?',
      'Forecast next month',
    ],
  };
}

function savingsPlansAnswer(ask: Ask): Answer {
  const { m, prefs, period } = ask;
  const c = savingsPlansCoverage(period);
  const coverage = c.coveredUsd / c.eligibleUsd;
  const parts = [
    '### Savings Plans coverage',
    table(
      ['Metric', 'Value'],
      [
        ['Eligible compute spend', m(c.eligibleUsd)],
        ['Covered by Savings Plans', `${m(c.coveredUsd)} (${percent(coverage)})`],
        ['On-Demand', m(c.eligibleUsd - c.coveredUsd)],
        ['Utilisation of current plans', percent(c.utilisation)],
      ],
      [1],
    ),
    `Buying a 1-year, no-upfront Compute Savings Plan of **${m(c.recommendedHourlyCommitmentUsd)}/hour** would save about ` +
      `**${m(c.estimatedMonthlySavingsUsd)} a month** while keeping utilisation near 100%.`,
  ];
  if (prefs.detailLevel !== 'summary') {
    parts.push(
      chartBlock({
        type: 'pie',
        title: `Compute spend coverage, ${period.label}`,
        unit: prefs.currency,
        categories: ['Savings Plans', 'On-Demand'],
        series: [
          {
            name: 'Spend',
            data: [c.coveredUsd, c.eligibleUsd - c.coveredUsd].map((usd) =>
              convert(usd, prefs.currency),
            ),
          },
        ],
      }),
      codeBlock(
        'bash',
        [
          `aws ce get-savings-plans-coverage --granularity MONTHLY \\`,
          `  --time-period Start=${isoDay(period.start)},End=${isoDay(period.end)}`,
          'aws ce get-savings-plans-purchase-recommendation --savings-plans-type COMPUTE_SP \\',
          '  --term-in-years ONE_YEAR --payment-option NO_UPFRONT --lookback-period-in-days THIRTY_DAYS',
        ].join('\n'),
      ),
    );
  }
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: 'Measuring eligible compute spend…',
        markdown: `Compute spend eligible for Savings Plans ${phrase(ask.range)}: **${m(c.eligibleUsd)}**, ${percent(coverage)} of it covered.`,
      },
      {
        agent: AGENTS.advisor,
        status: 'Sizing a Savings Plans purchase…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      'Any rightsizing recommendations?',
      'Forecast next month',
      'Show cost by service',
      'How are we doing against budget?',
    ],
  };
}

const CAPABILITIES = [
  '- **Cost by service** for any time range, e.g. “What did we spend by service last month?”',
  '- **Trends and forecasts**, e.g. “Show the spend trend” or “Forecast next month”',
  '- **Budgets and alerts**, e.g. “Are we on budget?”',
  '- **Rightsizing and Trusted Advisor** findings, with AWS CLI commands',
  '- **Anomalies** and **Savings Plans coverage**',
  '- Preferences: “show me this in euros”, “be brief”, “use 90 days by default”',
].join('\n');

const STARTERS = [
  'Show cost by service',
  'Forecast next month',
  'How are we doing against budget?',
  'Any rightsizing recommendations?',
];

function helpAnswer(): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Thinking…',
        markdown: `I'm your FinOps assistant. I can help with:\n\n${CAPABILITIES}`,
      },
    ],
    followUps: STARTERS,
  };
}

function notUnderstood(): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Thinking…',
        markdown: `I'm not sure what you are asking. I can help with:\n\n${CAPABILITIES}`,
      },
    ],
    followUps: STARTERS,
  };
}

function confirmation(): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Updating your preferences…',
        markdown: 'What would you like to look at?',
      },
    ],
    followUps: STARTERS,
  };
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
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

/** Splits markdown into stream-sized pieces whose concatenation is the original. */
export function chunk(markdown: string, size = 80): string[] {
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
