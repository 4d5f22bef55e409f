// Budgets (budget-management-agent) and savings advice (trusted-advisor-agent).
import {
  SERVICES,
  budgetStatus,
  budgets,
  forecast,
  recommendations,
  savingsPlansCoverage,
} from '../costData';
import { chartBlock, codeBlock, convert, percent, table } from '../format';
import { isoDay, label } from '../periods';
import { shortName } from '../serviceCatalogue';
import { AGENTS, during, type Answer, type Ask } from './answer';
import { servicesOf, type Subject } from './subjects';

/**
 * A budget's status in words, so that it reads without a colour-emoji font (and to a
 * screen reader): the worst that applies.
 */
export function budgetStatusWords(
  monthToDate: number,
  forecastMonth: number,
  amount: number,
): string {
  if (monthToDate > amount) return 'Over budget';
  if (forecastMonth > amount) return 'Forecast to exceed';
  if (monthToDate > amount * 0.8) return '80% reached';
  return 'On track';
}

export function budgetsAnswer(ask: Ask): Answer {
  const { m, prefs, now } = ask;
  const total = forecast(now);
  const statuses = budgets(now).map((b) => budgetStatus(b, now));
  const rows = statuses.map((s) => {
    const amount = s.budget.amountUsd;
    const status = budgetStatusWords(s.monthToDate, s.forecastMonth, amount);
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
  const alerts = rows.filter((r) => r.cells[5] !== 'On track');
  const parts = [
    `### Budgets and alerts, ${total.monthName}`,
    alerts.length === 0
      ? `All ${rows.length} budgets are on track for ${total.monthName}.`
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
        markdown: `Projected spend for ${total.monthName}: **${m(total.monthExpected)}** (${m(total.monthToDate)} so far).`,
      },
      {
        agent: AGENTS.budget,
        status: 'Checking budgets and alerts…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      `Break down ${shortName(worst.name)} costs`,
      'Forecast next month',
      'Any cost anomalies?',
      'How can we reduce costs?',
    ],
  };
}

export function recommendationsAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs } = ask;
  const all = recommendations();
  const keys = servicesOf(present).map((s) => shortName(s.name));
  const matching = all.filter((r) =>
    keys.some((key) => r.check.includes(key) || (key === 'EC2' && r.check.includes('EBS'))),
  );
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

export function savingsPlansAnswer(ask: Ask): Answer {
  const { m, prefs, period } = ask;
  const c = savingsPlansCoverage(period);
  const coverage = c.coveredUsd / c.eligibleUsd;
  const parts = [
    `### Savings Plans coverage, ${label(period)}`,
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
        title: `Compute spend coverage, ${period.name}`,
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
        markdown: `Compute spend eligible for Savings Plans ${during(period)}: **${m(c.eligibleUsd)}**, ${percent(coverage)} of it covered.`,
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
