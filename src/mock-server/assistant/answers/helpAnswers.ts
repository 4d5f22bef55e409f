import { AGENTS, type Answer } from './answer';

const CAPABILITIES = [
  '- **Cost by service** for any time range, e.g. “What did we spend by service last month?”',
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
