import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableContainer from '@mui/material/TableContainer';
import type { ReactNode } from 'react';

type MarkdownTableProps = { children?: ReactNode };

/** A GFM table that scrolls sideways on narrow screens instead of breaking the layout. */
export function MarkdownTable({ children }: MarkdownTableProps) {
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ my: 1.5, maxWidth: '100%' }}>
      <Table
        size="small"
        sx={{
          // Figures must not break mid-number; the container scrolls instead.
          '& td, & th': { overflowWrap: 'normal', px: { xs: 1, sm: 2 } },
          '& th': { fontWeight: 600, whiteSpace: 'nowrap' },
          '& td[align="right"], & td code': { whiteSpace: 'nowrap' },
        }}
      >
        {children}
      </Table>
    </TableContainer>
  );
}
