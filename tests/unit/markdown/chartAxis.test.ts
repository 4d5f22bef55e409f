import { describe, expect, it } from 'vitest';
import { categoryAxis } from '../../../src/components/markdown/chartAxis';

describe('categoryAxis', () => {
  it('keeps short labels whole and across when they fit', () => {
    const axis = categoryAxis(['EC2', 'S3', 'RDS'], 500, true);
    expect(axis).toMatchObject({ labels: ['EC2', 'S3', 'RDS'], angle: 0, minPlotWidth: 0 });
  });

  it('wraps labels of a few words onto two lines rather than rotating them', () => {
    const axis = categoryAxis(['Nov (projected)', 'Next 30 days (forecast)'], 200, true);
    expect(axis.angle).toBe(0);
    expect(axis.labels[1]!.split('\n')).toHaveLength(2);
    expect(axis.labels.map((l) => l.replace(/\n/g, ' '))).toEqual([
      'Nov (projected)',
      'Next 30 days (forecast)',
    ]);
  });

  it('rotates and shortens crowded labels, keeping one for every category and room for it', () => {
    const categories = Array.from({ length: 31 }, (_, i) => `Amazon service number ${i + 1}`);
    const axis = categoryAxis(categories, 270, false);
    expect(axis.angle).not.toBe(0);
    expect(axis.labels).toHaveLength(31);
    axis.labels.forEach((label, i) => {
      expect(categories[i]!.startsWith(label.replace(/…$/, ''))).toBe(true);
      expect(label.length).toBeLessThanOrEqual(16);
    });
    // 31 rotated labels need more than 270 px: the chart scrolls instead of dropping some.
    expect(axis.minPlotWidth).toBeGreaterThan(270);
    expect(axis.height).toBeGreaterThan(60);
  });

  it("leaves room right of a line chart for half of its last label, which sits on the plot's edge", () => {
    const axis = categoryAxis(['Jan', 'Feb', 'Mar 2026 total'], 600, false);
    expect(axis.angle).toBe(0);
    expect(axis.marginRight).toBeGreaterThanOrEqual(('Mar 2026 total'.length * 7) / 2);
  });
});
