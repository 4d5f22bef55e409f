import { describe, expect, it } from 'vitest';
import { limitNesting, MAX_NESTING } from '../../../src/components/markdown/limitNesting';

describe('limitNesting', () => {
  it('leaves ordinary markdown as it is', () => {
    const text = '- a\n  - b\n    - c\n\n> quote\n\n**bold** and `code`\n\n| a | b |\n|---|---|';
    expect(limitNesting(text)).toBe(text);
  });

  it('keeps at most MAX_NESTING list or quote markers at the start of a line', () => {
    const flattened = limitNesting(`${'- '.repeat(1000)}deep`);
    expect(flattened).toBe(`${'- '.repeat(MAX_NESTING)}deep`);
    expect(limitNesting(`${'>'.repeat(5000)} deep`)).toBe(`${'>'.repeat(MAX_NESTING)}deep`);
  });

  it('caps indentation, so a list indented deeper on every line stays shallow', () => {
    const stairs = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n');
    const widest = Math.max(
      ...limitNesting(stairs)
        .split('\n')
        .map((l) => l.length - l.trimStart().length),
    );
    expect(widest).toBe(MAX_NESTING * 4);
  });

  it('shows long runs of emphasis and bracket characters as literal characters', () => {
    expect(limitNesting(`${'*'.repeat(8)}x`)).toBe(`${'\\*'.repeat(8)}x`);
    expect(limitNesting('**bold** ***both***')).toBe('**bold** ***both***');
  });

  it('leaves code blocks alone', () => {
    const code = `\`\`\`text\n${'- '.repeat(100)}\n\`\`\``;
    expect(limitNesting(code)).toBe(code);
  });
});
