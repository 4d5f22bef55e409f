// A service or usage type the account does not use: say so, and say what there is.
import { costByService } from '../costData';
import type { Topic } from '../intent';
import { label } from '../periods';
import { shortName } from '../serviceCatalogue';
import { AGENTS, listWords, type Answer, type Ask } from './answer';
import { subjectsOf } from './subjects';

const TOPIC_WORDS: Partial<Record<Topic, string>> = {
  trend: 'trend',
  drivers: 'cost drivers',
  forecast: 'forecast',
  anomalies: 'anomalies',
};

export function absentAnswer(ask: Ask): Answer {
  const { m, period, against } = ask;
  const absent = subjectsOf(ask.named).absent.map((e) => e.short);
  const lines = costByService(period, against).filter((l) => l.cost > 0);
  const spent = lines.map((l) => `${shortName(l.service.name)} (${m(l.cost)})`);
  const top = shortName(lines[0]!.service.name);
  const markdown = [
    `### ${listWords(absent)} ${TOPIC_WORDS[ask.topic] ?? 'cost'}, ${label(period)}`,
    `No ${listWords(absent)} spend in ${label(period)}: the account has no ${absent.length > 1 ? 'charges for them' : 'charges for it'} ` +
      `in Cost Explorer. Spend in that period was on: ${spent.join(', ')}.`,
  ].join('\n\n');
  return {
    sections: [
      {
        agent: AGENTS.forecast,
        status: `Querying Cost Explorer for ${listWords(absent)}…`,
        markdown,
      },
    ],
    followUps: ['Show cost by service', `What did ${top} cost?`, 'Why did costs change?'],
  };
}

/** For a question naming services with spend and some without: a sentence about the latter. */
export function absentNote(ask: Ask): string | undefined {
  const absent = subjectsOf(ask.named).absent.map((e) => e.short);
  return absent.length > 0 ? `There was no ${listWords(absent)} spend in that period.` : undefined;
}
