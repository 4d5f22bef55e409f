// The cost-forecast-agent's trend: how spend moved over the period.
import { costBuckets, wholeServices } from '../costData';
import { change, chartBlock, convert, table } from '../format';
import { label } from '../periods';
import { AGENTS, listWords, type Answer, type Ask } from './answer';
import type { Subject } from './subjects';

export function trendAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs, period } = ask;
  const parts = present.length > 0 ? present.flatMap((s) => s.parts) : wholeServices();
  const buckets = costBuckets(period, parts);
  const first = buckets[0]!;
  const last = buckets[buckets.length - 1]!;
  const peak = buckets.reduce((a, b) => (b.cost > a.cost ? b : a));
  const subject = present.length > 0 ? listWords(present.map((s) => s.entry.short)) : 'Total spend';
  const markdown = [
    `### ${subject} trend, ${label(period)}`,
    `${subject} went from **${m(first.cost)}** (${first.label}) to **${m(last.cost)}** (${last.label}), ` +
      `${change(last.cost, first.cost)}. The peak was ${m(peak.cost)} in ${peak.label}.`,
    chartBlock({
      type: 'line',
      title: `${subject}, ${period.name}`,
      unit: prefs.currency,
      categories: buckets.map((b) => b.label),
      series: [
        {
          name: present.length > 0 ? subject : 'Total',
          data: buckets.map((b) => convert(b.cost, prefs.currency)),
        },
      ],
    }),
    ...(prefs.detailLevel === 'detailed'
      ? [
          table(
            ['Period', 'Cost'],
            buckets.map((b) => [b.label, m(b.cost)]),
            [1],
          ),
        ]
      : []),
  ].join('\n\n');
  return {
    sections: [{ agent: AGENTS.forecast, status: 'Building the spend trend…', markdown }],
    followUps: [
      'Forecast next month',
      'Why did costs change?',
      'Any cost anomalies?',
      'How are we doing against budget?',
    ],
  };
}
