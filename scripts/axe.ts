// axe-core in a page, as the browser tests and `npm run audit` use it: its source to inject
// before the app loads, and one scan of the page as it settles.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** axe-core itself, for `context.addInitScript({ content: AXE_SOURCE })`. */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_VERSION = (
  JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')) as { version: string }
).version;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** axe's violations on `page` once it is still (AXE_SOURCE must have been injected). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // A tooltip left by the pointer on the last button clicked is not a state of the page.
  await page.mouse.move(0, 0);
  await page
    .getByRole('tooltip')
    .waitFor({ state: 'detached', timeout: 2_000 })
    .catch(() => undefined);
  // Dialogs and menus fade in, colours change over a moment after a theme switch: mid-way
  // the contrast is nobody's. Wait for every finite animation (not a spinner's) to end.
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { polling: 50 },
  );
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return (await axe.run(document)).violations;
  });
}
