import { createContext } from 'react';

/**
 * The whole markdown of a table shown only in part (see MarkdownBlock), so that its CSV
 * holds every row, not only those on the page. Null for a table shown whole.
 */
export const FullTableSource = createContext<string | null>(null);
