import Skeleton from '@mui/material/Skeleton';

/** Where a chart will be: while its block streams in, and while the chart library loads. */
export function ChartPlaceholder() {
  return (
    <Skeleton
      variant="rounded"
      height={300}
      sx={{ my: 1.5 }}
      role="img"
      aria-label="Chart loading"
    />
  );
}
