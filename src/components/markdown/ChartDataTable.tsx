import Box from '@mui/material/Box';
import type { ChartSpec } from '../../protocol/chart';
import { type ChartSeries, formatterFor } from './chartSeries';
import { TABLE_STYLE } from './tableStyle';
import { useScrollsSideways } from './useScrollsSideways';

type ChartDataTableProps = { id: string; spec: ChartSpec; series: ChartSeries[] };

/** A chart's numbers as a table: a row per category (its whole label), a column per series. */
export function ChartDataTable({ id, spec, series }: ChartDataTableProps) {
  const { box, scrolls } = useScrollsSideways<HTMLDivElement>();
  const format = formatterFor(spec.unit, 2);
  // A pie shows its first series only (protocol), and each slice's share of the whole.
  const shown = spec.type === 'pie' ? series.slice(0, 1) : series;
  const total = shown[0]!.data.reduce((sum, value) => sum + value, 0);
  const share = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <Box
      ref={box}
      id={id}
      tabIndex={scrolls ? 0 : undefined}
      sx={{
        mt: 1,
        overflowX: 'auto',
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 },
      }}
    >
      <Box
        component="table"
        sx={{ ...TABLE_STYLE, '& tbody th': { fontWeight: 400, whiteSpace: 'normal' } }}
      >
        <Box
          component="caption"
          sx={{ typography: 'caption', textAlign: 'left', p: 1, color: 'text.secondary' }}
        >
          {spec.title ?? 'Chart'}: data{spec.unit ? ` in ${spec.unit}` : ''}
        </Box>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {shown.map((s) => (
              <th key={s.id} scope="col" align="right">
                {s.label}
              </th>
            ))}
            {spec.type === 'pie' && (
              <th scope="col" align="right">
                Share
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {spec.categories.map((category, i) => (
            <tr key={i}>
              <th scope="row">{category}</th>
              {shown.map((s) => (
                <td key={s.id} align="right">
                  {format(s.data[i]!)}
                </td>
              ))}
              {spec.type === 'pie' && (
                <td align="right">{total ? share.format(shown[0]!.data[i]! / total) : ''}</td>
              )}
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  );
}
