import { AGENTS, type Answer } from './answer';

const CAPABILITIES = [
  '- **Cost by service** or for one service, e.g. “What did we spend by service last month?”, “EC2 cost in Q3”',
  '- **What changed**, e.g. “Why did costs go up?”, and **comparisons**, e.g. “Compare this quarter with last quarter”',
  '- **Trends and forecasts**, e.g. “Show the spend trend” or “Forecast next month”',
  '- **Budgets and alerts**, e.g. “Are we on budget?”',
  '- **Rightsizing and Trusted Advisor** findings, with AWS CLI commands',
  '- **Anomalies** and **Savings Plans coverage**',
  '- Preferences: “show me this in euros”, “be brief”, “use 90 days by default”',
].join('\n');

const STARTERS = [
  'Show cost by service',
  'Forecast next month',
  'How are we doing against budget?',
  'Any rightsizing recommendations?',
];

export function helpAnswer(): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Thinking…',
        markdown: `I'm your FinOps assistant. I can help with:\n\n${CAPABILITIES}`,
      },
    ],
    followUps: STARTERS,
  };
}

export function notUnderstood(): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Thinking…',
        markdown: `I'm not sure what you are asking. I can help with:\n\n${CAPABILITIES}`,
      },
    ],
    followUps: STARTERS,
  };
}

/** A period that has not begun has no spend to report. */
export function notYet(heading: string, periodName: string): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Thinking…',
        markdown: `### ${heading}\n\n${periodName} has not begun, so there is no spend to report yet. A forecast can say what to expect.`,
      },
    ],
    followUps: ['Forecast next month', 'Show cost by service', 'Show the spend trend'],
  };
}

export function confirmation(): Answer {
  return {
    sections: [
      {
        agent: AGENTS.supervisor,
        status: 'Updating your preferences…',
        markdown: 'What would you like to look at?',
      },
    ],
    followUps: STARTERS,
  };
}
