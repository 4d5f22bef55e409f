import { type CssVarsTheme, darken, getContrastRatio, lighten } from '@mui/material/styles';
import oneDark from 'react-syntax-highlighter/dist/esm/styles/prism/one-dark';
import oneLight from 'react-syntax-highlighter/dist/esm/styles/prism/one-light';
import { describe, expect, it } from 'vitest';
import { theme } from '../../../src/app/themePrimitives';
import { codeStyleFor, MIN_CONTRAST } from '../../../src/components/markdown/readableCodeStyle';

const schemes = [
  ['light', oneLight, (paper: string) => darken(paper, 0.04)],
  ['dark', oneDark, (paper: string) => lighten(paper, 0.08)],
] as const;

const colours = (style: Record<string, { color?: unknown }>) =>
  Object.entries(style).flatMap(([selector, rules]) =>
    typeof rules.color === 'string' && rules.color !== 'inherit'
      ? [[selector, rules.color] as const]
      : [],
  );

describe.each(schemes)('code colours in the %s scheme', (scheme, prism, codeBox) => {
  // createTheme is typed as returning a plain Theme; made with CSS variables, it has both schemes.
  const paper = (theme as unknown as CssVarsTheme).colorSchemes[scheme]!.palette.background.paper;
  const background = codeBox(paper);

  it('were short of AA for some tokens before', () => {
    const short = colours(prism).filter(([, c]) => getContrastRatio(c, background) < MIN_CONTRAST);
    expect(short.length).toBeGreaterThan(0);
  });

  it('all read at 4.5:1 or more on the code box, and the readable ones are kept', () => {
    const readable = codeStyleFor(prism, scheme, paper);
    for (const [selector, colour] of colours(readable)) {
      expect(getContrastRatio(colour, background), selector).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    for (const [selector, colour] of colours(prism)) {
      if (getContrastRatio(colour, background) >= MIN_CONTRAST) {
        expect(readable[selector]!.color).toBe(colour);
      }
    }
  });
});
