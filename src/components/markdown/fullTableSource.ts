import { createContext } from 'react';

/**
 * The whole markdown of a table shown only in part (see MarkdownBlock), so that its CSV
 * holds every row, not only those on the page. Null for a table shown whole.
 */
export const FullTableSource = createContext<string | null>(null);

/**
 * The table is the end of an answer still streaming in: its rows are still coming, so it
 * has no CSV actions yet (and a streamed update does not render them again and again).
 */
export const TableStreaming = createContext(false);
