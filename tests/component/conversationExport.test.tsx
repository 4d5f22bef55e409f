import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatHeader } from '../../src/components/chat/ChatHeader';
import { conversationMarkdown } from '../../src/components/chat/conversationMarkdown';
import { preloadHint } from '../../src/components/common/tooltipLoader';
import type { UiMessage } from '../../src/store/types';
import { renderWithTheme, resetStore, transcript } from '../support/renderWithStore';

const messages: UiMessage[] = [
  {
    key: 'c-1',
    sessionId: 's-1',
    role: 'user',
    content: 'What did EC2 cost?',
    timestamp: '2026-11-21T10:00:00.000Z',
  },
  {
    key: 'a-1',
    sessionId: 's-1',
    role: 'assistant',
    content: '## EC2\n\n| Service | Cost |\n|---|---|\n| EC2 | $12 |',
    timestamp: '2026-11-21T10:00:05.000Z',
    stopped: true,
  },
];

beforeAll(() => preloadHint());

describe('conversationMarkdown', () => {
  it('writes the title, each message under who said it and when, answers as written', () => {
    const markdown = conversationMarkdown({
      title: 'EC2 *costs*\nin November',
      messages,
      hasMore: true,
      now: new Date('2026-11-22T08:00:00.000Z'),
    });
    expect(markdown.split('\n\n').slice(0, 3)).toEqual([
      '# EC2 \\*costs\\* in November',
      '_Exported 22 Nov 2026, 08:00_',
      '_Older messages that were not loaded are not included._',
    ]);
    expect(markdown).toContain('**You** · 21 Nov 2026, 10:00\n\nWhat did EC2 cost?');
    expect(markdown).toContain(
      '**Assistant** · 21 Nov 2026, 10:00 (stopped)\n\n## EC2\n\n| Service | Cost |',
    );
  });
});

describe('the conversation menu', () => {
  let blobs: Blob[];
  beforeEach(() => {
    blobs = [];
    resetStore({
      ...transcript('s-1', messages),
      sessions: [
        {
          sessionId: 's-1',
          title: 'EC2 in November',
          createdAt: '2026-11-21T10:00:00.000Z',
          lastActivityAt: '2026-11-21T10:00:05.000Z',
          messageCount: 2,
          expiresAt: '2026-11-28T10:00:05.000Z',
        },
      ],
    });
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:export';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('downloads the conversation as a Markdown file named after it', async () => {
    const user = userEvent.setup();
    renderWithTheme(<ChatHeader onOpenSessions={() => undefined} sessionsShown />);
    await user.click(screen.getByRole('button', { name: 'Conversation actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Download as Markdown' }));

    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toBe('text/markdown;charset=utf-8');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blobs[0]!);
    });
    expect(text).toMatch(/^# EC2 in November\n/);
    expect(text).toContain('What did EC2 cost?');
    const link = vi.mocked(HTMLAnchorElement.prototype.click).mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('ec2-in-november.md');
  });

  it('copies the conversation as Markdown', async () => {
    const user = userEvent.setup();
    renderWithTheme(<ChatHeader onOpenSessions={() => undefined} sessionsShown />);
    await user.click(screen.getByRole('button', { name: 'Conversation actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Copy as Markdown' }));
    await vi.waitFor(async () =>
      expect(await navigator.clipboard.readText()).toContain('**You** · 21 Nov 2026'),
    );
  });

  it('has nothing to export in an empty conversation', async () => {
    const user = userEvent.setup();
    resetStore({ currentSessionId: null });
    renderWithTheme(<ChatHeader onOpenSessions={() => undefined} sessionsShown />);
    await user.click(screen.getByRole('button', { name: 'Conversation actions' }));
    expect(await screen.findByRole('menuitem', { name: 'Download as Markdown' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('names the conversation in the header (on a phone, in place of the app name)', () => {
    renderWithTheme(<ChatHeader onOpenSessions={() => undefined} sessionsShown />);
    expect(screen.getByRole('heading', { level: 1, name: 'FinOps Assistant' })).toBeInTheDocument();
    expect(screen.getByText('EC2 in November')).toBeInTheDocument();
  });
});
