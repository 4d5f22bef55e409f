import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

async function ask(page: Page, question: string) {
  const answered = await page.getByRole('img', { name: 'Answered' }).count();
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 20_000 })
    .toBe(answered + 1);
}

const conversations = (page: Page) =>
  page.getByRole('navigation', { name: 'Conversations' }).getByRole('list').last();

describe('conversations and preferences', () => {
  it('starts, lists, switches, renames, clears and deletes conversations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));

    await ask(page, 'Are we on track with our budgets?');
    await page.getByRole('button', { name: 'New chat' }).last().click();
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await ask(page, 'Which instances should we rightsize?');

    const list = conversations(page);
    await expect
      .poll(() => list.getByRole('listitem').allTextContents())
      .toEqual([
        expect.stringContaining('Which instances should we rightsize?'),
        expect.stringContaining('Are we on track with our budgets?'),
      ]);

    await list.getByText('Are we on track with our budgets?').click();
    await page.getByRole('article', { name: 'You said' }).getByText('Are we on track').waitFor();
    expect(await page.getByRole('article', { name: 'You said' }).count()).toBe(1);

    await list
      .getByRole('button', { name: 'Actions for Are we on track with our budgets?' })
      .click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Budget review');
    await page.getByRole('button', { name: 'Rename' }).click();
    await list.getByText('Budget review').waitFor();

    await list.getByRole('button', { name: 'Actions for Budget review' }).click();
    await page.getByRole('menuitem', { name: 'Clear messages' }).click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await list.getByText('Budget review').waitFor();

    await list
      .getByRole('button', { name: 'Actions for Which instances should we rightsize?' })
      .click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);

    // What the server keeps agrees: after a reload the list is the same.
    await page.reload();
    await expect
      .poll(() => conversations(page).getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining('Budget review')]);
    await context.close();
  });

  it('answers in the currency chosen in preferences', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));

    await page.getByRole('button', { name: 'Preferences' }).click();
    await page.getByRole('combobox', { name: 'Currency' }).click();
    await page.getByRole('option', { name: 'EUR' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await ask(page, 'What did we spend by service last month?');

    const table = page.getByRole('article', { name: 'Assistant said' }).getByRole('table');
    expect(await table.textContent()).toContain('€');
    await context.close();
  });
});
