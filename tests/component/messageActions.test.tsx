import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerClipboard } from '../../src/components/chat/answerClipboard';
import { MessageList } from '../../src/components/chat/MessageList';
import { preloadHint } from '../../src/components/common/tooltipLoader';
import type { UiMessage } from '../../src/store/types';
import { useChatStore } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';
const answerText = [
  '## Cost by service',
  '',
  'Spend was **$1,555.50** in total.',
  '',
  '| Service | Cost |',
  '|---|---:|',
  '| EC2 | $1,234.50 |',
  '| S3 | $321.00 |',
  '',
  '- first',
  '- second',
  '',
  '```bash',
  'aws ce get-cost-and-usage',
  '```',
].join('\n');

const question: Omit<UiMessage, 'sessionId'> = {
  key: 'c-1',
  clientMessageId: 'c-1',
  messageId: 'm-1',
  role: 'user',
  content: 'What did we spend?',
  timestamp: ts,
  deliveryStatus: 'answered',
};
const answer: Omit<UiMessage, 'sessionId'> = {
  key: 'a-1',
  messageId: 'a-1',
  replyTo: 'm-1',
  role: 'assistant',
  content: answerText,
  timestamp: ts,
  followUps: ['Forecast next month?'],
};

beforeAll(() => preloadHint());

beforeEach(() => {
  resetStore({ ...transcript('s-1', [question, answer]), drafts: { 's-1': 'half written' } });
});

const sent = () => useChatStore.getState().order['s-1']!.slice(2);
const messageOf = (key: string) => useChatStore.getState().messages[key];

describe('message actions', () => {
  it('edits a question and sends it as a new message; the original and the draft stay', async () => {
    const user = userEvent.setup();
    renderWithTheme(<MessageList />);
    const mine = screen.getByRole('article', { name: 'You said' });
    await user.click(within(mine).getByRole('button', { name: 'Edit and send again' }));

    const field = screen.getByRole('textbox', { name: 'Edited message' });
    expect(field).toHaveFocus();
    expect(field).toHaveValue('What did we spend?');
    await user.type(field, ' On S3{Enter}');

    expect(sent().map((key) => messageOf(key)?.content)).toEqual(['What did we spend? On S3']);
    expect(messageOf('c-1')?.content).toBe('What did we spend?');
    expect(useChatStore.getState().drafts['s-1']).toBe('half written');
    expect(screen.queryByRole('textbox', { name: 'Edited message' })).not.toBeInTheDocument();
  });

  it('leaves an edit with Esc, sending nothing, and gives focus back to its button', async () => {
    const user = userEvent.setup();
    renderWithTheme(<MessageList />);
    await user.click(screen.getByRole('button', { name: 'Edit and send again' }));
    await user.type(screen.getByRole('textbox', { name: 'Edited message' }), ' changed{Escape}');

    expect(sent()).toEqual([]);
    expect(screen.queryByRole('textbox', { name: 'Edited message' })).not.toBeInTheDocument();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(screen.getByRole('button', { name: 'Edit and send again' })).toHaveFocus();
  });

  it('asks an answer again: the same question as a new turn, marked "Asked again"', async () => {
    const user = userEvent.setup();
    renderWithTheme(<MessageList />);
    const reply = screen.getByRole('article', { name: 'Assistant said' });
    await user.click(within(reply).getByRole('button', { name: 'Ask again' }));

    const [key] = sent();
    expect(messageOf(key!)).toMatchObject({ content: 'What did we spend?', askedAgain: true });
    const again = screen.getAllByRole('article', { name: 'You said' })[1]!;
    expect(within(again).getByText('Asked again')).toBeInTheDocument();
    expect(useChatStore.getState().drafts['s-1']).toBe('half written');
  });

  it('copies an answer as the reader sees it: text without markdown, tables as cells', async () => {
    const user = userEvent.setup();
    renderWithTheme(<MessageList />);
    const reply = screen.getByRole('article', { name: 'Assistant said' });
    await user.click(within(reply).getByRole('button', { name: 'Copy answer' }));

    const text = await navigator.clipboard.readText();
    expect(text).toContain('Cost by service\n\nSpend was $1,555.50 in total.');
    expect(text).toContain('Service\tCost\nEC2\t$1,234.50\nS3\t$321.00');
    expect(text).toContain('- first\n- second');
    expect(text).toContain('aws ce get-cost-and-usage');
    expect(text).not.toMatch(/\*\*|\||```|##/);
    expect(text).not.toMatch(/Copy code|bash\n/);
  });

  it('says so when the browser refuses to copy, instead of seeming to have copied', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    renderWithTheme(<MessageList />);
    const mine = screen.getByRole('article', { name: 'You said' });
    await user.click(within(mine).getByRole('button', { name: 'Copy message' }));
    expect(
      await within(mine).findByRole('button', {
        name: /^Copy message: The browser refused to copy/,
      }),
    ).toBeInTheDocument();
  });

  it('gives HTML for a rich paste: the table as a table, no buttons, classes or styles', () => {
    renderWithTheme(<MessageList />);
    const reply = screen.getByRole('article', { name: 'Assistant said' });
    // The answer's markdown box, as "Copy answer" reads it.
    const { html } = answerClipboard(reply.querySelector<HTMLElement>('.md-block')!.parentElement!);
    const pasted = document.createElement('div');
    pasted.innerHTML = html!;
    expect(pasted.querySelectorAll('table tr')).toHaveLength(3);
    expect(pasted.querySelector('strong')?.textContent).toBe('$1,555.50');
    expect(pasted.querySelector('button, svg, [class], [style]')).toBeNull();
  });

  it('offers Continue under the latest answer when it was stopped, with its follow-ups', async () => {
    const user = userEvent.setup();
    resetStore(transcript('s-1', [question, { ...answer, stopped: true }]));
    renderWithTheme(<MessageList />);
    expect(screen.getByText('Stopped')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Forecast next month?' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(sent().map((key) => messageOf(key)?.content)).toEqual(['Continue']);
    expect(screen.queryByRole('button', { name: 'Continue' })).not.toBeInTheDocument();
  });

  it('shows the follow-ups under the answer they follow, inside the transcript', () => {
    renderWithTheme(<MessageList />);
    const log = screen.getByRole('log', { name: 'Conversation' });
    const chips = within(log).getByLabelText('Suggested questions');
    const reply = screen.getByRole('article', { name: 'Assistant said' });
    expect(reply.compareDocumentPosition(chips) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
