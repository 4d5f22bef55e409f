import { chartsSvgLayerClasses } from '@mui/x-charts/ChartsSvgLayer';

/** An entry of the legend drawn under the chart (MUI X draws its legend in HTML). */
export type LegendEntry = { label: string; color: string };

const SCALE = 2;
const PAD = 12;
const TITLE_PX = 28;
const LEGEND_ROW_PX = 20;
const SWATCH_PX = 12;

const numbers = (list: string) =>
  list
    .split(/[\s,]+/)
    .map(parseFloat)
    .filter(Number.isFinite);
const painted = (colour: string) => colour !== 'none' && !colour.startsWith('url(');

/** The background the reader sees behind `element`: its nearest one that is not clear. */
function backgroundOf(element: Element): string {
  for (let e: Element | null = element; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour && colour !== 'transparent' && !/, 0\)$/.test(colour)) return colour;
  }
  return 'white';
}

function outline(shape: Element): Path2D | null {
  const path = new Path2D();
  if (shape instanceof SVGPathElement) return new Path2D(shape.getAttribute('d') ?? '');
  if (shape instanceof SVGRectElement) {
    path.rect(
      shape.x.baseVal.value,
      shape.y.baseVal.value,
      shape.width.baseVal.value,
      shape.height.baseVal.value,
    );
  } else if (shape instanceof SVGCircleElement) {
    path.arc(shape.cx.baseVal.value, shape.cy.baseVal.value, shape.r.baseVal.value, 0, 2 * Math.PI);
  } else if (shape instanceof SVGLineElement) {
    path.moveTo(shape.x1.baseVal.value, shape.y1.baseVal.value);
    path.lineTo(shape.x2.baseVal.value, shape.y2.baseVal.value);
  } else return null;
  return path;
}

/**
 * Draws an SVG element and its children onto the canvas with their computed styles (the
 * theme's colours, dashes, fonts), one shape and one text line at a time.
 */
function paint(ctx: CanvasRenderingContext2D, element: Element, base: DOMMatrix, opacity: number) {
  const style = getComputedStyle(element);
  if (style.display === 'none' || style.visibility === 'hidden') return;
  if (element instanceof SVGDefsElement || element instanceof SVGClipPathElement) return;
  const alpha = opacity * (parseFloat(style.opacity) || (style.opacity === '0' ? 0 : 1));
  const ctm = element instanceof SVGGraphicsElement ? element.getCTM() : null;
  if (ctm) ctx.setTransform(base.multiply(ctm));
  if (element instanceof SVGTextElement) {
    const lines = element.querySelectorAll('tspan');
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    ctx.fillStyle = style.fill;
    ctx.globalAlpha = alpha * parseFloat(style.fillOpacity || '1');
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const line of lines.length ? [...lines] : [element]) {
      const box = line.getBBox();
      ctx.fillText(line.textContent ?? '', box.x, box.y + box.height / 2);
    }
    return;
  }
  const shape = outline(element);
  if (shape) {
    if (painted(style.fill)) {
      ctx.globalAlpha = alpha * parseFloat(style.fillOpacity || '1');
      ctx.fillStyle = style.fill;
      ctx.fill(shape, style.fillRule === 'evenodd' ? 'evenodd' : 'nonzero');
    }
    if (painted(style.stroke) && parseFloat(style.strokeWidth) > 0) {
      ctx.globalAlpha = alpha * parseFloat(style.strokeOpacity || '1');
      ctx.strokeStyle = style.stroke;
      ctx.lineWidth = parseFloat(style.strokeWidth);
      ctx.setLineDash(style.strokeDasharray === 'none' ? [] : numbers(style.strokeDasharray));
      ctx.lineCap = style.strokeLinecap as CanvasLineCap;
      ctx.lineJoin = style.strokeLinejoin as CanvasLineJoin;
      ctx.stroke(shape);
    }
  }
  for (const child of element.children) paint(ctx, child, base, alpha);
}

/**
 * The chart in `figure` as a PNG at twice its size: title, plot and legend on the theme's
 * background. NOTE: the SVG is drawn shape by shape rather than loaded as an image, because
 * the app's Content-Security-Policy (img-src 'self', customHttp.yml) blocks blob: and data:
 * images, and an SVG image with a foreignObject would taint the canvas anyway.
 */
export function chartPng(figure: HTMLElement, title: string | undefined, legend: LegendEntry[]) {
  const layers = [...figure.querySelectorAll<SVGSVGElement>(`svg.${chartsSvgLayerClasses.root}`)];
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!layers[0] || !ctx) return Promise.reject(new Error('The chart cannot be drawn'));
  const text = getComputedStyle(figure);
  const font = (size: number, weight = 400) => `${weight} ${size}px ${text.fontFamily}`;
  const frame = layers[0].getBoundingClientRect();
  const { width, height } = frame;

  // Lay the legend out in rows first: the canvas is sized once, and sizing clears it.
  ctx.font = font(12);
  const placed: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = PAD;
  let row = 0;
  for (const entry of legend) {
    const itemWidth = SWATCH_PX + 6 + ctx.measureText(entry.label).width;
    if (x > PAD && x + itemWidth > width - PAD) [x, row] = [PAD, row + 1];
    placed.push({ entry, x, row });
    x += itemWidth + 16;
  }
  const top = title ? TITLE_PX : 0;
  const legendHeight = legend.length ? (row + 1) * LEGEND_ROW_PX + PAD : 0;
  canvas.width = Math.ceil(width * SCALE);
  canvas.height = Math.ceil((top + height + legendHeight) * SCALE);

  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = backgroundOf(figure);
  ctx.fillRect(0, 0, width, top + height + legendHeight);
  ctx.fillStyle = text.color;
  ctx.textBaseline = 'middle';
  if (title) {
    ctx.font = font(14, 600);
    ctx.fillText(title, PAD, TITLE_PX / 2, width - 2 * PAD);
  }
  ctx.font = font(12);
  for (const { entry, x: left, row: r } of placed) {
    const middle = top + height + r * LEGEND_ROW_PX + LEGEND_ROW_PX / 2;
    ctx.fillStyle = entry.color;
    ctx.fillRect(left, middle - SWATCH_PX / 2, SWATCH_PX, SWATCH_PX);
    ctx.fillStyle = text.color;
    ctx.fillText(entry.label, left + SWATCH_PX + 6, middle);
  }
  for (const layer of layers) {
    const box = layer.getBoundingClientRect();
    const [x, y] = [box.left - frame.left, top + box.top - frame.top];
    paint(ctx, layer, new DOMMatrix([SCALE, 0, 0, SCALE, x * SCALE, y * SCALE]), 1);
  }

  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The chart cannot be drawn'))),
      'image/png',
    ),
  );
}
