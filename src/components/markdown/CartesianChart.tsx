import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { BarChart, barClasses } from '@mui/x-charts/BarChart';
import { LineChart, lineClasses } from '@mui/x-charts/LineChart';
import type { ChartSpec } from '../../protocol/chart';
import { categoryAxis } from './chartAxis';
import { type ChartSeries, forecastShade, formatterFor, isForecastCategory } from './chartSeries';

/** The plot's height; the category axis below it takes what its labels need. */
const PLOT_HEIGHT = 255;
const Y_AXIS_WIDTH = 72;
const MARGIN = 20;

type CartesianChartProps = {
  spec: ChartSpec & { type: 'bar' | 'line' };
  series: ChartSeries[];
  width: number | undefined;
};

/**
 * A bar or line chart whose every category keeps its label (see chartAxis), and whose
 * forecasts are lighter and dashed. Too many categories for the width: it scrolls sideways.
 */
export function CartesianChart({ spec, series, width = 600 }: CartesianChartProps) {
  const bar = spec.type === 'bar';
  const valueFormatter = formatterFor(spec.unit);
  const axis = categoryAxis(spec.categories, width - Y_AXIS_WIDTH - 2 * MARGIN, bar);
  const chartWidth = Math.max(width, axis.minPlotWidth + Y_AXIS_WIDTH + MARGIN + axis.marginRight);
  const scrolls = chartWidth > width;
  const labelOf = new Map(spec.categories.map((c, i) => [c, axis.labels[i]!]));
  // A forecast bar among actual ones (the spec's categories say "(forecast)") is lighter too.
  const forecastAt = bar ? spec.categories.map(isForecastCategory) : [];
  const common = {
    height: PLOT_HEIGHT + axis.height,
    width: chartWidth,
    margin: { right: axis.marginRight, bottom: 8 },
    xAxis: [
      {
        scaleType: bar ? ('band' as const) : ('point' as const),
        data: spec.categories,
        height: axis.height,
        // Every label, never only those that happen to fit: room is made above instead.
        tickLabelInterval: () => true,
        tickLabelStyle: axis.angle ? { angle: axis.angle } : undefined,
        valueFormatter: (value: string, context: { location: string }) =>
          context.location === 'tick' ? (labelOf.get(value) ?? value) : value,
      },
    ],
    yAxis: [{ valueFormatter, width: Y_AXIS_WIDTH }],
    hideLegend: series.length === 1 && !series[0]!.forecast,
    sx: Object.fromEntries(
      series
        .filter((s) => s.forecast)
        .map((s) => [
          bar
            ? // A bar of zero has no outline: dashed, it would look like a line on the axis.
              `& .${barClasses.series}[data-series="${s.id}"] rect:not([height="0"])`
            : `& .${lineClasses.line}[data-series="${s.id}"]`,
          { strokeDasharray: '6 4', ...(bar && { stroke: s.color, strokeWidth: 1.5 }) },
        ]),
    ),
  };
  const chartSeries = series.map(({ id, label, data, color, forecast }) => ({
    id,
    label,
    data,
    color: forecast ? forecastShade(color) : color,
    valueFormatter,
    ...(!forecast &&
      forecastAt.some(Boolean) && {
        colorGetter: ({ dataIndex }: { dataIndex: number }) =>
          forecastAt[dataIndex] ? forecastShade(color) : color,
      }),
  }));

  return (
    <>
      <Box
        // Focusable when it scrolls, so that the keyboard can scroll it too.
        tabIndex={scrolls ? 0 : undefined}
        role={scrolls ? 'group' : undefined}
        aria-label={scrolls ? 'Chart, scrolls sideways' : undefined}
        sx={{
          overflowX: scrolls ? 'auto' : 'visible',
          '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 },
        }}
      >
        {bar ? (
          <BarChart {...common} series={chartSeries} />
        ) : (
          // Smoothed curves overshoot between points and show values that were never spent.
          <LineChart
            {...common}
            series={chartSeries.map((s) => ({ ...s, curve: 'linear' as const }))}
          />
        )}
      </Box>
      {scrolls && (
        <Typography variant="caption" sx={{ display: 'block', color: 'text.secondary' }}>
          Scroll sideways to see every label.
        </Typography>
      )}
    </>
  );
}
