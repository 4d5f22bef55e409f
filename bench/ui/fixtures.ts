// The bench's fixed inputs: the streamed answer (answer.md), how it is cut into deltas, and
// a seeded 2,000-message conversation for the history runs. Nothing here depends on the
// clock except the history's timestamps, which end an hour before the bench starts so that
// the question asked during the run sorts after them.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '../../src/protocol/types';
import { seededRandom } from '../../src/mock-server/backend/seededRandom';

export const QUESTION = 'Give me the full November cost review, with budgets and savings.';
export const DELTA_CHARS = 16;

/** The answer streamed in every run, and the sentence that says it is all on screen. */
export function loadAnswer(): { text: string; lastSentence: string } {
  const text = readFileSync(fileURLToPath(new URL('./answer.md', import.meta.url)), 'utf8');
  const lastSentence = text.trimEnd().split('\n').pop() ?? '';
  // Plain words only: markdown in it would split it across elements and the page-side check
  // looks for it in one block's text.
  if (
    !/^[A-Za-z0-9 ,.-]{20,}$/.test(lastSentence) ||
    text.indexOf(lastSentence) !== text.lastIndexOf(lastSentence)
  ) {
    throw new Error(
      `answer.md must end with one distinctive plain sentence, not "${lastSentence}"`,
    );
  }
  return { text, lastSentence };
}

/** The answer in deltas of DELTA_CHARS code points (never splitting a surrogate pair). */
export function splitDeltas(text: string): string[] {
  const points = Array.from(text);
  const deltas: string[] = [];
  for (let i = 0; i < points.length; i += DELTA_CHARS) {
    deltas.push(points.slice(i, i + DELTA_CHARS).join(''));
  }
  return deltas;
}

const SERVICES = ['EC2', 'S3', 'RDS', 'Lambda', 'CloudWatch', 'DynamoDB', 'EKS', 'data transfer'];
const TEAMS = ['checkout', 'catalog', 'search', 'payments', 'analytics', 'platform'];
const QUESTIONS = [
  (s: string) => `What did ${s} cost last week?`,
  (s: string) => `Why did ${s} go up?`,
  (s: string) => `Forecast ${s} for next month`,
  () => 'Are we on budget?',
  (s: string) => `Any rightsizing for ${s}?`,
  () => 'Show cost by team',
];

function money(random: () => number, max: number): string {
  return `$${(random() * max).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A few hundred characters of the kind of markdown the assistant writes; a table in some. */
function answerText(index: number, random: () => number): string {
  const service = SERVICES[index % SERVICES.length]!;
  const change = (random() * 30 - 10).toFixed(1);
  switch (index % 4) {
    case 0: {
      const rows = TEAMS.slice(0, 3 + (index % 3))
        .map(
          (team) => `| ${team} | ${money(random, 20_000)} | ${(random() * 20 - 5).toFixed(1)}% |`,
        )
        .join('\n');
      return `**${service}** cost by team over the last 7 days:\n\n| Team | Cost | Change |\n| --- | ---: | ---: |\n${rows}\n\nThe total moved by **${change}%** week over week.`;
    }
    case 1:
      return `${service} spend was **${money(random, 50_000)}** last week, ${change}% on the week before.\n\n- Largest driver: the \`${TEAMS[index % TEAMS.length]}\` account\n- On-demand share: ${(random() * 60).toFixed(0)}%\n- Savings Plans coverage: ${(50 + random() * 45).toFixed(0)}%\n\nI can break this down by region or by usage type if that helps.`;
    case 2:
      return `Forecast for ${service} next month: **${money(random, 80_000)}** (80% interval ${money(random, 10_000)} either side). The trend is ${Number(change) > 0 ? 'up' : 'down'} ${Math.abs(Number(change))}% a month, mostly from \`${TEAMS[(index + 1) % TEAMS.length]}\`. Budget headroom after the forecast: ${money(random, 15_000)}.`;
    default:
      return `Three options for ${service}:\n\n1. Rightsize ${2 + (index % 7)} instances to Graviton: about ${money(random, 3_000)} a month.\n2. Schedule non-production capacity off at night: about ${money(random, 2_000)} a month.\n3. Cover the steady baseline with a Savings Plan: about ${money(random, 4_000)} a month.`;
  }
}

/**
 * `count` messages of `sessionId`, oldest first, alternating question and answer, ending an
 * hour before `now`; ids sort in the protocol's (timestamp, messageId) order.
 */
export function historyMessages(sessionId: string, count: number, now: number): ChatMessage[] {
  const random = seededRandom(20261129);
  const end = now - 60 * 60 * 1000;
  const messages: ChatMessage[] = [];
  for (let i = 0; i < count; i++) {
    const messageId = `h-${String(i).padStart(6, '0')}`;
    const timestamp = new Date(end - (count - i) * 90_000).toISOString();
    if (i % 2 === 0) {
      const ask = QUESTIONS[(i / 2) % QUESTIONS.length]!;
      const content = ask(SERVICES[(i / 2) % SERVICES.length]!);
      messages.push({
        messageId,
        sessionId,
        role: 'user',
        content,
        timestamp,
        clientMessageId: `c-${messageId}`,
      });
    } else {
      messages.push({
        messageId,
        sessionId,
        role: 'assistant',
        content: answerText((i - 1) / 2, random),
        timestamp,
        replyTo: messages[i - 1]!.messageId,
        agentsUsed: ['cost-analysis-agent'],
      });
    }
  }
  return messages;
}
