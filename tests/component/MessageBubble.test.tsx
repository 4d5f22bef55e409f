import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Profiler } from 'react';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageBubble } from '../../src/components/chat/MessageBubble';
import { MessageList } from '../../src/components/chat/MessageList';
import { STREAM_UPDATE_MAX_INTERVAL_MS } from '../../src/components/chat/useShownText';
import { preloadHint } from '../../src/components/common/tooltipLoader';
import { useChatStore } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';
const answer = [
  '## Cost by service',
  '',
  '| Service | Cost |',
  '|---|---:|',
  '| EC2 | $1,234.50 |',
  '| S3 | $321.00 |',
  '',
  '```bash',
  'aws ce get-cost-and-usage --granularity MONTHLY',
  '```',
  '',
  'Raw <b>html</b> stays <script>alert(1)</script> text.',
  '',
  '```chart',
  '{"type":"bar","categories":["EC2"]}',
  '```',
].join('\n');

// Tooltips load when idle; loaded up front, they cannot re-render a bubble mid-test.
beforeAll(() => preloadHint());

beforeEach(() => resetStore());

describe('MessageBubble', () => {
  it('renders assistant markdown: heading, table, highlighted code, raw HTML as text', () => {
    resetStore(
      transcript('s-1', [
        {
          key: 'm-1',
          messageId: 'm-1',
          role: 'assistant',
          content: answer,
          timestamp: ts,
          agentsUsed: ['cost-forecast-agent'],
        },
      ]),
    );
    renderWithTheme(<MessageList />);
    const bubble = screen.getByRole('article', { name: 'Assistant said' });

    expect(within(bubble).getByRole('heading', { name: 'Cost by service' })).toBeInTheDocument();
    const table = within(bubble).getByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('cell', { name: '$1,234.50' })).toBeInTheDocument();
    expect(bubble).toHaveTextContent('aws ce get-cost-and-usage --granularity MONTHLY');
    expect(bubble.querySelector('code.language-bash')).not.toBeNull();
    expect(bubble).toHaveTextContent('Raw <b>html</b> stays <script>alert(1)</script> text.');
    expect(bubble.querySelector('script, b')).toBeNull();
    // A chart block that does not match the chart shape is shown as code.
    expect(bubble).toHaveTextContent('{"type":"bar","categories":["EC2"]}');
    expect(within(bubble).getByText('cost-forecast-agent')).toBeInTheDocument();
  });

  it('shows a failed user message with Retry, which puts it back in the outbox', async () => {
    const user = userEvent.setup();
    resetStore({
      ...transcript('s-1', [
        {
          key: 'c-1',
          clientMessageId: 'c-1',
          role: 'user',
          content: 'Forecast?',
          timestamp: ts,
          deliveryStatus: 'failed',
          messageId: 'm-1',
          failure: 'The cost forecast agent stopped responding.',
        },
        {
          key: 'a-1',
          messageId: 'a-1',
          replyTo: 'm-1',
          role: 'assistant',
          content: 'EC2 will cost',
          timestamp: ts,
          incomplete: true,
        },
      ]),
      outbox: ['c-1'],
    });
    renderWithTheme(<MessageList />);
    expect(screen.getByRole('img', { name: 'Not delivered' })).toBeInTheDocument();
    expect(screen.getByText('Not delivered', { selector: 'span' })).toBeInTheDocument();
    expect(screen.getByText('The cost forecast agent stopped responding.')).toBeInTheDocument();
    const partial = screen.getByRole('article', { name: 'Assistant said' });
    expect(partial).toHaveTextContent('EC2 will cost');
    expect(partial).toHaveTextContent('This answer was cut off before the end.');

    await user.click(screen.getByRole('button', { name: 'Retry' }));

    expect(screen.queryByRole('img', { name: 'Not delivered' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    expect(useChatStore.getState().messages['c-1']?.deliveryStatus).not.toBe('failed');
  });

  it("copies a message of the user's own, as written", async () => {
    const user = userEvent.setup();
    const question = 'Which **instances** should we\nrightsize?';
    resetStore(
      transcript('s-1', [
        {
          key: 'c-1',
          clientMessageId: 'c-1',
          role: 'user',
          content: question,
          timestamp: ts,
          deliveryStatus: 'answered',
        },
      ]),
    );
    renderWithTheme(<MessageBubble messageKey="c-1" />);
    const mine = screen.getByRole('article', { name: 'You said' });
    await user.click(within(mine).getByRole('button', { name: 'Copy message' }));
    expect(await navigator.clipboard.readText()).toBe(question);
  });

  it('marks a turn answered while storage was down as not saved', () => {
    resetStore(
      transcript('s-1', [
        {
          key: 'c-1',
          clientMessageId: 'c-1',
          messageId: 'm-1',
          role: 'user',
          content: 'Forecast?',
          timestamp: ts,
          deliveryStatus: 'answered',
          notSaved: true,
        },
      ]),
    );
    renderWithTheme(<MessageList />);
    expect(screen.getByRole('article', { name: 'You said' })).toHaveTextContent(
      'Not saved: this turn is not kept in the conversation history.',
    );
  });

  it('re-renders only the bubble whose message changed while a reply streams', async () => {
    resetStore(
      transcript('s-1', [
        {
          key: 'c-1',
          clientMessageId: 'c-1',
          role: 'user',
          content: 'Hi',
          timestamp: ts,
          deliveryStatus: 'sent',
        },
        {
          key: 'm-2',
          messageId: 'm-2',
          role: 'assistant',
          content: 'Hel',
          timestamp: ts,
          streaming: true,
        },
      ]),
    );
    const renders: Record<string, number> = { 'c-1': 0, 'm-2': 0 };
    renderWithTheme(
      <>
        {['c-1', 'm-2'].map((key) => (
          <Profiler key={key} id={key} onRender={() => renders[key]!++}>
            <MessageBubble messageKey={key} />
          </Profiler>
        ))}
      </>,
    );
    const before = { ...renders };

    // A delta reaches the store as the streaming message's text so far.
    act(() => useChatStore.setState({ streamingText: { 'm-2': 'Hello' } }));
    // A streaming bubble catches up within the longest update interval, on an animation frame.
    await act(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => requestAnimationFrame(() => resolve()), STREAM_UPDATE_MAX_INTERVAL_MS),
        ),
    );

    expect(screen.getByRole('article', { name: 'Assistant said' })).toHaveTextContent('Hello');
    expect(renders['m-2']).toBeGreaterThan(before['m-2']!);
    expect(renders['c-1']).toBe(before['c-1']);
  });
});
