// NOTE: fixed demo rates (units of currency per USD); a real backend would take them from
// the Cost Explorer's billing currency or a rates service.
const RATES_PER_USD: Record<string, number> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  JPY: 151,
  CHF: 0.88,
  CAD: 1.37,
  AUD: 1.53,
  NZD: 1.66,
  SEK: 10.6,
  NOK: 10.8,
  DKK: 6.87,
  INR: 83.4,
  SGD: 1.35,
  BRL: 5.4,
  MXN: 17.9,
  CNY: 7.24,
};

export function hasRate(currency: string): boolean {
  return currency in RATES_PER_USD;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** An amount held in USD, converted and formatted in the user's currency. */
export function money(usd: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    }
    formatters.set(currency, formatter);
  }
  return formatter.format(usd * (RATES_PER_USD[currency] ?? 1));
}

/** The amount in the user's currency as a plain number, for chart data. */
export function convert(usd: number, currency: string): number {
  return Math.round(usd * (RATES_PER_USD[currency] ?? 1) * 100) / 100;
}

export function percent(ratio: number, signed = false): string {
  const value = `${(ratio * 100).toFixed(1)}%`;
  return signed && ratio > 0 ? `+${value}` : value;
}

export function change(current: number, previous: number): string {
  if (previous === 0) return 'n/a';
  return percent((current - previous) / previous, true);
}

/** "+$120.50" or "−$3.20": a change as a signed amount. */
export function signedAmount(diff: number, m: (usd: number) => string): string {
  return `${diff < 0 ? '−' : '+'}${m(Math.abs(diff))}`;
}

/** "+$120.50 (+8.1%)": a change as an amount and a percentage. */
export function delta(current: number, previous: number, m: (usd: number) => string): string {
  return `${signedAmount(current - previous, m)} (${change(current, previous)})`;
}

/** A GFM table; `right` marks the columns that hold figures. */
export function table(headers: string[], rows: string[][], right: number[] = []): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const rule = headers.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [line(headers), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}

export interface ChartSpec {
  type: 'bar' | 'line' | 'pie';
  title: string;
  unit: string;
  categories: string[];
  series: ChartSeries[];
}

export interface ChartSeries {
  name: string;
  data: number[];
  /** A forecast or projection is a series of its own; actuals leave this out. */
  kind?: 'actual' | 'forecast';
}

/** A fenced `chart` block as the protocol's content conventions define it. */
export function chartBlock(chart: ChartSpec): string {
  return ['```chart', JSON.stringify(chart), '```'].join('\n');
}

export function codeBlock(language: string, code: string): string {
  return ['```' + language, code, '```'].join('\n');
}
