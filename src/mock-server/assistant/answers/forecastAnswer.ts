// The cost-forecast-agent's projection: this month's end and next month.
import { forecast, monthlyTotals } from '../costData';
import { change, chartBlock, convert } from '../format';
import { AGENTS, listWords, type Answer, type Ask } from './answer';
import { servicesOf, type Subject } from './subjects';

export function forecastAnswer(ask: Ask, present: Subject[]): Answer {
  const { m, prefs, now } = ask;
  const named = servicesOf(present);
  const services = named.length > 0 ? named : undefined;
  const f = forecast(now, services);
  const months = monthlyTotals(now, 3, services);
  const subject = present.length > 0 ? listWords(present.map((s) => s.entry.short)) : undefined;
  const parts = [
    `### Forecast${subject ? ` for ${subject}` : ''}: ${f.monthName} and ${f.nextMonthName}`,
    `For ${f.nextMonthName} I expect ${subject ? `${subject} to cost` : 'your total spend to be'} about **${m(f.nextMonth)}** ` +
      `(likely between ${m(f.low)} and ${m(f.high)}), ${change(f.nextMonth, f.lastMonth)} on ${f.lastMonthName}.`,
    `For ${f.monthName}: **${m(f.monthToDate)}** so far, heading for about **${m(f.monthExpected)}**.`,
  ];
  if (subject && named.length > 0 && present.some((s) => s.entry.usageOf)) {
    parts.push(`_The forecast covers the whole of ${listWords(named.map((s) => s.name))}._`);
  }
  if (prefs.detailLevel !== 'summary') {
    const categories = [
      ...months.map((b) => b.label),
      f.monthName.replace(/^(\w{3})\w* /, '$1 '),
      f.nextMonthName.replace(/^(\w{3})\w* /, '$1 '),
    ];
    const money = (usd: number) => convert(usd, prefs.currency);
    parts.push(
      chartBlock({
        type: 'bar',
        title: `Monthly spend and forecast${subject ? `, ${subject}` : ''}`,
        unit: prefs.currency,
        categories,
        series: [
          {
            name: 'Actual',
            kind: 'actual',
            data: [...months.map((b) => b.cost), f.monthToDate, 0].map(money),
          },
          {
            name: 'Forecast',
            kind: 'forecast',
            data: [...months.map(() => 0), f.monthExpected, f.nextMonth].map(money),
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
      'Why did costs change?',
      'How can we reduce costs?',
    ],
  };
}
