import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/**
 * Where a chart will be: while its block streams in, and while the chart library loads. Still,
 * not pulsing: an endless animation makes the browser draw 60 frames a second for as long as
 * the rest of the answer streams.
 */
export function ChartPlaceholder() {
  return (
    <Box
      role="img"
      aria-label="Chart loading"
      sx={{
        my: 1.5,
        height: 300,
        borderRadius: 1,
        bgcolor: 'action.hover',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Typography variant="caption" sx={{ color: 'text.secondary' }}>
        Drawing the chart…
      </Typography>
    </Box>
  );
}
