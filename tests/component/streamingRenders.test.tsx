import { act, screen } from '@testing-library/react';
import { Profiler, type ComponentType } from 'react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatContainer } from '../../src/components/chat/ChatContainer';
import { STREAM_UPDATE_MAX_INTERVAL_MS } from '../../src/components/chat/useShownText';
import { preloadHint } from '../../src/components/common/tooltipLoader';
import { useChatStore } from '../../src/store/useChatStore';
import type { UiMessage } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

// Every component a streamed delta must leave alone is wrapped in a Profiler that counts
// its commits, by name (a bubble by its message key).
const commits = vi.hoisted(() => new Map<string, number>());

function counted<P extends object>(
  name: string,
  Inner: ComponentType<P>,
  idOf?: (props: P) => string,
) {
  return function Counted(props: P) {
    const id = idOf ? idOf(props) : name;
    return (
      <Profiler id={id} onRender={() => commits.set(id, (commits.get(id) ?? 0) + 1)}>
        <Inner {...props} />
      </Profiler>
    );
  };
}

vi.mock('../../src/components/chat/ChatInput', async (importOriginal) => {
  const { ChatInput } =
    await importOriginal<typeof import('../../src/components/chat/ChatInput')>();
  return { ChatInput: counted('composer', ChatInput) };
});
vi.mock('../../src/components/sessions/SessionList', async (importOriginal) => {
  const { SessionList } =
    await importOriginal<typeof import('../../src/components/sessions/SessionList')>();
  return { SessionList: counted('drawer', SessionList) };
});
vi.mock('../../src/components/chat/ChatHeader', async (importOriginal) => {
  const { ChatHeader } =
    await importOriginal<typeof import('../../src/components/chat/ChatHeader')>();
  return { ChatHeader: counted('header', ChatHeader) };
});
vi.mock('../../src/components/chat/MessageBubble', async (importOriginal) => {
  const { memo } = await import('react');
  const { MessageBubble } =
    await importOriginal<typeof import('../../src/components/chat/MessageBubble')>();
  // The bubble is memoized; so is its counter, or a re-render of the list would count.
  return { MessageBubble: memo(counted('bubble', MessageBubble, (p) => p.messageKey)) };
});

const ts = '2026-11-21T10:00:00.000Z';
/** Long enough for a streaming bubble's next update: the longest interval, then a frame. */
const nextUpdate = () =>
  act(
    () =>
      new Promise<void>((resolve) =>
        setTimeout(() => requestAnimationFrame(() => resolve()), STREAM_UPDATE_MAX_INTERVAL_MS),
      ),
  );

function conversation(): UiMessage[] {
  const messages: Omit<UiMessage, 'sessionId'>[] = [];
  for (let i = 0; i < 10; i++) {
    messages.push({
      key: `c-${i}`,
      clientMessageId: `c-${i}`,
      messageId: `q-${i}`,
      role: 'user',
      content: `Question ${i}`,
      timestamp: ts,
      deliveryStatus: 'answered',
    });
    messages.push({
      key: `a-${i}`,
      messageId: `a-${i}`,
      role: 'assistant',
      content: `| Service | Cost |\n|---|---:|\n| EC2 | $${i} |`,
      timestamp: ts,
    });
  }
  messages.push({
    key: 'c-live',
    clientMessageId: 'c-live',
    messageId: 'q-live',
    role: 'user',
    content: 'And now?',
    timestamp: ts,
    deliveryStatus: 'sent',
  });
  messages.push({
    key: 'a-live',
    messageId: 'a-live',
    replyTo: 'q-live',
    role: 'assistant',
    content: 'Spend',
    timestamp: ts,
    streaming: true,
  });
  return messages as UiMessage[];
}

// Tooltips load when idle; loaded up front, they cannot re-render a bubble mid-test.
beforeAll(() => preloadHint());

beforeEach(() => {
  commits.clear();
  const state = transcript('s-1', conversation());
  resetStore({
    ...state,
    streamingText: { 'a-live': 'Spend' },
    outbox: ['c-live'],
    sessions: [
      {
        sessionId: 's-1',
        title: 'Costs',
        createdAt: ts,
        lastActivityAt: ts,
        expiresAt: ts,
        messageCount: 22,
      },
      {
        sessionId: 's-2',
        title: 'Budgets',
        createdAt: ts,
        lastActivityAt: ts,
        expiresAt: ts,
        messageCount: 4,
      },
    ],
  });
});

/** A delta as the store applies it: the streamed text of the reply grows. */
function delta(text: string) {
  act(() => {
    const current = useChatStore.getState().streamingText['a-live'] ?? '';
    useChatStore.setState({ streamingText: { 'a-live': current + text } });
  });
}

describe('a streamed delta', () => {
  it('re-renders its own bubble only: not the other bubbles, the composer, the header or the drawer', async () => {
    renderWithTheme(<ChatContainer />);
    await nextUpdate();
    expect(commits.get('a-live')).toBeGreaterThan(0);
    const before = new Map(commits);

    for (let i = 0; i < 5; i++) {
      delta(` rose ${i}.`);
      await nextUpdate();
    }

    expect(screen.getAllByRole('article', { name: 'Assistant said' }).at(-1)).toHaveTextContent(
      'rose 4.',
    );
    const changed = [...commits].filter(([id, n]) => n !== before.get(id)).map(([id]) => id);
    expect(changed).toEqual(['a-live']);
  });

  it('renders once per update interval, on an animation frame, however fast the deltas come', async () => {
    renderWithTheme(<ChatContainer />);
    await nextUpdate();
    const before = commits.get('a-live') ?? 0;

    for (let i = 0; i < 50; i++) delta(` ${i}`);
    expect(commits.get('a-live')).toBe(before);
    // Counted before act's scope ends: leaving it flushes what act queued, a commit of its own.
    let after = 0;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, STREAM_UPDATE_MAX_INTERVAL_MS));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      after = commits.get('a-live') ?? 0;
    });

    expect(after).toBe(before + 1);
    expect(screen.getAllByRole('article', { name: 'Assistant said' }).at(-1)).toHaveTextContent(
      /47 48 49/,
    );
  });

  it('shows the final message at once, without waiting for a frame', () => {
    renderWithTheme(<ChatContainer />);
    act(() => {
      const { messages, streamingText } = useChatStore.getState();
      const { ['a-live']: _, ...rest } = streamingText;
      useChatStore.setState({
        messages: {
          ...messages,
          'a-live': { ...messages['a-live']!, content: 'Spend is flat.', streaming: false },
        },
        streamingText: rest,
      });
    });
    expect(screen.getAllByRole('article', { name: 'Assistant said' }).at(-1)).toHaveTextContent(
      'Spend is flat.',
    );
  });
});
