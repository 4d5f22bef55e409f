import Box from '@mui/material/Box';

type SearchStatusProps = { query: string; count: number };

/**
 * How many conversations a search matches, for screen readers: read out as the user types,
 * where the list changing would say nothing. Always mounted, so that a change is announced.
 */
export function SearchStatus({ query, count }: SearchStatusProps) {
  const summary =
    query === ''
      ? ''
      : count === 0
        ? `No conversations match “${query}”`
        : `${count} ${count === 1 ? 'conversation matches' : 'conversations match'}`;
  return (
    <Box
      role="status"
      sx={{
        // Visually hidden, as MUI's visuallyHidden does: still in the accessibility tree.
        position: 'absolute',
        width: '1px',
        height: '1px',
        overflow: 'hidden',
        clip: 'rect(0 0 0 0)',
        whiteSpace: 'nowrap',
      }}
    >
      {summary}
    </Box>
  );
}
