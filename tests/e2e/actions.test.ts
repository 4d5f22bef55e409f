// What a reader does with a conversation, at desktop and phone size: copy a table as CSV,
// ask an answer again, edit and resend a question, export the conversation, find it by
// search; after each action that leads to writing, the focus is in the message box.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { SCREENSHOTS, VIEWPORTS } from '../support/viewports';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const answered = (page: Page) => page.getByRole('img', { name: 'Answered' });
const composerHasFocus = (page: Page) =>
  page.getByRole('textbox', { name: 'Message' }).evaluate((box) => box === document.activeElement);

describe.each(Object.entries(VIEWPORTS))('acting on a conversation on %s', (name, viewport) => {
  it('copies a table as CSV, asks again, edits and resends, exports, and finds it by search', async () => {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Show cost by service last month');
    await input.press('Enter');
    await expect.poll(() => answered(page).count()).toBe(1);

    // Copy as CSV: the cells, comma-separated, no markdown.
    const answer = page.getByRole('article', { name: 'Assistant said' }).first();
    await answer.getByRole('button', { name: 'Copy as CSV' }).first().click();
    const csv = await page.evaluate(() => navigator.clipboard.readText());
    expect(csv.split('\r\n')[0]).toMatch(/^Service,/);
    expect(csv).toMatch(/Amazon EC2,/);
    expect(csv).not.toMatch(/\||\*\*/);

    // Ask again: the same question as a new turn, marked, and answered.
    await answer.getByRole('button', { name: 'Ask again' }).click();
    await expect.poll(() => answered(page).count()).toBe(2);
    const mine = page.getByRole('article', { name: 'You said' });
    await expect.poll(() => mine.count()).toBe(2);
    expect(await mine.nth(1).textContent()).toContain('Asked again');
    expect(await mine.nth(1).textContent()).toContain('Show cost by service last month');
    expect(await composerHasFocus(page)).toBe(true);

    // Edit and resend the first question: a new message; the original stays.
    await mine.first().getByRole('button', { name: 'Edit and send again' }).click();
    const edit = page.getByRole('textbox', { name: 'Edited message' });
    await edit.fill('Show cost by service last quarter');
    await edit.press('Enter');
    await expect.poll(() => answered(page).count()).toBe(3);
    expect(await mine.allTextContents()).toEqual([
      expect.stringContaining('Show cost by service last month'),
      expect.stringContaining('Show cost by service last month'),
      expect.stringContaining('Show cost by service last quarter'),
    ]);
    expect(await composerHasFocus(page)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/actions-${name}.png` });

    // Export: a Markdown file with every turn.
    await page.getByRole('button', { name: 'Conversation actions' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Download as Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown.match(/^\*\*You\*\*/gm)).toHaveLength(3);
    expect(markdown.match(/^\*\*Assistant\*\*/gm)).toHaveLength(3);
    expect(markdown).toContain('| Service |');

    // Search: the conversation is found by its title, and another word finds nothing.
    if (name === 'phone') await page.getByRole('button', { name: 'Conversations' }).click();
    const search = page.getByLabel('Search conversations', { exact: true }).last();
    await search.fill('cost by service');
    const list = page.getByRole('list', { name: 'Conversations' }).last();
    const found = list.getByRole('list').getByRole('listitem');
    await expect.poll(() => found.count()).toBe(1);
    await search.fill('kubernetes budgets');
    await expect.poll(() => found.count()).toBe(0);
    await context.close();
  });
});
