import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const QUESTIONS = 12;

describe('history', () => {
  it('loads older messages from the server when the reader scrolls to the top', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    // One at a time, as a person would, so that each answer follows its question.
    for (let i = 1; i <= QUESTIONS; i++) {
      await input.fill(`Question ${i}: show cost by service`);
      await input.press('Enter');
      await expect
        .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 20_000 })
        .toBe(i);
    }

    // Forget the transcript kept on this device, keep who the user is and where they were:
    // the conversation must now come from the server, a page at a time. It runs before the
    // app on the next load, since the app writes its state when the page goes away.
    await page.addInitScript(() => {
      if (sessionStorage.getItem('trimmed')) return;
      sessionStorage.setItem('trimmed', 'yes');
      for (const key of Object.keys(localStorage)) {
        const value = localStorage.getItem(key);
        if (!value?.includes('"userId"')) continue;
        const persisted = JSON.parse(value) as { state: Record<string, unknown>; version: number };
        const { userId, currentSessionId } = persisted.state;
        localStorage.setItem(
          key,
          JSON.stringify({ ...persisted, state: { userId, currentSessionId } }),
        );
      }
    });
    await page.reload();
    const articles = page.getByRole('article');
    await expect.poll(() => articles.count()).toBe(20);
    // The latest page of 20 of the 24 messages starts at the third question.
    expect(await articles.first().textContent()).toContain('Question 3:');

    const log = page.getByRole('log', { name: 'Conversation' });
    const reading = articles.filter({ hasText: 'Question 3:' }).first();
    // Where the reader sees it at the top, read in the same task as the scroll, before
    // any older page can come in.
    const readingAt = await log.evaluate((box) => {
      box.scrollTo(0, 0);
      const articles = [...box.querySelectorAll('article')];
      return articles.find((a) => a.textContent?.includes('Question 3:'))!.getBoundingClientRect()
        .y;
    });
    await expect.poll(() => articles.count()).toBe(2 * QUESTIONS);
    // The older page went in above what the reader was looking at, which stayed in place.
    await expect
      .poll(async () => Math.abs((await reading.boundingBox())!.y - readingAt))
      .toBeLessThan(60);
    const said = await page.getByRole('article', { name: 'You said' }).allTextContents();
    expect(said.map((text) => text.match(/Question (\d+)/)?.[1])).toEqual(
      Array.from({ length: QUESTIONS }, (_, i) => String(i + 1)),
    );
    await context.close();
  });
});
