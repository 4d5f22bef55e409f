// Makes the still-growing last block of a streaming answer look as it will when finished.
//
// Why: mid-stream, the end of the text is cut anywhere. Parsed as it is, an open code fence
// swallows nothing yet but shows a bare "```", a half table row shows pipes, `**bold` shows
// its asterisks, a chart block shows raw JSON, and a lone "-" under a paragraph turns it
// into a heading for a frame. Each case is closed or held back here, on the last block only
// and only while streaming; the final text is rendered as it is.

import { DELIMITER_ROW, type MarkdownBlocks } from './splitBlocks';

export type CompletedTail =
  | { source: string; chartPending: false }
  /** A chart fence is still open: `source` is what precedes it, then a placeholder shows. */
  | { source: string; chartPending: true };

const PARTIAL_MARKER_LINE = /^\s*([-*+>#=_]+|\d{1,9}[.)]?)\s*$/;
const TABLE_LINE = /^\s*\|/;

export function completeTail(block: string, openFence: MarkdownBlocks['openFence']): CompletedTail {
  if (openFence) {
    if (openFence.info.split(/\s/)[0]?.toLowerCase() === 'chart') {
      const lines = block.split('\n');
      const fenceLine = lines.findLastIndex((line) => line.trim().startsWith(openFence.marker));
      return { source: lines.slice(0, Math.max(fenceLine, 0)).join('\n'), chartPending: true };
    }
    return { source: `${block}\n${openFence.indent}${openFence.marker}`, chartPending: false };
  }

  const lines = block.split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (PARTIAL_MARKER_LINE.test(last)) lines.pop();
  if (TABLE_LINE.test(last) && !isWholeRow(lines)) lines.pop();
  dropUnconfirmedTable(lines);
  const paragraphStart = lines.findLastIndex((line) => line.trim() === '') + 1;
  const head = lines.slice(0, paragraphStart).join('\n');
  const paragraph = lines.slice(paragraphStart).join('\n');
  const closed = closeInline(paragraph);
  return {
    source: paragraphStart > 0 ? `${head}\n${closed}` : closed,
    chartPending: false,
  };
}

/** Cells in a table line: its unescaped pipes, less the ones at its ends. */
function cellCount(line: string): number {
  const cells = line.trim().split(/(?<!\\)\|/);
  return cells.length - (cells[0] === '' ? 1 : 0) - (cells.at(-1) === '' ? 1 : 0);
}

/**
 * Whether the last line, a table row, has arrived whole: its closing pipe is there and it has
 * as many cells as the table's header. A row cut after a middle cell's pipe would otherwise
 * show with empty cells that fill in a moment later.
 */
function isWholeRow(lines: string[]): boolean {
  const last = lines[lines.length - 1]!;
  if (!last.trimEnd().endsWith('|')) return false;
  return cellCount(last) >= cellCount(lines[tableStart(lines)]!);
}

/** Where the table lines at the end of `lines` start (`lines.length` if there are none). */
function tableStart(lines: string[]): number {
  let start = lines.length;
  while (start > 0 && TABLE_LINE.test(lines[start - 1]!)) start--;
  return start;
}

/** Trailing table lines without a delimiter row yet would show as a paragraph of pipes. */
function dropUnconfirmedTable(lines: string[]) {
  const start = tableStart(lines);
  if (start === lines.length) return;
  const delimiter = lines[start + 1];
  const confirmed = delimiter !== undefined && DELIMITER_ROW.test(delimiter);
  if (!confirmed) lines.splice(start);
}

/** Closes emphasis, strikethrough, code spans and links left open at the end of a paragraph. */
function closeInline(paragraph: string): string {
  let text = paragraph
    // A link or image whose label or address is still arriving shows its label only.
    .replace(/!?\[([^\]\n]*)\]\([^)\s]*$/, '$1')
    .replace(/!?\[([^\]\n]*)$/, '$1');

  const ticks = text.match(/`+/g) ?? [];
  if (ticks.length % 2 === 1) {
    if (/`+$/.test(text)) return text.replace(/`+$/, '');
    return `${text}${ticks[ticks.length - 1]}`;
  }
  // Markers inside code spans are literal; count only those outside.
  const outside = text.replace(/`+[^`]*`+/g, '');
  for (const marker of ['**', '~~'] as const) {
    const count = outside.split(marker).length - 1;
    if (count % 2 === 1) {
      if (text.endsWith(marker)) text = text.slice(0, -marker.length);
      else text = `${text.trimEnd()}${marker}`;
    }
  }
  // Single asterisks: not bullets, not halves of "**", not "a * b".
  const singles = outside
    .replace(/^\s*\*\s/gm, '')
    .replace(/\*\*/g, '')
    .match(/\*(?=\S)|(?<=\S)\*/g);
  if (singles && singles.length % 2 === 1) {
    if (text.endsWith('*') && !text.endsWith('**')) text = text.slice(0, -1);
    else text = `${text.trimEnd()}*`;
  }
  return text;
}
