import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import TableContainer from '@mui/material/TableContainer';
import Typography from '@mui/material/Typography';
import { type ReactNode, useContext, useRef } from 'react';
import { fileNameFor } from './downloadFile';
import { FullTableSource, TableStreaming } from './fullTableSource';
import { markdownTableRows } from './markdownTableRows';
import { TableActions } from './TableActions';
import { headingBefore, rowsOfTable, toCsv } from './tableCsv';
import { TABLE_STYLE } from './tableStyle';
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
 * A GFM table that scrolls sideways on narrow screens instead of breaking the layout, with
 * "Copy as CSV" and "Download CSV" below it once it is whole (see tableStyle for why its
 * cells are plain).
 */
export function MarkdownTable({ children }: MarkdownTableProps) {
  const { box, scrolls } = useScrollsSideways<HTMLDivElement>();
  const table = useRef<HTMLTableElement>(null);
  const fullSource = useContext(FullTableSource);
  const streaming = useContext(TableStreaming);
  const csv = () =>
    toCsv(
      fullSource ? markdownTableRows(fullSource) : table.current ? rowsOfTable(table.current) : [],
    );
  const fileName = () =>
    fileNameFor(table.current ? headingBefore(table.current) : undefined, 'table', 'csv');
  return (
    <>
      <TableContainer
        ref={box}
        component={Paper}
        variant="outlined"
        // Focusable when it scrolls, so that the keyboard can scroll it too.
        tabIndex={scrolls ? 0 : undefined}
        sx={{
          mt: 1.5,
          maxWidth: '100%',
          ...(scrolls && EDGE_SHADOWS),
          '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 },
        }}
      >
        <Box component="table" ref={table} sx={TABLE_STYLE}>
          {children}
        </Box>
      </TableContainer>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5 }}>
        {scrolls && (
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            Scroll sideways to see every column.
          </Typography>
        )}
        {!streaming && <TableActions csv={csv} fileName={fileName} />}
      </Box>
    </>
  );
}
