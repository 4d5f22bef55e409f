import { describe, expect, it } from 'vitest';
import { chartPalette, sliceColors } from '../../../src/components/markdown/chartColors';

const neighbours = (colors: string[]) =>
  colors.map((color, i) => [color, colors[(i + 1) % colors.length]!] as const);

describe('sliceColors', () => {
  it.each([8, 12, 3, 10, 11, 21])(
    'gives %i pie slices colours unlike both neighbours, round the circle',
    (count) => {
      for (const mode of ['light', 'dark'] as const) {
        const colors = sliceColors(count, chartPalette(mode));
        expect(colors).toHaveLength(count);
        for (const [a, b] of neighbours(colors)) expect(a).not.toBe(b);
      }
    },
  );

  it('gives each of 8 slices (the services of the mock account) a colour of its own', () => {
    for (const mode of ['light', 'dark'] as const) {
      expect(new Set(sliceColors(8, chartPalette(mode))).size).toBe(8);
    }
  });

  it('keeps the last slice apart from the first when the palette wraps onto it', () => {
    const colors = sliceColors(8, ['blue', 'red', 'green', 'amber', 'teal', 'pink', 'grey']);
    expect(colors[7]).not.toBe(colors[0]);
    expect(colors[7]).not.toBe(colors[6]);
  });
});
