/** A cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A signed number, amount or percentage (-12.5, +3%, -$1,234.50): data, not a formula. */
const PLAIN_NUMBER = /^[+-]?\p{Sc}?\d[\d,]*(?:\.\d+)?%?$/u;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, with quotes
 * doubled. A cell that could start a formula gets a leading `'`, so that opening the file
 * in a spreadsheet cannot run what an answer wrote (OWASP, "CSV Injection").
 */
export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of cells as CSV text, lines ending in CRLF as RFC 4180 has them. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n');
}

/** The text a reader sees in each cell of a rendered table: no markdown, no pipes. */
export function rowsOfTable(table: HTMLTableElement): string[][] {
  return [...table.rows].map((row) =>
    [...row.cells].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}

/** The text of the last heading at or before the block that holds `element`, if any. */
export function headingBefore(element: Element): string | undefined {
  for (let block = element.closest('.md-block'); block; block = block.previousElementSibling) {
    const headings = block.querySelectorAll('h1, h2, h3, h4, h5, h6');
    const text = headings[headings.length - 1]?.textContent?.trim();
    if (text) return text;
  }
  return undefined;
}
