import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { VIEWPORTS } from '../support/viewports';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function askAndWaitForAnswer(page: Page) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill('What did we spend by service last month?');
  await input.press('Enter');
  await page
    .getByRole('article', { name: 'Assistant said' })
    .last()
    .getByRole('table')
    .waitFor({ timeout: 20_000 });
  await page.getByRole('img', { name: 'Answered' }).waitFor();
}

describe('the connection in a worker', () => {
  it('streams an answer through the socket worker', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(inject('baseUrl'));

    await askAndWaitForAnswer(page);
    expect(page.workers().map((worker) => worker.url())).toEqual(
      expect.arrayContaining([expect.stringMatching(/socketWorker/)]),
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it('connects from the page when the worker cannot be loaded', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.route(/socketWorker/, (route) => route.abort());
    await page.goto(inject('baseUrl'));

    await askAndWaitForAnswer(page);
    expect(warnings.join('\n')).toContain('the socket worker stopped');
    await context.close();
  });
});
