import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChatContainer } from '../../src/components/chat/ChatContainer';
import { MAX_CONTENT_CHARS } from '../../src/protocol/limits';
import { useChatStore } from '../../src/store/useChatStore';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

beforeEach(() => resetStore());

describe('ChatInput', () => {
  it('sends with Enter: the message joins the transcript, queued, and the box empties', async () => {
    const user = userEvent.setup();
    renderWithTheme(<ChatContainer />);
    const input = screen.getByRole('textbox', { name: 'Message' });

    await user.type(input, 'What did EC2 cost?{Enter}');

    const said = await screen.findByRole('article', { name: 'You said' });
    expect(said).toHaveTextContent('What did EC2 cost?');
    expect(screen.getByRole('img', { name: /Queued/ })).toBeInTheDocument();
    expect(input).toHaveValue('');
  });

  it('breaks the line with Shift+Enter instead of sending', async () => {
    const user = userEvent.setup();
    renderWithTheme(<ChatContainer />);
    const input = screen.getByRole('textbox', { name: 'Message' });

    await user.type(input, 'first line{Shift>}{Enter}{/Shift}second line');

    expect(input).toHaveValue('first line\nsecond line');
    expect(screen.queryByRole('article', { name: 'You said' })).not.toBeInTheDocument();
  });

  it('keeps the draft in the store, per session, so it survives a re-render', async () => {
    const user = userEvent.setup();
    const { unmount } = renderWithTheme(<ChatContainer />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'half a thought');
    unmount();

    renderWithTheme(<ChatContainer />);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('half a thought');
    expect(useChatStore.getState().drafts['']).toBe('half a thought');
  });

  it('refuses a message over the limit, says why, and keeps the text', async () => {
    const user = userEvent.setup();
    resetStore({ drafts: { '': 'x'.repeat(MAX_CONTENT_CHARS + 1) } });
    renderWithTheme(<ChatContainer />);
    const input = screen.getByRole('textbox', { name: 'Message' });

    expect(screen.getByText(/Too long to send/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await user.type(input, '{Enter}');

    expect(screen.queryByRole('article', { name: 'You said' })).not.toBeInTheDocument();
    expect(input).toHaveValue('x'.repeat(MAX_CONTENT_CHARS + 1));
  });
});
