import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { PieChart } from '@mui/x-charts/PieChart';
import type { ChartSpec } from '../../protocol/chart';

const HEIGHT = 280;

function formatterFor(unit: string | undefined) {
  if (unit && /^[A-Z]{3}$/.test(unit)) {
    const currency = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: unit,
      maximumFractionDigits: 0,
    });
    return (value: number | null) => (value === null ? '' : currency.format(value));
  }
  const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  return (value: number | null) =>
    value === null ? '' : `${number.format(value)}${unit ? ` ${unit}` : ''}`;
}

type ChartBlockProps = {
  spec: ChartSpec;
  /** In px; without it the chart measures its container and renders twice. */
  width?: number;
};

/** A `chart` block of assistant content, drawn with MUI X Charts in the app's theme. */
export function ChartBlock({ spec, width }: ChartBlockProps) {
  const valueFormatter = formatterFor(spec.unit);
  const series = spec.series.map((s) => ({ label: s.name, data: s.data, valueFormatter }));
  // Smoothed curves overshoot between points and show values that were never spent.
  const lineSeries = series.map((s) => ({ ...s, curve: 'linear' as const }));
  const first = spec.series[0]!;
  const multiple = spec.series.length > 1;

  return (
    <Box component="figure" sx={{ m: 0, my: 1.5 }} aria-label={spec.title ?? 'Chart'}>
      {spec.title && (
        <Typography component="figcaption" variant="subtitle2" sx={{ mb: 0.5 }}>
          {spec.title}
        </Typography>
      )}
      {spec.type === 'bar' && (
        <BarChart
          height={HEIGHT}
          width={width}
          xAxis={[{ scaleType: 'band', data: spec.categories }]}
          yAxis={[{ valueFormatter, width: 72 }]}
          series={series}
          hideLegend={!multiple}
        />
      )}
      {spec.type === 'line' && (
        <LineChart
          height={HEIGHT}
          width={width}
          xAxis={[{ scaleType: 'point', data: spec.categories }]}
          yAxis={[{ valueFormatter, width: 72 }]}
          series={lineSeries}
          hideLegend={!multiple}
        />
      )}
      {spec.type === 'pie' && (
        <PieChart
          height={HEIGHT}
          width={width}
          series={[
            {
              data: spec.categories.map((label, i) => ({
                id: i,
                label,
                value: first.data[i] ?? 0,
              })),
              valueFormatter: (item) => valueFormatter(item.value),
              innerRadius: 40,
            },
          ]}
        />
      )}
    </Box>
  );
}
