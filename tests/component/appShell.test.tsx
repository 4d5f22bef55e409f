import { render } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { theme } from '../../src/app/themePrimitives';
import { ChatContainer } from '../../src/components/chat/ChatContainer';
import { EmptyState } from '../../src/components/chat/EmptyState';
import { renderWithTheme, resetStore } from '../support/renderWithStore';

// index.html paints a static look-alike of the chat screen before the app's code runs;
// these tests keep it saying and colouring what the app then renders.
const html = readFileSync('index.html', 'utf8');
const shell = new DOMParser().parseFromString(html, 'text/html');
const css = shell.querySelector('style')!.textContent!;

/** The custom properties declared in the first rule whose selector is exactly `selector`. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start, `a "${selector}" rule in index.html`).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, normalize(m[2]!)]),
  );
}

/** `var(--mui-palette-grey-100, #f5f5f5)` → `#f5f5f5`; `#fff` → `#ffffff`; no spaces. */
function normalize(colour: string): string {
  const value = /^var\([^,]+,\s*(.+)\)$/.exec(colour.trim())?.[1] ?? colour;
  return value
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^#([0-9a-f])([0-9a-f])([0-9a-f])$/, '#$1$1$2$2$3$3');
}

/** The palette tokens the shell mirrors, as the CSS-variables theme has them per scheme. */
type SchemePalette = {
  background: { default: string; paper: string };
  text: { primary: string; secondary: string };
  divider: string;
  action: { disabled: string };
  primary: { main: string };
  AppBar: { defaultBg: string; darkBg: string };
  Chip: { defaultBorder: string };
};
const { colorSchemes } = theme as unknown as {
  colorSchemes: Record<'light' | 'dark', { palette: SchemePalette }>;
};

const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim();
/** The text of every element that holds text directly, in document order. */
const texts = (root: Element) =>
  [...root.querySelectorAll('*')]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
    .map(text);

beforeEach(() => resetStore());

describe('the static app shell in index.html', () => {
  it('welcomes a first visit with what EmptyState says', () => {
    const { container } = render(<EmptyState />);
    expect(texts(container).length).toBeGreaterThan(2);
    expect(texts(shell.querySelector('.shell-welcome')!)).toEqual(texts(container));
  });

  it('has the header title and the composer placeholder of the app', () => {
    const { container } = renderWithTheme(<ChatContainer />);
    expect(text(shell.querySelector('.shell-title'))).toBe(text(container.querySelector('h1')));
    expect(text(shell.querySelector('.shell-input'))).toBe(
      container.querySelector('textarea')?.getAttribute('placeholder'),
    );
  });

  it.each(['light', 'dark'] as const)('uses the %s theme colours', (scheme) => {
    const { palette } = colorSchemes[scheme];
    const declared = variables(scheme === 'light' ? '#app-shell' : '.dark #app-shell');
    expect(declared).toMatchObject({
      '--bg': normalize(palette.background.default),
      '--paper': normalize(palette.background.paper),
      '--bar': normalize(scheme === 'light' ? palette.AppBar.defaultBg : palette.AppBar.darkBg),
      '--text': normalize(palette.text.primary),
      '--secondary-text': normalize(palette.text.secondary),
      '--divider': normalize(palette.divider),
      '--disabled': normalize(palette.action.disabled),
      '--primary': normalize(palette.primary.main),
      '--chip-outline': normalize(palette.Chip.defaultBorder),
    });
    if (scheme === 'dark') {
      // The system's dark scheme, when no scheme was picked, looks the same.
      expect(variables(':root:not(.light) #app-shell')).toEqual(declared);
    }
  });
});
