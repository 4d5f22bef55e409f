import Skeleton from '@mui/material/Skeleton';

/** Where a chart will be: while its block streams in, and while the chart library loads. */
export function ChartPlaceholder() {
  return (
    <Skeleton
      variant="rounded"
      height={300}
      // A bubble is as wide as its content; the chart will be wide, so is its placeholder.
      sx={{ my: 1.5, width: { xs: '75vw', sm: 520 }, maxWidth: '100%' }}
      role="img"
      aria-label="Chart loading"
    />
  );
}
