import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import TableContainer from '@mui/material/TableContainer';
import type { ReactNode } from 'react';

type MarkdownTableProps = { children?: ReactNode };

/**
 * A GFM table that scrolls sideways on narrow screens instead of breaking the layout.
 * Its cells are plain `td`/`th` styled from here, not MUI TableCells: a styled component per
 * cell made a streamed table cost milliseconds per frame, and thousands of cells in a long
 * conversation.
 */
export function MarkdownTable({ children }: MarkdownTableProps) {
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ my: 1.5, maxWidth: '100%' }}>
      <Box
        component="table"
        sx={{
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
          '& tbody tr:last-of-type td': { borderBottom: 0 },
          '& th': { fontWeight: 600, whiteSpace: 'nowrap' },
          '& [align="right"]': { textAlign: 'right' },
          '& [align="center"]': { textAlign: 'center' },
          '& td[align="right"], & td code': { whiteSpace: 'nowrap' },
        }}
      >
        {children}
      </Box>
    </TableContainer>
  );
}
