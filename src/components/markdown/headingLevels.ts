// An answer's headings take their place in the page's outline: the app's name is the h1,
// the conversation the h2 (MessageList), so an answer's highest heading becomes an h3 and the
// others keep their distance from it, whatever level the model started at. A `###` first
// heading right under the h1 skipped a level for screen reader users (and axe).
import { createContext } from 'react';

/** The level an answer's highest heading is shown at. */
export const ANSWER_TOP_LEVEL = 3;

const HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The highest (smallest) ATX heading level in `markdown`, outside fenced code; 0 for none. */
export function topHeadingLevel(markdown: string): number {
  let top = 0;
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const opens = FENCE.exec(line)?.[1];
    if (fence) {
      if (opens && opens[0] === fence[0] && opens.length >= fence.length) fence = null;
      continue;
    }
    if (opens) {
      fence = opens;
      continue;
    }
    const level = HEADING.exec(line)?.[1]?.length;
    if (level && (top === 0 || level < top)) top = level;
  }
  return top;
}

/** How many levels an answer's headings move (set by MarkdownContent, read by its headings). */
export const HeadingShift = createContext(0);

/** The level a markdown heading of `level` is shown at, given the answer's shift. */
export function shownLevel(level: number, shift: number): number {
  return Math.min(6, Math.max(ANSWER_TOP_LEVEL, level + shift));
}
