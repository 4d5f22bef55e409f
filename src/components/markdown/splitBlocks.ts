// Splits markdown into top-level blocks that can be parsed and rendered on their own.
//
// Why: a streamed answer grows at its end. Rendered as one document, every delta re-parses
// and re-renders the whole answer (every table cell, every highlighted line), so a delta
// costs more the longer the answer is. Split into blocks, only the last one is still
// changing; the finished ones keep their source string and their memoized rendering.
//
// Where it splits (a line scan, so it stays cheap at any length):
// - at a blank line followed by a line that starts at column 0, except a list item after a
//   list (a loose list stays one block, so its numbering and spacing stay right);
// - before and after an unindented ATX heading, and around an unindented fenced code block
//   (both interrupt a paragraph or a list in CommonMark, so the split changes nothing), and
//   after a thematic break that starts a block;
// - never inside a fenced code block.
// Lines indented after a blank line continue the block (list item paragraphs, indented code).
// Link reference definitions (`[id]: url`) that start a block are handed to every block, so
// a reference in one block still resolves to a definition in another. (One directly under a
// fenced block nested in a list is not recognised: its references show as typed.)
//
// Only the last line of a streaming text is incomplete, so the decisions about complete lines
// never change as text is appended: a finished block's source stays the same string.

import { closesFence, fenceOpenedBy, type Fence } from './fences';

export interface MarkdownBlocks {
  blocks: string[];
  /** The fence of a code block left open at the end, e.g. "```" with its info string. */
  openFence: Fence | null;
  /** Link reference definitions found outside code, to append to every block. */
  definitions: string;
}

export const HEADING = /^#{1,6}(\s|$)/;
const LIST_ITEM = /^([-*+]|\d{1,9}[.)])(\s|$)/;
const DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:\s*\S/;
/** The second line of a GFM table: `|---|:---:|`. */
export const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const THEMATIC_BREAK = /^([-*_])( *\1){2,} *$/;

export function splitBlocks(text: string): MarkdownBlocks {
  const lines = text.split('\n');
  const blocks: string[] = [];
  const definitions: string[] = [];
  let current: string[] = [];
  let currentIsList = false;
  let fence: Fence | null = null;
  let fenceAtTop = false;
  let afterBlank = false;

  const flush = () => {
    // Blank lines between blocks belong to neither; trailing ones are dropped.
    while (current.length > 0 && current[current.length - 1]!.trim() === '') current.pop();
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
    currentIsList = false;
  };
  const add = (line: string, indented: boolean) => {
    // Once a list starts, lazy continuation lines (unindented, no blank) don't end it.
    if (!indented && LIST_ITEM.test(line)) currentIsList = true;
    current.push(line);
  };

  for (const line of lines) {
    if (fence) {
      current.push(line);
      if (closesFence(line, fence)) {
        fence = null;
        if (fenceAtTop) flush();
      }
      continue;
    }
    if (line.trim() === '') {
      if (current.length > 0) current.push(line);
      afterBlank = true;
      continue;
    }
    const indented = /^\s/.test(line);
    const opening = fenceOpenedBy(line);
    const isFence = opening !== null;
    if (!indented && DEFINITION.test(line) && (afterBlank || current.length === 0)) {
      // It ends the block before it, as a paragraph in its place would.
      flush();
      definitions.push(line);
      afterBlank = false;
      continue;
    }
    const newBlock =
      !indented &&
      ((afterBlank && !(currentIsList && LIST_ITEM.test(line))) || HEADING.test(line) || isFence);
    if (newBlock) flush();
    afterBlank = false;
    add(line, indented);
    if (opening) {
      fence = opening;
      fenceAtTop = !indented;
    } else if (!indented && (HEADING.test(line) || (newBlock && THEMATIC_BREAK.test(line)))) {
      // A heading, or a rule that starts a block (not a setext underline), is whole in one line.
      flush();
    }
  }
  flush();
  return { blocks, openFence: fence, definitions: definitions.join('\n') };
}
