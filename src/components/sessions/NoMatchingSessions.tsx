import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

type NoMatchingSessionsProps = { query: string; onClearSearch: () => void };

/** What the list says when a search matches nothing, with the way back to every conversation. */
export function NoMatchingSessions({ query, onClearSearch }: NoMatchingSessionsProps) {
  return (
    <Box sx={{ p: 2 }}>
      <Typography variant="body2" sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
        No conversations match “{query}”
      </Typography>
      {/* Named apart from the field's own "Clear search" button, which is there too. */}
      <Button size="small" onClick={onClearSearch} sx={{ mt: 1, ml: -0.5 }}>
        Show all conversations
      </Button>
    </Box>
  );
}
