import { alpha } from '@mui/material/styles';
import type { ChartSpec } from '../../protocol/chart';

type SeriesSpec = ChartSpec['series'][number];

/** Series (and categories) named like this are forecasts when the spec does not say. */
const FORECAST_NAME = /forecast|projected|projection/i;

/** A series as drawn: its colour, and whether it is a forecast. */
export type ChartSeries = {
  id: string;
  /** With "(forecast)" for a forecast, for the legend and the data table. */
  label: string;
  data: number[];
  /** Its palette colour; a forecast is drawn in a lighter shade of it. */
  color: string;
  forecast: boolean;
};

export function isForecast(series: SeriesSpec): boolean {
  return series.kind ? series.kind === 'forecast' : FORECAST_NAME.test(series.name);
}

export const isForecastCategory = (category: string) => FORECAST_NAME.test(category);

/** A forecast is drawn in a lighter shade of its colour (and dashed, see CartesianChart). */
export const forecastShade = (color: string) => alpha(color, 0.45);

export function chartSeries(spec: ChartSpec, palette: readonly string[]): ChartSeries[] {
  return spec.series.map((s, i) => {
    const forecast = isForecast(s);
    return {
      id: `series-${i}`,
      label: forecast && !/forecast/i.test(s.name) ? `${s.name} (forecast)` : s.name,
      data: s.data,
      color: palette[i % palette.length]!,
      forecast,
    };
  });
}

/** How a value reads: whole amounts of a currency on the chart, cents in its data table. */
export function formatterFor(unit: string | undefined, fractionDigits = 0) {
  if (unit && /^[A-Z]{3}$/.test(unit)) {
    const currency = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: unit,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    return (value: number | null) => (value === null ? '' : currency.format(value));
  }
  const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  return (value: number | null) =>
    value === null ? '' : `${number.format(value)}${unit ? ` ${unit}` : ''}`;
}
