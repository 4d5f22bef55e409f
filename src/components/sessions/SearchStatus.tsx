import Box from '@mui/material/Box';
import { VISUALLY_HIDDEN } from '../common/visuallyHidden';

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
    <Box role="status" sx={VISUALLY_HIDDEN}>
      {summary}
    </Box>
  );
}
