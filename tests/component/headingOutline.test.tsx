import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageList } from '../../src/components/chat/MessageList';
import { LazyMarkdownText } from '../../src/components/markdown/lazyMarkdownText';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';
const answer = (key: string, content: string) => ({
  key,
  messageId: key,
  role: 'assistant' as const,
  content,
  timestamp: ts,
});

beforeEach(async () => {
  await LazyMarkdownText.loaded();
});

describe('the outline of the transcript', () => {
  it('has a Messages h2, and each answer’s headings from h3 on, whatever level it wrote', async () => {
    resetStore(
      transcript('s-1', [
        answer('a-1', '### Cost by service\n\nText.\n\n#### EC2'),
        answer('a-2', '# Forecast\n\n## Next month'),
      ]),
    );
    renderWithTheme(<MessageList />);
    expect(screen.getByRole('heading', { level: 2, name: 'Messages' })).toBeInTheDocument();
    const [first, second] = screen.getAllByRole('article', { name: 'Assistant said' });
    expect(await within(first!).findByRole('heading', { level: 3, name: 'Cost by service' }));
    expect(within(first!).getByRole('heading', { level: 4, name: 'EC2' })).toBeInTheDocument();
    expect(within(second!).getByRole('heading', { level: 3, name: 'Forecast' })).toHaveClass(
      'md-h1',
    );
    expect(
      within(second!).getByRole('heading', { level: 4, name: 'Next month' }),
    ).toBeInTheDocument();
  });
});
