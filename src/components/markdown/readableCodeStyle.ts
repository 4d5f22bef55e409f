import { darken, getContrastRatio, lighten } from '@mui/material/styles';
import type { CSSProperties } from 'react';

/** WCAG 2.2 AA for normal text. */
export const MIN_CONTRAST = 4.5;

type PrismStyle = Record<string, CSSProperties>;

const COLOUR = /^(#|rgb|hsl)/;

/**
 * A Prism theme whose colours all read at MIN_CONTRAST on `background`. One Light and One Dark
 * have comments and punctuation at 3.1–3.9:1 on our code background; each colour short of it
 * is darkened (light scheme) or lightened (dark) just enough, so the palette keeps its hues.
 */
export function readableCodeStyle(
  style: PrismStyle,
  background: string,
  scheme: 'light' | 'dark',
): PrismStyle {
  const readable: PrismStyle = {};
  for (const [selector, rules] of Object.entries(style)) {
    const color = rules.color;
    // Some rules say `inherit`: only colours of their own are checked.
    readable[selector] =
      typeof color === 'string' && COLOUR.test(color)
        ? { ...rules, color: readableOn(color, background, scheme) }
        : rules;
  }
  return readable;
}

const cache = new Map<string, PrismStyle>();

/**
 * `style` made readable on the code box of `scheme`: paper under the action.hover tint
 * (CodeBlock), which darkens it by 4% in the light scheme and lightens it by 8% in the dark.
 * Computed once per scheme and paper colour.
 */
export function codeStyleFor(
  style: PrismStyle,
  scheme: 'light' | 'dark',
  paper: string | undefined,
): PrismStyle {
  if (!paper) return style;
  const key = `${scheme} ${paper}`;
  let readable = cache.get(key);
  if (!readable) {
    const background = scheme === 'light' ? darken(paper, 0.04) : lighten(paper, 0.08);
    readable = readableCodeStyle(style, background, scheme);
    cache.set(key, readable);
  }
  return readable;
}

function readableOn(color: string, background: string, scheme: 'light' | 'dark'): string {
  let adjusted = color;
  for (let step = 1; getContrastRatio(adjusted, background) < MIN_CONTRAST && step <= 20; step++) {
    adjusted = scheme === 'light' ? darken(color, step * 0.05) : lighten(color, step * 0.05);
  }
  return adjusted;
}
