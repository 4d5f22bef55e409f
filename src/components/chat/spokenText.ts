/** Longest announcement; the rest of an answer is in the transcript. */
export const MAX_SPOKEN_CHARS = 1000;

/**
 * An answer's markdown as a screen reader should hear it once it is finished: the words,
 * without markup, table pipes or chart JSON.
 */
export function spokenText(markdown: string): string {
  const text = markdown
    .replace(/^(`{3,}|~{3,})[ \t]*chart\b[\s\S]*?^\1[ \t]*$/gm, 'A chart is shown.')
    .replace(/^(`{3,}|~{3,}).*$/gm, '')
    .replace(/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(
      /^[ \t]*\|(.*)\|[ \t]*$/gm,
      (_, cells: string) =>
        `${cells
          .split('|')
          .map((c) => c.trim())
          .join(', ')}.`,
    )
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*([-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/(\*\*|__|\*|`)/g, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
  return text.length > MAX_SPOKEN_CHARS
    ? `${text.slice(0, MAX_SPOKEN_CHARS)}… The rest is in the conversation.`
    : text;
}
