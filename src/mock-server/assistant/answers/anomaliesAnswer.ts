// The cost-forecast-agent's anomaly scan: days well above the expected level.
import { SERVICES, anomalies, dailyCost } from '../costData';
import { change, chartBlock, convert, table } from '../format';
import { label, shortDate } from '../periods';
import { shortName } from '../serviceCatalogue';
import { AGENTS, during, type Answer, type Ask } from './answer';
import { servicesOf, type Subject } from './subjects';

export function anomaliesAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs, period } = ask;
  const named = servicesOf(present);
  const services = named.length > 0 ? named : SERVICES;
  const limit = prefs.detailLevel === 'summary' ? 3 : prefs.detailLevel === 'standard' ? 5 : 10;
  const found = anomalies(period, services);
  const scope = named.length > 0 ? ` in ${named.map((s) => shortName(s.name)).join(', ')}` : '';
  const parts = [`### Cost anomalies${scope}, ${label(period)}`];
  if (found.length === 0) {
    const earlier = anomalies(
      { ...period, start: period.end - 365, end: period.start },
      services,
    )[0];
    parts.push(
      `No anomalies ${during(period)}.` +
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
          title: `${shortName(first.service.name)} around ${shortDate(first.day)}`,
          unit: prefs.currency,
          categories: days.map(shortDate),
          series: [
            {
              name: shortName(first.service.name),
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
      `Break down ${shortName(culprit.name)} costs`,
      'Why did costs change?',
      'How are we doing against budget?',
      'Forecast next month',
    ],
  };
}
