import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { SCREENSHOTS, VIEWPORTS } from '../support/viewports';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

/** Records every distinct text the last assistant bubble showed, to see the answer stream in. */
async function recordAssistantTexts(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __assistantTexts: string[] }).__assistantTexts = seen;
    new MutationObserver(() => {
      const bubbles = document.querySelectorAll('article[aria-label="Assistant said"]');
      const text = bubbles[bubbles.length - 1]?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

describe.each(Object.entries(VIEWPORTS))('chatting on %s', (name, viewport) => {
  it('streams a markdown answer with a table to a question typed and sent with Enter', async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    await page.goto(inject('baseUrl'));

    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('What did we spend by service last month?');
    await recordAssistantTexts(page);
    await input.press('Enter');

    await expect.poll(() => input.inputValue()).toBe('');
    await page
      .getByRole('article', { name: 'You said' })
      .getByText('What did we spend by service')
      .waitFor();
    const answer = page.getByRole('article', { name: 'Assistant said' }).last();
    const table = answer.getByRole('table');
    await table.waitFor({ timeout: 20_000 });
    // The user's message turns "Answered" once the final assistant message has arrived.
    await page.getByRole('img', { name: 'Answered' }).waitFor();

    expect(await table.getByRole('columnheader').count()).toBeGreaterThanOrEqual(2);
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    const texts = await page.evaluate(
      () => (window as unknown as { __assistantTexts: string[] }).__assistantTexts,
    );
    // Streaming shows partial answers before the whole one (a streaming bubble updates at
    // most every 50 ms, and this answer streams in a few hundred).
    expect(texts.length).toBeGreaterThan(1);
    expect(texts[0]!.length).toBeLessThan(texts[texts.length - 1]!.length);

    expect(problems).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/chat-${name}.png` });
    await context.close();
  });
});

describe('a conversation', () => {
  it('keeps the newest answer in view on a phone as the transcript grows', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    const questions = [
      'Are we on track with our budgets?',
      'Show the spend trend',
      'and last quarter?',
    ];
    for (const question of questions) {
      await input.fill(question);
      await input.press('Enter');
      // The question answered (older messages far from the view are not rendered).
      const asked = page.getByRole('article', { name: 'You said' }).filter({ hasText: question });
      await asked.getByRole('img', { name: 'Answered' }).waitFor();
    }
    const log = page.getByRole('log', { name: 'Conversation' });
    // Charts load after their answer arrives and grow the transcript once more.
    await page.getByRole('article', { name: 'Assistant said' }).locator('figure').first().waitFor();
    await expect
      .poll(() => log.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight))
      .toBeLessThan(80);
    await context.close();
  });

  it('keeps following new answers once older messages settle (past ten messages)', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    const log = page.getByRole('log', { name: 'Conversation' });
    const questions = [
      'Are we on track with our budgets?',
      'Show the spend trend',
      'Which instances should we rightsize?',
      'Show cost by service',
      'Forecast next month',
      'Any cost anomalies?',
      'What are the top savings opportunities?',
    ];
    for (const question of questions) {
      await input.fill(question);
      await input.press('Enter');
      // The question answered (older messages far from the view are not rendered).
      const asked = page.getByRole('article', { name: 'You said' }).filter({ hasText: question });
      await asked.getByRole('img', { name: 'Answered' }).waitFor();
      await expect
        .poll(() => log.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight))
        .toBeLessThan(80);
      expect(await page.getByRole('button', { name: 'Jump to latest' }).count()).toBe(0);
    }
    await context.close();
  });

  it('draws a chart block and resumes the session after a reload', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));

    await page.getByRole('textbox', { name: 'Message' }).fill('Show the spend trend');
    await page.keyboard.press('Enter');
    const chart = page.getByRole('article', { name: 'Assistant said' }).locator('figure');
    await chart.waitFor({ timeout: 20_000 });
    expect(await chart.locator('svg path').count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: 'Answered' }).waitFor();

    await page.reload();
    await page
      .getByRole('article', { name: 'You said' })
      .getByText('Show the spend trend')
      .waitFor();
    await page.getByRole('article', { name: 'Assistant said' }).locator('figure').waitFor();
    expect(await page.getByRole('article', { name: 'You said' }).count()).toBe(1);
    await context.close();
  });
});

describe('finding the way around', () => {
  it.each(Object.entries(VIEWPORTS))(
    'offers "Jump to latest" on %s when an answer grows below a reader who scrolled up',
    async (name, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(inject('baseUrl'));
      const input = page.getByRole('textbox', { name: 'Message' });
      const log = page.getByRole('log', { name: 'Conversation' });
      const jump = page.getByRole('button', { name: 'Jump to latest' });
      const answered = page.getByRole('img', { name: 'Answered' });
      // Scrolls up while the answer streams; an answer can finish first, so ask again then.
      let grewBelow = false;
      for (let asked = 1; asked <= 4 && !grewBelow; asked++) {
        await input.fill('What did we spend by service last month?');
        await input.press('Enter');
        await page.getByRole('button', { name: 'Stop answering' }).waitFor();
        await log.evaluate((box) => box.scrollTo({ top: 0 }));
        await expect.poll(() => answered.count()).toBe(asked);
        grewBelow = await jump.isVisible();
      }
      expect(grewBelow).toBe(true);
      // The reader's place was left alone.
      expect(await log.evaluate((box) => box.scrollTop)).toBeLessThan(50);
      await page.screenshot({ path: `${SCREENSHOTS}/jump-to-latest-${name}.png` });

      await jump.click();
      await expect
        .poll(() => log.evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight))
        .toBeLessThan(80);
      await expect.poll(() => jump.count()).toBe(0);
      await context.close();
    },
  );

  it('reaches the message box with one Tab, and keeps the focus there after a follow-up', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.waitFor();

    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to message box' });
    await expect.poll(() => skip.evaluate((link) => link === document.activeElement)).toBe(true);
    expect((await skip.boundingBox())!.width).toBeGreaterThan(50); // seen once focused
    await page.keyboard.press('Enter');
    await expect.poll(() => input.evaluate((box) => box === document.activeElement)).toBe(true);

    await page.keyboard.type('What did we spend by service last month?');
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: 'Answered' }).waitFor();
    const chip = page.getByRole('button').and(page.locator('.MuiChip-root')).first();
    await chip.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('img', { name: 'Answered' }).count()).toBe(2);
    expect(await input.evaluate((box) => box === document.activeElement)).toBe(true);
    await context.close();
  });
});

describe('focus after acting on conversations', () => {
  it('lands in the message box after New chat and after Delete', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    const inputFocused = () => input.evaluate((box) => box === document.activeElement);
    await input.fill('Are we on track with our budgets?');
    await input.press('Enter');
    await page.getByRole('img', { name: 'Answered' }).waitFor();

    await page.getByRole('button', { name: 'New chat' }).click();
    await expect.poll(inputFocused).toBe(true);

    await page
      .getByRole('button', { name: 'Actions for Are we on track with our budgets?' })
      .click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(inputFocused).toBe(true);
    await context.close();
  });
});

describe('the side panel on desktop', () => {
  it('folds away and back with the Conversations button, and unfolds for a search', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const toggle = page.getByRole('button', { name: 'Conversations' });
    const newChat = page.getByRole('button', { name: 'New chat' });
    const log = page.getByRole('log', { name: 'Conversation' });
    // A conversation to list, so that the panel has its search field.
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Are we on track with our budgets?');
    await input.press('Enter');
    await page.getByRole('img', { name: 'Answered' }).waitFor();
    const wideLog = (await log.boundingBox())!.width;
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');

    await toggle.click();
    await newChat.waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // The transcript takes the room.
    expect((await log.boundingBox())!.width).toBeGreaterThan(wideLog + 200);
    await page.screenshot({ path: `${SCREENSHOTS}/panel-folded-desktop.png` });

    await page.getByRole('heading', { name: 'FinOps Assistant' }).click();
    await page.keyboard.press('Control+K');
    await expect
      .poll(() =>
        page
          .getByLabel('Search conversations', { exact: true })
          .evaluate((box) => box === document.activeElement),
      )
      .toBe(true);
    await toggle.click();
    await newChat.waitFor({ state: 'hidden' });
    await toggle.click();
    await newChat.waitFor();
    await context.close();
  });
});

describe('keyboard shortcuts', () => {
  it.each(Object.entries(VIEWPORTS))(
    'on %s: lists them on "?", and stops, searches, starts a new chat and goes to the message box',
    async (name, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(inject('baseUrl'));
      const input = page.getByRole('textbox', { name: 'Message' });
      const focused = (label: string) =>
        page.getByLabel(label, { exact: true }).evaluate((box) => box === document.activeElement);

      // The app, not index.html's shell; nothing focused: the shortcuts are the page's.
      await page.getByRole('button', { name: 'Preferences' }).waitFor();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.getByText('Stop the answer being written').waitFor();
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });

      // Escape while an answer is being written stops it (an answer can finish first: ask again).
      let stopped = false;
      for (let asked = 1; asked <= 3 && !stopped; asked++) {
        await input.fill('What did we spend by service last month?');
        await input.press('Enter');
        // Once its first words are in: a stop asked for before them is held until they come.
        await page.getByRole('article', { name: 'Assistant said' }).last().waitFor();
        await page.keyboard.press('Escape');
        await expect
          .poll(() => page.getByRole('button', { name: 'Stop answering' }).count())
          .toBe(0);
        stopped = (await page.getByText('Stopped', { exact: true }).count()) > 0;
      }
      expect(stopped).toBe(true);

      await page.keyboard.press('Control+K');
      // On a phone the conversations are a slide-over: it opens at its search field.
      const search = page.getByLabel('Search conversations', { exact: true }).last();
      await expect.poll(() => search.evaluate((box) => box === document.activeElement)).toBe(true);
      if (name === 'phone') {
        await page.keyboard.press('Escape');
        await page.getByRole('dialog', { name: 'Conversations' }).waitFor({ state: 'hidden' });
      }
      await page.keyboard.press('Shift+Escape');
      await expect.poll(() => focused('Message')).toBe(true);
      await page.keyboard.press('Control+Shift+O');
      await expect.poll(() => page.getByRole('article').count()).toBe(0);
      expect(await focused('Message')).toBe(true);
      await context.close();
    },
  );
});

describe('wide content on a phone', () => {
  it('shows that a wide table scrolls sideways, and lets the keyboard scroll it', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('What did we spend by service last month?');
    await input.press('Enter');
    await page.getByRole('img', { name: 'Answered' }).waitFor();
    const table = page.getByRole('article', { name: 'Assistant said' }).getByRole('table');
    const box = table.locator('..');
    expect(await box.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
    await page.getByText('Scroll sideways to see every column.').waitFor();

    await box.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((b) => b.scrollLeft)).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}/wide-table-phone.png` });
    await context.close();
  });
});
