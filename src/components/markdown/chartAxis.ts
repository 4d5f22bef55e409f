// Tick labels are 12 px; these are estimates on the safe side, made before anything renders.
const CHAR_PX = 7;
const LINE_PX = 16;
/** Rotated labels side by side are this far apart, at the least. */
const ROTATED_GAP_PX = 14;
const MAX_LINES = 2;
/** Longer labels are shortened when rotated; the tooltip and the data table have them whole. */
const MAX_CHARS = 16;
const ANGLE = -50;

/** How the category axis shows its labels so that none is dropped. */
export type CategoryAxis = {
  /** The label shown at each category: whole, wrapped on `\n`, or shortened with `…`. */
  labels: string[];
  angle: number;
  /** Of the axis, in px: room for the labels. */
  height: number;
  /** Narrower than this, the plot scrolls sideways: each label needs a line of room. */
  minPlotWidth: number;
  /** Room right of the plot, so that the last label is not cut off. */
  marginRight: number;
};

function wrap(label: string, maxChars: number): string[] | null {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (word.length > maxChars) return null;
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= maxChars) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else lines.push(word);
  }
  return lines.length <= MAX_LINES ? lines : null;
}

const shorten = (label: string) =>
  label.length <= MAX_CHARS ? label : `${label.slice(0, MAX_CHARS - 1).trimEnd()}…`;

/**
 * Labels across when they fit, wrapped onto two lines when that fits, else rotated and
 * shortened. `centred` (bars) puts a label mid-band; a line chart puts the last one on the
 * plot's right edge, where half of it needs the margin.
 */
export function categoryAxis(
  categories: readonly string[],
  plotWidth: number,
  centred: boolean,
): CategoryAxis {
  const slot = plotWidth / categories.length;
  const wrapped = categories.map((c) => wrap(c, Math.floor((slot - 8) / CHAR_PX)));
  if (wrapped.every((lines) => lines !== null)) {
    const lines = wrapped as string[][];
    const lastWidth = Math.max(...lines[lines.length - 1]!.map((l) => l.length)) * CHAR_PX;
    return {
      labels: lines.map((l) => l.join('\n')),
      angle: 0,
      height: 12 + Math.max(...lines.map((l) => l.length)) * LINE_PX,
      minPlotWidth: 0,
      marginRight: Math.max(20, Math.ceil(lastWidth / 2 - (centred ? slot / 2 : 0)) + 6),
    };
  }
  const labels = categories.map(shorten);
  const longest = Math.max(...labels.map((l) => l.length)) * CHAR_PX;
  const sin = Math.sin((Math.abs(ANGLE) * Math.PI) / 180);
  return {
    labels,
    angle: ANGLE,
    height: Math.ceil(longest * sin + LINE_PX + 12),
    minPlotWidth: Math.ceil((categories.length * ROTATED_GAP_PX) / sin),
    marginRight: 20,
  };
}
