import { describe, expect, it } from 'vitest';
import { completeTail } from '../../../src/components/markdown/completeTail';
import { splitBlocks } from '../../../src/components/markdown/splitBlocks';

/** The last block of a streaming text, as the renderer shows it. */
function tailOf(text: string) {
  const { blocks, openFence } = splitBlocks(text);
  return completeTail(blocks[blocks.length - 1]!, openFence);
}

describe('completeTail', () => {
  it('closes an open code fence, with the indentation it was opened at', () => {
    expect(tailOf('```bash\naws ce get-cost').source).toBe('```bash\naws ce get-cost\n```');
    expect(tailOf('1. Run:\n\n   ```sql\n   SELECT').source).toBe(
      '1. Run:\n\n   ```sql\n   SELECT\n   ```',
    );
  });

  it('holds back a chart until its fence closes, showing what came before it', () => {
    expect(tailOf('```chart\n{"type":"bar","categ')).toEqual({ source: '', chartPending: true });
    expect(tailOf('- Spend by month:\n\n  ```chart\n  {"ty')).toEqual({
      source: '- Spend by month:\n',
      chartPending: true,
    });
  });

  it('drops a table row until all its cells and its closing pipe arrive, and a table until its delimiter row', () => {
    expect(tailOf('| Service | Cost |\n|---|---:|\n| EC2 | $1,2').source).toBe(
      '| Service | Cost |\n|---|---:|',
    );
    expect(tailOf('| Service | Cost |\n|---|---:|\n| EC2 | $1,234 |').source).toBe(
      '| Service | Cost |\n|---|---:|\n| EC2 | $1,234 |',
    );
    // Cut after a middle cell's pipe, a row would show with an empty cell for a moment.
    expect(tailOf('| Service | Cost |\n|---|---:|\n| EC2 |').source).toBe(
      '| Service | Cost |\n|---|---:|',
    );
    expect(tailOf('| A \\| B | Cost |\n|---|---:|\n| x \\| y | 1 |').source).toBe(
      '| A \\| B | Cost |\n|---|---:|\n| x \\| y | 1 |',
    );
    expect(tailOf('Costs:\n| Service | Cost |').source).toBe('Costs:');
    expect(tailOf('| Service | Cost |\n|--').source).toBe('');
  });

  it('closes bold, italics, strikethrough and code spans left open', () => {
    expect(tailOf('EC2 rose **12').source).toBe('EC2 rose **12**');
    expect(tailOf('EC2 rose **12%** and S3 *fell').source).toBe('EC2 rose **12%** and S3 *fell*');
    expect(tailOf('Was ~~flat').source).toBe('Was ~~flat~~');
    expect(tailOf('Use `aws ce').source).toBe('Use `aws ce`');
    expect(tailOf('A `**` in code is literal').source).toBe('A `**` in code is literal');
  });

  it('drops a marker that has nothing after it yet', () => {
    expect(tailOf('EC2 rose **').source).toBe('EC2 rose ');
    expect(tailOf('Use `').source).toBe('Use ');
    // A lone "-" under a paragraph would make it a heading for a frame.
    expect(tailOf('Spend is up.\n-').source).toBe('Spend is up.');
    expect(tailOf('- EC2\n- ').source).toBe('- EC2');
  });

  it('shows the label of a link whose address is still arriving', () => {
    expect(tailOf('See [Cost Explorer](https://console.aws').source).toBe('See Cost Explorer');
    expect(tailOf('See [Cost Expl').source).toBe('See Cost Expl');
    expect(tailOf('See [Cost Explorer](https://a.example) now').source).toBe(
      'See [Cost Explorer](https://a.example) now',
    );
  });

  it('leaves a complete tail as it is', () => {
    const text = '## Budgets\n\nAll **three** budgets are on track.';
    expect(tailOf(text).source).toBe('All **three** budgets are on track.');
  });
});
