import { act, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerAnnouncer } from '../../src/components/chat/AnswerAnnouncer';
import { useChatStore } from '../../src/store/useChatStore';
import type { UiMessage } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';
const streaming = (sessionId: string, key: string): UiMessage => ({
  key,
  sessionId,
  messageId: key,
  role: 'assistant',
  content: '',
  timestamp: ts,
  streaming: true,
});

/** The reply `key` finishes with `content`, as the store settles it. */
function finish(key: string, content: string) {
  act(() => {
    const { messages } = useChatStore.getState();
    useChatStore.setState({
      messages: { ...messages, [key]: { ...messages[key]!, content, streaming: false } },
      streamingText: {},
    });
  });
}

beforeEach(() => {
  resetStore({
    ...transcript('s-1', [streaming('s-1', 'a-1')]),
    streamingText: { 'a-1': 'Spend by' },
  });
});

describe('AnswerAnnouncer', () => {
  it('announces an answer once it has arrived, in words, and not while it streams', () => {
    renderWithTheme(<AnswerAnnouncer />);
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    act(() => useChatStore.setState({ streamingText: { 'a-1': 'Spend by service' } }));
    expect(status).toHaveTextContent(/^$/);

    finish('a-1', 'Spend by **service**:\n\n| EC2 | $5 |');
    expect(status).toHaveTextContent('The assistant answered: Spend by service: EC2, $5.');
  });

  it('says nothing of an answer finishing in another conversation', () => {
    renderWithTheme(<AnswerAnnouncer />);
    act(() => useChatStore.setState({ currentSessionId: 's-2' }));
    finish('a-1', 'Elsewhere');
    expect(screen.getByRole('status')).toHaveTextContent(/^$/);
  });
});
