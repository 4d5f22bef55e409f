// The cost-forecast-agent's "what was spent": by service, or for what the question named.
import { costBuckets, costByService, partsCost, wholeServices, type CostPart } from '../costData';
import { change, chartBlock, codeBlock, convert, percent, table } from '../format';
import { isoDay, label } from '../periods';
import { EC2, RDS, billingName, shortName } from '../serviceCatalogue';
import { AGENTS, during, header, listWords, type Answer, type Ask } from './answer';
import { absentNote } from './absentAnswer';
import type { Subject } from './subjects';

export function costByServiceAnswer(ask: Ask): Answer {
  const { m, prefs, period, against } = ask;
  const lines = costByService(period, against);
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
  const headers = [
    'Service',
    'Cost',
    'Share',
    ...(detailed ? [header(against.name)] : []),
    'Change',
  ];
  const parts = [
    `### Cost by service, ${label(period)}`,
    `You spent **${m(total)}** ${during(period)} (${change(total, previous)} on ${against.name}). ` +
      `**${top.service.name}** is the largest line at ${percent(top.cost / total)}.`,
    table(headers, rows, detailed ? [1, 2, 3, 4] : [1, 2, 3]),
  ];
  if (prefs.detailLevel !== 'summary') {
    const charted = detailed ? lines : lines.slice(0, 5);
    parts.push(
      chartBlock({
        type: detailed ? 'pie' : 'bar',
        title: `Cost by service, ${period.name}`,
        unit: prefs.currency,
        categories: charted.map((l) => shortName(l.service.name)),
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
      `Break down ${shortName(top.service.name)} costs`,
      'Why did costs change?',
      'Compare with the previous period',
      'Forecast next month',
    ],
  };
}

/** What one or more named services or usage types cost. */
export function namedCostAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs, period, against } = ask;
  const shorts = present.map((s) => s.entry.short);
  const total = partsCost(wholeServices(), period);
  const parts = [`### ${listWords(shorts)} cost, ${label(period)}`];
  const note = absentNote(ask);
  if (present.length === 1) {
    const subject = present[0]!;
    const cost = partsCost(subject.parts, period);
    const previous = partsCost(subject.parts, against);
    parts.push(
      `${subject.entry.name} cost **${m(cost)}** ${during(period)} (${change(cost, previous)} on ${against.name}, ` +
        `when it was ${m(previous)}); that is ${percent(cost / total)} of your total spend.` +
        (note ? ` ${note}` : ''),
    );
    if (prefs.detailLevel !== 'summary') {
      parts.push(breakdownTable(ask, subject.parts, subject.entry.usageOf !== undefined));
      const buckets = costBuckets(period, subject.parts);
      parts.push(
        chartBlock({
          type: 'line',
          title: `${subject.entry.short} spend, ${period.name}`,
          unit: prefs.currency,
          categories: buckets.map((b) => b.label),
          series: [
            {
              name: subject.entry.short,
              data: buckets.map((b) => convert(b.cost, prefs.currency)),
            },
          ],
        }),
      );
    }
  } else {
    const lines = present.map((s) => ({
      s,
      cost: partsCost(s.parts, period),
      previous: partsCost(s.parts, against),
    }));
    const sum = lines.reduce((a, l) => a + l.cost, 0);
    parts.push(
      `Together they cost **${m(sum)}** ${during(period)}, ${percent(sum / total)} of your total spend.` +
        (note ? ` ${note}` : ''),
      table(
        ['Service', 'Cost', header(against.name), 'Change'],
        lines.map((l) => [l.s.entry.name, m(l.cost), m(l.previous), change(l.cost, l.previous)]),
        [1, 2, 3],
      ),
    );
    if (prefs.detailLevel !== 'summary') {
      parts.push(
        chartBlock({
          type: 'bar',
          title: `${listWords(shorts)} cost, ${period.name}`,
          unit: prefs.currency,
          categories: shorts,
          series: [{ name: 'Cost', data: lines.map((l) => convert(l.cost, prefs.currency)) }],
        }),
      );
    }
  }
  const first = present[0]!;
  if (prefs.detailLevel === 'detailed') {
    const services = [
      ...new Set(present.flatMap((s) => s.parts.map((p) => billingName(p.service.name)))),
    ];
    parts.push(
      codeBlock(
        'bash',
        [
          `aws ce get-cost-and-usage --granularity DAILY --metrics UnblendedCost \\`,
          `  --time-period Start=${isoDay(period.start)},End=${isoDay(period.end)} \\`,
          `  --filter '{"Dimensions":{"Key":"SERVICE","Values":${JSON.stringify(services)}}}' \\`,
          `  --group-by Type=DIMENSION,Key=USAGE_TYPE`,
        ].join('\n'),
      ),
    );
  }
  const service = first.parts[0]!.service.name;
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: `Querying Cost Explorer for ${listWords(shorts)}…`,
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      'And the month before that?',
      `Why did ${first.entry.short} change?`,
      `Forecast ${first.entry.short} for next month`,
      service === EC2 || service === RDS
        ? `${shortName(service)} rightsizing recommendations?`
        : 'Show cost by service',
    ],
  };
}

/** A service's usage types, or the services a usage type is billed under. */
function breakdownTable(ask: Ask, parts: CostPart[], isUsageType: boolean): string {
  const { m, period } = ask;
  if (isUsageType) {
    return table(
      ['Service', 'Usage type', 'Cost'],
      parts.map((p) => [p.service.name, p.usageType ?? '', m(partsCost([p], period))]),
      [2],
    );
  }
  const service = parts[0]!.service;
  const cost = partsCost(parts, period);
  return table(
    ['Usage type', 'Cost', 'Share'],
    service.usageTypes.map(([name, share]) => [name, m(cost * share), percent(share)]),
    [1, 2],
  );
}
