import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageErrorBoundary } from '../../src/components/chat/MessageErrorBoundary';
import { MarkdownContent } from '../../src/components/markdown/MarkdownContent';
import { renderWithTheme } from '../support/renderWithStore';

// Renders of the components that draw a finished table, code block or chart, counted.
const renders = vi.hoisted(() => ({ table: 0, code: 0, chart: 0 }));
vi.mock('../../src/components/markdown/MarkdownTable', async (importOriginal) => {
  const { MarkdownTable } =
    await importOriginal<typeof import('../../src/components/markdown/MarkdownTable')>();
  return {
    MarkdownTable: (props: Parameters<typeof MarkdownTable>[0]) => (
      renders.table++,
      MarkdownTable(props)
    ),
  };
});
vi.mock('../../src/components/markdown/CodeBlock', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/components/markdown/CodeBlock')>();
  return {
    ...original,
    CodeBlock: (props: Parameters<typeof original.CodeBlock>[0]) => (
      renders.code++,
      original.CodeBlock(props)
    ),
  };
});
vi.mock('../../src/components/markdown/ChartBlock', () => ({
  ChartBlock: ({ spec }: { spec: { title?: string } }) => (
    renders.chart++,
    (<figure aria-label={spec.title}>chart</figure>)
  ),
}));

beforeEach(() => {
  renders.table = 0;
  renders.code = 0;
  renders.chart = 0;
});

const CHART =
  '```chart\n{"type":"bar","title":"Cost by service","categories":["EC2","S3"],"series":[{"name":"Cost","data":[1,2]}]}\n```';
const ANSWER = [
  '## Cost by service',
  '| Service | Cost |\n|---|---:|\n| EC2 | $1,234 |\n| S3 | $321 |',
  '```bash\naws ce get-cost-and-usage\n```',
  CHART,
  'EC2 rose **12%** because of new m5 instances.',
].join('\n\n');

function stream(
  text: string,
  from: number,
  step: number,
  rerender: (ui: React.ReactElement) => void,
) {
  for (let end = from; end < text.length; end += step) {
    act(() => rerender(<MarkdownContent content={text.slice(0, end)} streaming />));
  }
}

describe('MarkdownContent while an answer streams', () => {
  it('never renders a finished table, code block or chart again while later text streams in', async () => {
    const tail = '\n\nMore detail follows. '.padEnd(400, 'Spend is stable. ');
    const { rerender } = renderWithTheme(<MarkdownContent content={ANSWER} streaming />);
    await screen.findByRole('figure', { name: 'Cost by service' });
    const before = { ...renders };

    stream(ANSWER + tail, ANSWER.length, 7, (ui) => rerender(ui));
    act(() => rerender(<MarkdownContent content={ANSWER + tail} />));

    expect(renders).toEqual(before);
    expect(screen.getByText(/Spend is stable/)).toBeInTheDocument();
  });

  it('shows a chart placeholder, never its JSON, until the chart block closes', async () => {
    const text = `Spend by service:\n\n${CHART}`;
    const { rerender } = renderWithTheme(<MarkdownContent content="" streaming />);
    for (let end = 1; end <= text.length - 3; end += 5) {
      act(() => rerender(<MarkdownContent content={text.slice(0, end)} streaming />));
      expect(document.body.textContent).not.toMatch(/"type"|categories|\{/);
    }
    expect(screen.getByRole('img', { name: 'Chart loading' })).toBeInTheDocument();
    act(() => rerender(<MarkdownContent content={text} />));
    expect(await screen.findByRole('figure', { name: 'Cost by service' })).toBeInTheDocument();
  });

  it('leaves out the unfinished chart of an answer cut off part way, never showing its JSON', () => {
    const text = `Spend by service:\n\n${CHART}`;
    renderWithTheme(<MarkdownContent content={text.slice(0, text.indexOf('categories'))} cutOff />);
    expect(document.body.textContent).toBe('Spend by service:');
    expect(screen.queryByRole('img', { name: 'Chart loading' })).not.toBeInTheDocument();
  });

  it('shows an open code fence as code and a half table row not at all', () => {
    const { rerender } = renderWithTheme(
      <MarkdownContent content={'```bash\naws ce get-cost'} streaming />,
    );
    expect(document.querySelector('pre code')).toHaveTextContent('aws ce get-cost');
    expect(document.body.textContent).not.toContain('```');
    rerender(
      <MarkdownContent
        content={'| Service | Cost |\n|---|---:|\n| EC2 | $1,234 |\n| S3 | $3'}
        streaming
      />,
    );
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(document.body.textContent).not.toContain('|');
  });
});

describe('MarkdownContent with hostile or huge content', () => {
  it('flattens 2,000 nested list markers instead of overflowing the stack', () => {
    renderWithTheme(<MarkdownContent content={`${'- '.repeat(2000)}deep`} />);
    expect(screen.getByText('deep')).toBeInTheDocument();
    expect(document.querySelectorAll('ul').length).toBeLessThanOrEqual(16);
  });

  it('never fetches an image: it becomes a link showing its alt text', () => {
    renderWithTheme(
      <MarkdownContent
        content={
          '![EC2 cost trend](https://tracker.example/p.png) and ![x](javascript:alert(1)) and [docs](javascript:alert(2))'
        }
      />,
    );
    expect(document.querySelector('img')).toBeNull();
    const link = screen.getByRole('link', { name: 'EC2 cost trend' });
    expect(link).toHaveAttribute('href', 'https://tracker.example/p.png');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getAllByRole('link')).toHaveLength(1);
    expect(document.querySelector('[href^="javascript"]')).toBeNull();
  });

  it('shows the first 100 rows of a 2,000-row table, with the way to the rest', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `| i-${i} | $${i} |`).join('\n');
    renderWithTheme(<MarkdownContent content={`| Instance | Cost |\n|---|---:|\n${rows}`} />);
    expect(screen.getAllByRole('row')).toHaveLength(101);
    expect(screen.getByText('Showing the first 100 of 2,000 rows.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show all rows' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy whole table' })).toBeInTheDocument();
  });

  it('shows a 200 KB code block in part, unhighlighted, with show all and copy', async () => {
    const code = Array.from({ length: 5000 }, (_, i) => `echo "line ${i} ${'x'.repeat(30)}"`).join(
      '\n',
    );
    expect(code.length).toBeGreaterThan(200_000);
    renderWithTheme(<MarkdownContent content={`\`\`\`bash\n${code}\n\`\`\``} />);
    const pre = document.querySelector('pre')!;
    expect(pre.querySelectorAll('span.token')).toHaveLength(0);
    expect(pre.textContent!.split('\n')).toHaveLength(400);
    expect(screen.getByText('Showing the first 400 of 5,000 lines.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show all lines' }));
    expect(document.querySelector('pre')!.textContent!.split('\n')).toHaveLength(5000);
  });
});

describe('MarkdownContent for keyboard and phone users', () => {
  it("puts a code block's language and copy button in a bar above the code, which takes the focus", async () => {
    renderWithTheme(<MarkdownContent content={'```sql\nSELECT service, cost FROM spend;\n```'} />);
    const pre = document.querySelector('pre')!;
    const copy = screen.getByRole('button', { name: 'Copy code' });
    expect(pre.contains(copy)).toBe(false);
    const bar = copy.parentElement!.parentElement!;
    expect(within(bar).getByText('sql')).toBeInTheDocument();
    expect(bar.compareDocumentPosition(pre) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Highlighted or not, the code can be scrolled with the keyboard.
    expect(pre).toHaveAttribute('tabindex', '0');
    await waitFor(() => expect(document.querySelector('pre .token')).not.toBeNull());
    expect(document.querySelector('pre')).toHaveAttribute('tabindex', '0');
  });
});

describe('MessageErrorBoundary', () => {
  function Broken(): never {
    throw new Error('cannot render');
  }

  it('shows a message that cannot be rendered as plain text with a copy button, and tries a new text again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { rerender } = renderWithTheme(
      <>
        <MessageErrorBoundary text="**Spend** rose">
          <Broken />
        </MessageErrorBoundary>
        <p>The rest of the app</p>
      </>,
    );
    expect(screen.getByText('**Spend** rose')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy message text' })).toBeInTheDocument();
    expect(screen.getByText('The rest of the app')).toBeInTheDocument();
    expect(warn).toHaveBeenCalled();

    rerender(
      <MessageErrorBoundary text="**Spend** rose 12%">
        <p>formatted again</p>
      </MessageErrorBoundary>,
    );
    expect(within(document.body).getByText('formatted again')).toBeInTheDocument();
    vi.restoreAllMocks();
  });
});
