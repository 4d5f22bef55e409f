// Two periods side by side: a table with a column each, a chart with a series each.
import { SERVICES, partsCost, usageTypeParts, wholeServices, type CostPart } from '../costData';
import { change, chartBlock, convert, delta, signedAmount, table } from '../format';
import { days, label } from '../periods';
import { shortName } from '../serviceCatalogue';
import { AGENTS, during, header, listWords, type Answer, type Ask } from './answer';
import { absentNote } from './absentAnswer';
import type { Subject } from './subjects';

interface Row {
  name: string;
  short: string;
  parts: CostPart[];
}

export function comparisonAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs, period, against } = ask;
  const single = present.length === 1 && !present[0]!.entry.usageOf ? present[0]! : undefined;
  const rows: Row[] = single
    ? usageTypeParts([single.parts[0]!.service]).map((p) => ({
        name: p.usageType!,
        short: p.usageType!,
        parts: [p],
      }))
    : present.length > 0
      ? present.map((s) => ({ name: s.entry.name, short: s.entry.short, parts: s.parts }))
      : SERVICES.map((service) => ({
          name: service.name,
          short: shortName(service.name),
          parts: wholeServices([service]),
        }));
  const lines = rows
    .map((r) => ({ ...r, cost: partsCost(r.parts, period), previous: partsCost(r.parts, against) }))
    .sort((a, b) => b.cost - a.cost);
  // A service's own total, not the sum of its rounded usage types.
  const scope = present.length > 0 ? present.flatMap((s) => s.parts) : wholeServices();
  const total = partsCost(scope, period);
  const previous = partsCost(scope, against);
  const subject = present.length > 0 ? listWords(present.map((s) => s.entry.short)) : undefined;
  // Oldest first, as a reader scans a timeline.
  const [older, newer] = against.start <= period.start ? [against, period] : [period, against];
  const costIn = (l: (typeof lines)[number], p: typeof period) =>
    p === period ? l.cost : l.previous;
  const totalIn = (p: typeof period) => (p === period ? total : previous);
  const parts = [
    `### ${subject ? `${subject} cost` : 'Cost by service'}: ${label(period)} vs ${label(against)}`,
    `${subject ?? 'Total spend'}: **${m(total)}** ${during(period)} against **${m(previous)}** ${during(against)}, ` +
      `${delta(total, previous, m)}.`,
  ];
  if (days(period) !== days(against) && days(period) > 0 && days(against) > 0) {
    parts[1] +=
      ` The periods differ in length (${days(period)} and ${days(against)} days): per day that is ` +
      `${m(total / days(period))} against ${m(previous / days(against))}, ${change(total / days(period), previous / days(against))}.`;
  }
  const note = absentNote(ask);
  if (note) parts[1] += ` ${note}`;
  const shown = lines.slice(0, prefs.detailLevel === 'summary' ? 3 : undefined);
  parts.push(
    table(
      [
        single ? 'Usage type' : 'Service',
        header(older.name),
        header(newer.name),
        'Change',
        'Change %',
      ],
      [
        ...shown.map((l) => [
          l.name,
          m(costIn(l, older)),
          m(costIn(l, newer)),
          signedAmount(costIn(l, newer) - costIn(l, older), m),
          change(costIn(l, newer), costIn(l, older)),
        ]),
        [
          '**Total**',
          `**${m(totalIn(older))}**`,
          `**${m(totalIn(newer))}**`,
          signedAmount(totalIn(newer) - totalIn(older), m),
          change(totalIn(newer), totalIn(older)),
        ],
      ],
      [1, 2, 3, 4],
    ),
  );
  if (prefs.detailLevel !== 'summary') {
    const charted = lines.slice(0, 8);
    parts.push(
      chartBlock({
        type: 'bar',
        title: `${subject ?? 'Cost by service'}, ${older.name} and ${newer.name}`,
        unit: prefs.currency,
        categories: charted.map((l) => l.short),
        series: [older, newer].map((p) => ({
          name: p.name,
          data: charted.map((l) => convert(costIn(l, p), prefs.currency)),
        })),
      }),
    );
  }
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: 'Comparing the two periods in Cost Explorer…',
        markdown: parts.join('\n\n'),
      },
    ],
    followUps: [
      'Why did costs change?',
      'And the same period last year?',
      'Forecast next month',
      'Show the spend trend',
    ],
  };
}
