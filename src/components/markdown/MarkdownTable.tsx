import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import TableContainer from '@mui/material/TableContainer';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useScrollsSideways } from './useScrollsSideways';

// Shadows at an edge where more of the table is hidden: the paper-coloured covers scroll with
// the content (`local`) and hide a shadow when its edge is reached; the shadows stay put.
const EDGE_SHADOWS = {
  background: [
    'linear-gradient(to right, var(--mui-palette-background-paper) 30%, transparent) left / 32px 100% no-repeat local',
    'linear-gradient(to left, var(--mui-palette-background-paper) 30%, transparent) right / 32px 100% no-repeat local',
    'radial-gradient(farthest-side at 0 50%, rgba(var(--mui-palette-common-onBackgroundChannel) / 0.25), transparent) left / 12px 100% no-repeat scroll',
    'radial-gradient(farthest-side at 100% 50%, rgba(var(--mui-palette-common-onBackgroundChannel) / 0.25), transparent) right / 12px 100% no-repeat scroll',
    'var(--mui-palette-background-paper)',
  ].join(', '),
};

type MarkdownTableProps = { children?: ReactNode };

/**
 * A GFM table that scrolls sideways on narrow screens instead of breaking the layout.
 * Its cells are plain `td`/`th` styled from here, not MUI TableCells: a styled component per
 * cell made a streamed table cost milliseconds per frame, and thousands of cells in a long
 * conversation.
 */
export function MarkdownTable({ children }: MarkdownTableProps) {
  const { box, scrolls } = useScrollsSideways<HTMLDivElement>();
  return (
    <>
      <TableContainer
        ref={box}
        component={Paper}
        variant="outlined"
        // Focusable when it scrolls, so that the keyboard can scroll it too.
        tabIndex={scrolls ? 0 : undefined}
        sx={{
          my: 1.5,
          maxWidth: '100%',
          ...(scrolls && EDGE_SHADOWS),
          '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 },
        }}
      >
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
      {scrolls && (
        <Typography variant="caption" sx={{ display: 'block', mt: -1, color: 'text.secondary' }}>
          Scroll sideways to see every column.
        </Typography>
      )}
    </>
  );
}
