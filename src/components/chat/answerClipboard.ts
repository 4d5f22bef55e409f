// "Copy answer" copies what the reader sees, not the markdown behind it: plain text for
// plain-text fields, and HTML for a rich paste (a table pasted into a spreadsheet lands in
// cells). Both are read from the rendered answer, so they match it by construction.

import type { CopyContent } from '../common/clipboard';

/**
 * Parts of a rendered answer that are not its content: buttons and toolbars, icons, a chart's
 * drawing (its title and, when open, its data table are text and stay), and anything marked
 * `data-copy="skip"`.
 */
const NOT_CONTENT =
  'button, svg, canvas, [role="toolbar"], [aria-hidden="true"], [data-copy="skip"]';

// Attributes that mean something outside this page; everything else (classes, styles, ids,
// ARIA, tab stops) would only clutter the pasted HTML.
const KEPT_ATTRIBUTES = new Set(['href', 'colspan', 'rowspan', 'start']);

const BLOCKS = new Set(
  'P DIV SECTION ARTICLE PRE BLOCKQUOTE TABLE FIGURE H1 H2 H3 H4 H5 H6 FIGCAPTION CAPTION'.split(
    ' ',
  ),
);

/** The answer as the clipboard should have it. */
export function answerClipboard(answer: HTMLElement): CopyContent {
  const copy = answer.cloneNode(true) as HTMLElement;
  copy.querySelectorAll(NOT_CONTENT).forEach((element) => element.remove());
  for (const element of [copy, ...copy.querySelectorAll('*')]) {
    for (const name of element.getAttributeNames()) {
      if (!KEPT_ATTRIBUTES.has(name)) element.removeAttribute(name);
    }
  }
  return {
    text: plainText(copy)
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    html: copy.innerHTML,
  };
}

/**
 * The text of `node` as it reads: blocks on lines of their own with a blank line between
 * paragraphs, list items marked, table cells separated by tabs (a spreadsheet's own plain-text
 * format) and rows by line breaks.
 */
function plainText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof HTMLElement)) return '';
  const tag = node.tagName;
  if (tag === 'BR') return '\n';
  if (tag === 'PRE') return `\n\n${node.textContent?.replace(/\n$/, '') ?? ''}\n\n`;
  if (tag === 'TABLE') return `\n\n${tableText(node as HTMLTableElement)}\n\n`;
  if (tag === 'HR') return '\n\n';
  if (tag === 'UL' || tag === 'OL') {
    const items = [...node.children].filter((child) => child.tagName === 'LI');
    const first = Number(node.getAttribute('start') ?? 1);
    const lines = items.map((item, i) => {
      const marker = tag === 'OL' ? `${first + i}. ` : '- ';
      // A nested list goes under its item, indented.
      return marker + plainText(item).trim().replace(/\n+/g, '\n  ');
    });
    return `\n\n${lines.join('\n')}\n\n`;
  }
  const inner = [...node.childNodes].map(plainText).join('');
  if (BLOCKS.has(tag)) return `\n\n${inner}\n\n`;
  return inner;
}

function tableText(table: HTMLTableElement): string {
  return [...table.rows]
    .map((row) => [...row.cells].map((cell) => cell.textContent?.trim() ?? '').join('\t'))
    .join('\n');
}
