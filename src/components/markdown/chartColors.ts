import { mangoFusionPalette, rainbowSurgePalette } from '@mui/x-charts/colorPalettes';

/**
 * Ten distinct colours: MUI X Charts' default seven, then three unlike them from its Mango
 * Fusion palette (purple, teal, navy). Seven alone made the eighth pie slice the first's
 * colour: EC2 and CloudWatch the same blue.
 */
export function chartPalette(mode: 'light' | 'dark'): string[] {
  const mango = mangoFusionPalette(mode);
  return [...rainbowSurgePalette(mode), mango[5]!, mango[1]!, mango[0]!];
}

/**
 * Colours for `count` pie slices going round the circle: neighbours never share a colour,
 * the last and the first included. A palette of three colours or more can always do it.
 */
export function sliceColors(count: number, palette: readonly string[]): string[] {
  const colors = Array.from({ length: count }, (_, i) => palette[i % palette.length]!);
  if (count > 2 && colors[count - 1] === colors[0]) {
    colors[count - 1] = palette.find((c) => c !== colors[0] && c !== colors[count - 2])!;
  }
  return colors;
}
