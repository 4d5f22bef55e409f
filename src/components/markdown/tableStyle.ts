/**
 * The look of a table in an answer, shared by markdown tables and a chart's data. Plain
 * `td`/`th` styled from the table, not MUI TableCells: a styled component per cell made a
 * streamed table cost milliseconds per frame, and thousands of cells in a long conversation.
 */
export const TABLE_STYLE = {
  width: '100%',
  borderCollapse: 'collapse',
  fontSize: '0.875rem',
  lineHeight: 1.43,
  '& td, & th': {
    px: { xs: 1, sm: 2 },
    py: '6px',
    textAlign: 'left',
    borderBottom: 1,
    borderColor: 'divider',
    // Figures must not break mid-number; the container scrolls instead.
    overflowWrap: 'normal',
  },
  '& tbody tr:last-of-type > *': { borderBottom: 0 },
  '& th': { fontWeight: 600, whiteSpace: 'nowrap' },
  '& [align="right"]': { textAlign: 'right' },
  '& [align="center"]': { textAlign: 'center' },
  '& td[align="right"], & td code': { whiteSpace: 'nowrap' },
} as const;
