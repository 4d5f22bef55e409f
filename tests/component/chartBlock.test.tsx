import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChartBlock } from '../../src/components/markdown/ChartBlock';
import type { ChartSpec } from '../../src/protocol/chart';
import { renderWithTheme } from '../support/renderWithStore';

const SPEND: ChartSpec = {
  type: 'bar',
  title: 'Cost by service',
  unit: 'USD',
  categories: ['EC2', 'S3', 'RDS'],
  series: [{ name: 'Cost', data: [1234.5, 321, 876.25] }],
};

const chartSvg = () => document.querySelector<SVGSVGElement>('figure svg.MuiChartsSvgLayer-root')!;
/** MUI X Charts draws its SVG once the component has mounted. */
const drawn = () => waitFor(() => expect(chartSvg()).not.toBeNull());
const tickLabels = () =>
  [...chartSvg().querySelectorAll('[data-axis-id$="x-axis-0"] text')].map((t) => t.textContent);

describe('ChartBlock', () => {
  it('shows its numbers as a table, with categories, series and unit, on "View data"', () => {
    renderWithTheme(<ChartBlock spec={SPEND} width={600} />);
    const view = screen.getByRole('button', { name: 'View data' });
    expect(view).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    fireEvent.click(view);
    expect(view).toHaveAttribute('aria-expanded', 'true');
    const table = screen.getByRole('table', { name: 'Cost by service: data in USD' });
    expect(view).toHaveAttribute('aria-controls', table.parentElement!.id);
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Category', 'Cost'],
      ['EC2', '$1,234.50'],
      ['S3', '$321.00'],
      ['RDS', '$876.25'],
    ]);

    fireEvent.click(view);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('has keyboard-reachable "View data" and "Download PNG" buttons', () => {
    renderWithTheme(<ChartBlock spec={SPEND} width={600} />);
    for (const name of ['View data', 'Download PNG']) {
      const button = screen.getByRole('button', { name });
      expect(button.tagName).toBe('BUTTON');
      expect(button).not.toHaveAttribute('tabindex', '-1');
    }
  });

  it('draws a forecast series lighter and dashed, and its legend says "(forecast)"', async () => {
    renderWithTheme(
      <ChartBlock
        width={600}
        spec={{
          type: 'line',
          unit: 'USD',
          categories: ['Sep', 'Oct', 'Nov', 'Dec'],
          series: [
            { name: 'Actual', data: [10, 12, 11, 13] },
            { name: 'Budget', data: [11, 12, 13, 14], kind: 'forecast' },
            { name: 'Projected spend', data: [10, 12, 12, 14] },
            // Said to be actual: the name does not make it a forecast.
            { name: 'Forecast accuracy', data: [1, 1, 1, 1], kind: 'actual' },
          ],
        }}
      />,
    );
    await drawn();
    const legend = [...document.querySelectorAll('.MuiChartsLegend-root li')].map(
      (item) => item.textContent,
    );
    expect(legend).toEqual([
      'Actual',
      'Budget (forecast)',
      'Projected spend (forecast)',
      'Forecast accuracy',
    ]);
    const line = (series: number) =>
      chartSvg().querySelector(`path[data-series="series-${series}"]`)!;
    const dashed = (series: number) => getComputedStyle(line(series)).strokeDasharray;
    for (const forecast of [1, 2]) {
      expect(line(forecast).getAttribute('stroke')).toMatch(/^rgba\(.*, 0\.45\)$/);
      expect(dashed(forecast)).toMatch(/^6\D+4/);
    }
    for (const actual of [0, 3]) {
      expect(line(actual).getAttribute('stroke')).not.toMatch(/rgba/);
      expect(dashed(actual)).not.toMatch(/^6\D+4/);
    }

    fireEvent.click(screen.getByRole('button', { name: 'View data' }));
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Category',
      ...legend,
    ]);
  });

  it('drops no category label: long ones are shortened on the axis and whole in the data table', async () => {
    const categories = [
      'Amazon Elastic Compute Cloud - Compute',
      'Amazon Simple Storage Service',
      'Amazon Relational Database Service',
      'AmazonCloudWatch',
      'AWS Lambda',
      'Amazon DynamoDB',
      'Amazon Virtual Private Cloud',
      'Elastic Load Balancing',
    ];
    renderWithTheme(
      <ChartBlock
        width={358}
        spec={{
          type: 'bar',
          categories,
          series: [{ name: 'Cost', data: categories.map(() => 5) }],
        }}
      />,
    );
    await drawn();
    const labels = tickLabels();
    expect(labels).toHaveLength(categories.length);
    labels.forEach((label, i) => {
      expect(label!.length).toBeGreaterThan(3);
      expect(categories[i]!.startsWith(label!.replace(/…$/, ''))).toBe(true);
    });
    expect(labels[0]).toMatch(/…$/);

    fireEvent.click(screen.getByRole('button', { name: 'View data' }));
    const table = screen.getByRole('table', { name: 'Chart: data' });
    for (const category of categories) {
      expect(within(table).getByRole('rowheader', { name: category })).toBeInTheDocument();
    }
  });

  it('gives neighbouring slices of a 12-slice pie different colours, the last and first too', async () => {
    const categories = Array.from({ length: 12 }, (_, i) => `Service ${i + 1}`);
    renderWithTheme(
      <ChartBlock
        width={600}
        spec={{
          type: 'pie',
          categories,
          series: [{ name: 'Cost', data: categories.map(() => 1) }],
        }}
      />,
    );
    await drawn();
    const fills = [...chartSvg().querySelectorAll('path[fill]')].map((arc) =>
      arc.getAttribute('fill'),
    );
    expect(fills.length).toBe(12);
    fills.forEach((fill, i) => expect(fill).not.toBe(fills[(i + 1) % fills.length]));
  });
});
