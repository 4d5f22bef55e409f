// Flattens markdown nested deeper than any real answer, before it reaches the parser.
//
// Why: the markdown parser and the hast/React trees it builds recurse once per level. About
// 1,000 nested list markers ("- - - … x", 2 KB), 5,000 ">" or a run of 5,000 "*" overflow
// the stack ("Maximum call stack size exceeded"), and 400 lines each indented two spaces
// deeper than the last take seconds to parse. Capping the depth keeps every message cheap
// and renderable; past the cap the structure is flattened, the text is kept.

import { closesFence, fenceOpenedBy, type Fence } from './fences';

/** Deepest list or quote nesting rendered; deeper levels become siblings at this level. */
export const MAX_NESTING = 16;
/** Leading spaces kept on a line (a list nested MAX_NESTING deep needs at most ~4 per level). */
const MAX_INDENT = MAX_NESTING * 4;
// Longer runs than 6 of one emphasis or bracket character are shown as literal characters.
const LONG_MARKER_RUN = /([*_~[\]])\1{6,}/g;

const CONTAINER_MARKER = /^(?:[-*+]|\d{1,9}[.)])[ \t]+|^>[ \t]?/;

export function limitNesting(markdown: string): string {
  // Nothing to do for the usual answer; the check is one pass with no allocation per line.
  if (!/[ \t]{64}|(?:[-*+>][ \t]*){16}|([*_~[\]])\1{6}/.test(markdown)) return markdown;
  let fence: Fence | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      if (fence) {
        if (closesFence(line, fence)) fence = null;
        return line; // code is shown as it is
      }
      fence = fenceOpenedBy(line);
      return fence ? line : flattenLine(line);
    })
    .join('\n');
}

function flattenLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)![0];
  let rest = line.slice(indent.length);
  let prefix = '';
  let depth = 0;
  for (let marker = CONTAINER_MARKER.exec(rest); marker; marker = CONTAINER_MARKER.exec(rest)) {
    if (depth < MAX_NESTING) prefix += marker[0];
    depth += 1;
    rest = rest.slice(marker[0].length);
  }
  const escaped = rest.replace(LONG_MARKER_RUN, (run) => run.replace(/./g, '\\$&'));
  const kept = indent.replace(/\t/g, '    ').slice(0, MAX_INDENT);
  return kept + prefix + escaped;
}
