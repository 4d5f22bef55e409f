// "Why did costs go up?": what grew most between the period and the one before, in
// amounts and percentages, by service and by usage type; not totals.
import { SERVICES, partsCost, usageTypeParts, type CostPart } from '../costData';
import { change, chartBlock, convert, delta, signedAmount, table } from '../format';
import { label } from '../periods';
import { shortName } from '../serviceCatalogue';
import { AGENTS, during, header, listWords, type Answer, type Ask } from './answer';
import { servicesOf, type Subject } from './subjects';

interface Line {
  name: string;
  short: string;
  service: string;
  cost: number;
  previous: number;
  diff: number;
}

export function driversAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs, period, against } = ask;
  const named = servicesOf(present);
  const usageTypesAsked = present.every((s) => s.entry.usageOf) && present.length > 0;
  const usageParts: CostPart[] = usageTypesAsked
    ? present.flatMap((s) => s.parts)
    : usageTypeParts(named.length > 0 ? named : SERVICES);
  const serviceLines = (named.length > 0 ? named : SERVICES).map((service) =>
    line(service.name, shortName(service.name), service.name, [{ service, share: 1 }]),
  );
  const usageLines = usageParts.map((p) =>
    line(p.usageType ?? p.service.name, p.usageType ?? '', p.service.name, [p]),
  );
  function line(name: string, short: string, service: string, parts: CostPart[]): Line {
    const cost = partsCost(parts, period);
    const previous = partsCost(parts, against);
    return { name, short, service, cost, previous, diff: cost - previous };
  }
  const byGrowth = (a: Line, b: Line) => b.diff - a.diff;
  serviceLines.sort(byGrowth);
  usageLines.sort(byGrowth);

  const scope = usageTypesAsked ? usageLines : serviceLines;
  const total = scope.reduce((s, l) => s + l.cost, 0);
  const previous = scope.reduce((s, l) => s + l.previous, 0);
  const rose = total >= previous;
  const subject = present.length > 0 ? listWords(present.map((s) => s.entry.short)) : undefined;
  // One service asked about: its usage types are the drivers; otherwise the services.
  const drivers = named.length === 1 || usageTypesAsked ? usageLines : serviceLines;
  const movers = rose
    ? drivers.filter((l) => l.diff > 0)
    : [...drivers].reverse().filter((l) => l.diff < 0);
  const top = movers.slice(0, 3);
  const parts = [
    `### ${subject ? `${subject} cost drivers` : 'Cost drivers'}, ${label(period)} vs ${label(against)}`,
    `${subject ?? 'Total spend'} ${rose ? 'rose' : 'fell'} by **${m(Math.abs(total - previous))} (${change(total, previous)})**, ` +
      `from ${m(previous)} ${during(against)} to ${m(total)} ${during(period)}. ` +
      (top.length > 0
        ? `The ${rose ? 'biggest increases' : 'largest decreases'}: ${top
            .map((l) => `**${l.short || l.name}** ${delta(l.cost, l.previous, m)}`)
            .join(', ')}.`
        : 'Nothing moved by more than a cent.'),
  ];
  const rows = (lines: Line[], withService: boolean) =>
    lines
      .slice(0, prefs.detailLevel === 'summary' ? 3 : 6)
      .map((l) => [
        ...(withService ? [l.service] : []),
        l.name,
        m(l.previous),
        m(l.cost),
        signedAmount(l.diff, m),
        change(l.cost, l.previous),
      ]);
  if (!usageTypesAsked && named.length !== 1) {
    parts.push(
      table(
        ['Service', header(against.name), header(period.name), 'Change', 'Change %'],
        rows(serviceLines, false),
        [1, 2, 3, 4],
      ),
    );
  }
  parts.push(
    table(
      ['Service', 'Usage type', header(against.name), header(period.name), 'Change', 'Change %'],
      rows(usageLines, true),
      [2, 3, 4, 5],
    ),
  );
  if (prefs.detailLevel !== 'summary') {
    const charted = drivers.slice(0, 6);
    parts.push(
      chartBlock({
        type: 'bar',
        title: `Change in cost, ${period.name} vs ${against.name}`,
        unit: prefs.currency,
        categories: charted.map((l) =>
          drivers === serviceLines
            ? l.short
            : usageTypesAsked
              ? `${shortName(l.service)}: ${l.name}`
              : l.name,
        ),
        series: [{ name: 'Change', data: charted.map((l) => convert(l.diff, prefs.currency)) }],
      }),
    );
  }
  const lead = top[0];
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: 'Comparing the two periods in Cost Explorer…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      lead && drivers === serviceLines ? `Break down ${lead.short} costs` : 'Show cost by service',
      'Compare with the previous quarter',
      'Any cost anomalies?',
      'Any rightsizing recommendations?',
    ],
  };
}
