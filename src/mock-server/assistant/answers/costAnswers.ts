// The cost-forecast-agent's answers: what was spent, how it moves, what comes next.
import {
  SERVICES,
  anomalies,
  costBuckets,
  costByService,
  dailyCost,
  forecast,
  monthlyTotals,
  previousPeriod,
  serviceCost,
  shortDate,
} from '../costData';
import { change, chartBlock, codeBlock, convert, percent, table } from '../format';
import { AGENTS, isoDay, phrase, short, type Answer, type Ask } from './answer';

export function costByServiceAnswer(ask: Ask): Answer {
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

export function serviceCostAnswer(ask: Ask): Answer {
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

export function trendAnswer(ask: Ask): Answer {
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

export function forecastAnswer(ask: Ask): Answer {
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

export function anomaliesAnswer(ask: Ask): Answer {
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
