// axe-core over the app's main states, in both themes, at desktop and phone size. Any
// violation fails the test, with the rule, its impact and where.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AXE_SOURCE, axeViolations } from '../../scripts/axe';
import { launchChromium } from '../support/chromium';
import { ScriptedBackend } from '../support/scriptedBackend';
import { VIEWPORTS } from '../support/viewports';

const RICH_ANSWER = [
  '## Cost by service, November 2026',
  '',
  'Spend was **$14,655.04**, up 1.6% on October.',
  '',
  '| Service | October | November | Change |',
  '|---|---:|---:|---:|',
  '| Amazon EC2 | $6,228.65 | $6,575.05 | +5.6% |',
  '| Amazon S3 | $1,607.35 | $1,552.57 | -3.4% |',
  '',
  '```bash',
  'aws ce get-cost-and-usage --time-period Start=2026-11-01,End=2026-12-01 --granularity MONTHLY --metrics UnblendedCost',
  '```',
  '',
  '```chart',
  JSON.stringify({
    type: 'bar',
    title: 'Cost by service',
    unit: 'USD',
    categories: ['EC2', 'S3'],
    series: [
      { name: 'October', data: [6228.65, 1607.35] },
      { name: 'November', data: [6575.05, 1552.57] },
    ],
  }),
  '```',
].join('\n');

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The violations axe finds on the page as it is, one line each. */
async function scan(page: Page, state: string): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations.map(
    (v) =>
      `${state}: ${v.id} (${v.impact}) at ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} [${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}]`)
        .join(' | ')}`,
  );
}

async function ask(page: Page, question: string) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(question);
  await input.press('Enter');
}

describe.each(['light', 'dark'] as const)('axe in %s mode', (theme) => {
  it.each(Object.entries(VIEWPORTS))('finds no violations on %s', async (size, viewport) => {
    let release = () => undefined as void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    const backend = new ScriptedBackend(
      new Map([
        ['Show the details', { content: RICH_ANSWER }],
        [
          'Stream slowly',
          // Starting at ####, as a model may: the outline must not skip from h2 to h4.
          {
            content: RICH_ANSWER.replace('## Cost', '#### Cost'),
            deltaChars: 40,
            pauseAt: { chars: 200, until: paused },
          },
        ],
        [
          'Refuse this',
          {
            content: '',
            refuse: { code: 'BAD_REQUEST', message: 'This question could not be accepted.' },
          },
        ],
      ]),
    );
    const context = await browser.newContext({ viewport });
    await context.addInitScript({ content: AXE_SOURCE });
    const page = await context.newPage();
    await page.routeWebSocket(/\/ws/, backend.serve);
    await page.goto(inject('baseUrl'));
    // The app, not the static shell that index.html shows until it starts.
    await page.getByRole('button', { name: 'Preferences' }).waitFor();
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    const found: string[] = [];

    found.push(...(await scan(page, 'empty')));

    await ask(page, 'Stream slowly');
    await page.getByRole('button', { name: /Stop/ }).waitFor();
    await page.getByRole('heading', { name: /Cost by service/ }).waitFor();
    found.push(...(await scan(page, 'streaming')));
    release();
    await page.getByRole('img', { name: 'Answered' }).first().waitFor();

    await ask(page, 'Show the details');
    await expect.poll(() => page.getByRole('img', { name: 'Answered' }).count()).toBe(2);
    await page.locator('figure svg').last().waitFor();
    found.push(...(await scan(page, 'answered with table, code and chart')));

    await ask(page, 'Refuse this');
    await page.getByRole('button', { name: 'Retry' }).waitFor();
    found.push(...(await scan(page, 'failed message')));

    await page.getByRole('button', { name: 'Edit and send again' }).first().click();
    found.push(...(await scan(page, 'editing a message')));
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Preferences' }).click();
    await page.getByRole('dialog').waitFor();
    found.push(...(await scan(page, 'preferences dialog')));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Conversation actions' }).click();
    await page.getByRole('menu').waitFor();
    found.push(...(await scan(page, 'conversation menu')));
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    found.push(...(await scan(page, 'shortcuts dialog')));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    if (size === 'phone') {
      await page.getByRole('button', { name: 'Conversations' }).click();
      await page.getByRole('button', { name: 'New chat' }).last().waitFor();
      found.push(...(await scan(page, 'conversations drawer')));
    }

    expect(found).toEqual([]);
    await context.close();
  });
});
