import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useColorScheme } from '@mui/material/styles';
import { PieChart } from '@mui/x-charts/PieChart';
import { useId, useRef, useState } from 'react';
import type { ChartSpec } from '../../protocol/chart';
import { CartesianChart } from './CartesianChart';
import { ChartActions } from './ChartActions';
import { chartPalette, sliceColors } from './chartColors';
import { ChartDataTable } from './ChartDataTable';
import { chartPng, type LegendEntry } from './chartPng';
import { chartSeries, forecastShade, formatterFor } from './chartSeries';
import { downloadFile, fileNameFor } from './downloadFile';

const PIE_HEIGHT = 280;

type ChartBlockProps = {
  spec: ChartSpec;
  /** In px; without it the chart measures its container and renders twice. */
  width?: number;
};

/**
 * A `chart` block of assistant content, drawn with MUI X Charts in the app's theme, with
 * its numbers as a table on request and a PNG to download.
 */
export function ChartBlock({ spec, width }: ChartBlockProps) {
  const figure = useRef<HTMLElement>(null);
  const dataId = useId();
  const [dataShown, setDataShown] = useState(false);
  const { colorScheme } = useColorScheme();
  const palette = chartPalette(colorScheme === 'dark' ? 'dark' : 'light');
  const series = chartSeries(spec, palette);
  const slices = spec.type === 'pie' ? sliceColors(spec.categories.length, palette) : [];
  const valueFormatter = formatterFor(spec.unit);

  const legend: LegendEntry[] =
    spec.type === 'pie'
      ? spec.categories.map((label, i) => ({ label, color: slices[i]! }))
      : series.length > 1 || series[0]!.forecast
        ? series.map((s) => ({
            label: s.label,
            color: s.forecast ? forecastShade(s.color) : s.color,
          }))
        : [];
  const downloadPng = () => {
    if (!figure.current) return;
    chartPng(figure.current, spec.title, legend).then(
      (png) => downloadFile(png, fileNameFor(spec.title, 'chart', 'png')),
      (error: unknown) => console.warn('Download PNG failed', error),
    );
  };

  return (
    <Box
      component="figure"
      ref={figure}
      sx={{
        m: 0,
        my: 1.5,
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1fr) auto',
        alignItems: 'center',
      }}
      aria-label={spec.title ?? 'Chart'}
    >
      {spec.title && (
        <Typography component="figcaption" variant="subtitle2">
          {spec.title}
        </Typography>
      )}
      <ChartActions
        dataId={dataId}
        dataShown={dataShown}
        onToggleData={() => setDataShown((shown) => !shown)}
        onDownloadPng={downloadPng}
      />
      <Box sx={{ gridColumn: '1 / -1', minWidth: 0 }}>
        {spec.type === 'pie' ? (
          <PieChart
            height={PIE_HEIGHT}
            width={width}
            series={[
              {
                data: spec.categories.map((label, i) => ({
                  id: i,
                  label,
                  value: series[0]!.data[i] ?? 0,
                  color: slices[i]!,
                })),
                valueFormatter: (item) => valueFormatter(item.value),
                innerRadius: 40,
              },
            ]}
            // Beside a pie as wide as the answer, the legend had no room and was cut off.
            slotProps={{
              legend: {
                direction: 'horizontal',
                position: { vertical: 'bottom', horizontal: 'center' },
              },
            }}
          />
        ) : (
          <CartesianChart spec={{ ...spec, type: spec.type }} series={series} width={width} />
        )}
        {dataShown && <ChartDataTable id={dataId} spec={spec} series={series} />}
      </Box>
    </Box>
  );
}
