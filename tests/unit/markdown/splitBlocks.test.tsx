import fc from 'fast-check';
import Markdown from 'react-markdown';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { remarkGfmSyntax } from '../../../src/components/markdown/remarkGfmSyntax';
import { splitBlocks } from '../../../src/components/markdown/splitBlocks';
import { replyContent, respond } from '../../../src/mock-server/assistant/responder';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';

function html(markdown: string): string {
  return renderToStaticMarkup(<Markdown remarkPlugins={[remarkGfmSyntax]}>{markdown}</Markdown>)
    .replace(/>\s+</g, '><')
    .trim();
}

/** What the block-by-block renderer shows: each block parsed alone, with the definitions. */
function blockwiseHtml(markdown: string): string {
  const { blocks, definitions } = splitBlocks(markdown);
  return blocks.map((block) => html(definitions ? `${block}\n\n${definitions}` : block)).join('');
}

const word = fc.constantFrom(
  'EC2',
  'spend',
  'rose',
  '**12%**',
  '`m5.large`',
  'budget',
  '[docs][ref]',
  '_fast_',
);
const line = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((l) => l.join('\n'));
const item = fc.tuple(fc.constantFrom('- ', '* ', '1. '), line).map(([m, l]) => m + l);

const piece = fc.oneof(
  line.map((l) => `## ${l}`),
  paragraph,
  fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.map((l) => `- ${l}`).join('\n')),
  // A loose list: blank lines between items, continuation paragraphs indented.
  fc
    .array(line, { minLength: 2, maxLength: 3 })
    .map((ls) => ls.map((l, i) => `${i + 1}. ${l}\n\n   more ${l}`).join('\n\n')),
  fc
    .array(fc.nat(99), { minLength: 1, maxLength: 4 })
    .map(
      (ns) => `| Service | Cost |\n|---|---:|\n${ns.map((n) => `| S${n} | $${n} |`).join('\n')}`,
    ),
  fc
    .tuple(
      fc.constantFrom('```', '~~~', '````'),
      fc.constantFrom('bash', 'json', 'chart', ''),
      paragraph,
    )
    .map(([fence, lang, body]) => `${fence}${lang}\n${body}\n\n# not a heading\n\n${fence}`),
  fc
    .tuple(item, paragraph)
    .map(([it, body]) =>
      `${it}\n\n   \`\`\`sql\n   SELECT 1;\n\n   SELECT 2;\n   \`\`\``.replace(
        'SELECT 1;',
        body.replace(/\n/g, ' '),
      ),
    ),
  paragraph.map((p) =>
    p
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n>\n'),
  ),
  fc.constant('---'),
  // Definitions stand apart from their neighbours (see splitBlocks).
  fc.constant('\n[ref]: https://example.com/docs\n'),
  fc.constant('    indented code\n\n    after a blank'),
);
const document = fc
  .array(fc.tuple(piece, fc.constantFrom('\n\n', '\n\n\n', '\n')), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));

const ask = (question: string, detailLevel: 'summary' | 'standard' | 'detailed' = 'detailed') =>
  replyContent(
    respond({
      question,
      context: [],
      preferences: { ...DEFAULT_PREFERENCES, detailLevel },
      now: Date.UTC(2026, 10, 21),
    }),
  );

describe('splitBlocks', () => {
  it("renders the assistant's answers block by block exactly as it renders them whole", () => {
    for (const question of [
      'What did we spend by service last month?',
      'Forecast next quarter',
      'Are we on track with our budgets?',
      'Any rightsizing recommendations?',
      'Show cost anomalies',
      'Savings Plans coverage',
      'help',
    ]) {
      const answer = ask(question);
      expect(splitBlocks(answer).blocks.length).toBeGreaterThan(1);
      expect(blockwiseHtml(answer)).toBe(html(answer));
    }
  });

  it('renders any mix of blocks the same split as whole', () => {
    fc.assert(
      fc.property(document, (markdown) => {
        expect(blockwiseHtml(markdown)).toBe(html(markdown));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never changes a finished block as the text grows: only the last two can', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 1, max: 400 }), (markdown, step) => {
        const full = splitBlocks(markdown).blocks;
        for (let end = 0; end <= markdown.length; end += step) {
          const partial = splitBlocks(markdown.slice(0, end)).blocks;
          const settled = partial.slice(0, -2);
          expect(full.slice(0, settled.length)).toEqual(settled);
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('keeps a code fence whole across blank lines and reports one left open', () => {
    const text = 'Run this:\n\n```bash\naws ce get-cost\n\n\naws ce get-forecast';
    const result = splitBlocks(text);
    expect(result.blocks).toEqual([
      'Run this:',
      '```bash\naws ce get-cost\n\n\naws ce get-forecast',
    ]);
    expect(result.openFence).toEqual({ indent: '', marker: '```', info: 'bash' });
    expect(splitBlocks(`${text}\n\`\`\`\nDone.`).openFence).toBeNull();
  });

  it('splits a 30,000-line answer in one pass', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => `Paragraph ${i}\n`).join('\n');
    expect(splitBlocks(long).blocks).toHaveLength(10_000);
  });
});
