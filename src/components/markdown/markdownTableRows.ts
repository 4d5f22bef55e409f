import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString as textOf } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';

/**
 * The cells' text of the first GFM table in `source`, as the reader would see them: for a
 * table shown only in part, whose other rows are not on the page. The parser is the one
 * react-markdown uses, already in this chunk.
 */
export function markdownTableRows(source: string): string[][] {
  const tree = fromMarkdown(source, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  const table = tree.children.find((node) => node.type === 'table');
  if (!table) return [];
  return table.children.map((row) =>
    row.children.map((cell) => textOf(cell).replace(/\s+/g, ' ').trim()),
  );
}
