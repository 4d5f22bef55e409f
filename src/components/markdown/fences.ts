// Fenced code blocks, as CommonMark reads them: the one place the markdown helpers
// (splitBlocks, limitNesting, MarkdownBlock) learn where code starts and ends.

export interface Fence {
  /** The white space before the marker. */
  indent: string;
  /** Three or more backticks or tildes. */
  marker: string;
  /** What follows the marker, e.g. "bash" or "chart". */
  info: string;
}

const OPENING = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** The fence `line` opens, or null. A backtick fence's info string may hold no backtick. */
export function fenceOpenedBy(line: string): Fence | null {
  const match = OPENING.exec(line);
  if (!match) return null;
  const [, indent, marker, info] = match as unknown as [string, string, string, string];
  if (marker[0] === '`' && info.includes('`')) return null;
  return { indent, marker, info: info.trim() };
}

/** Whether `line` closes `fence`: only its character, at least as many, nothing after. */
export function closesFence(line: string, fence: Pick<Fence, 'marker'>): boolean {
  const close = line.trim();
  const char = fence.marker[0]!;
  return close.length >= fence.marker.length && [...close].every((c) => c === char);
}
