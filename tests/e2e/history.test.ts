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

const QUESTIONS = 12;

/**
 * The text of every message loaded, in order: those rendered, and those far from the view
 * that are kept as words only (SettledMessages).
 */
const loadedMessages = (page: Page) =>
  page
    .getByRole('log', { name: 'Conversation' })
    .evaluate((log) =>
      [...log.querySelectorAll('article, [data-unrendered-messages] > p')].map(
        (message) => message.textContent ?? '',
      ),
    );

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
      const question = page.getByRole('article').filter({ hasText: `Question ${i}:` });
      await question.getByRole('img', { name: 'Answered' }).waitFor({ timeout: 20_000 });
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
    // Older pages are held back until the test has seen where the reader is.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/ws/, (route) => {
      const server = route.connectToServer();
      route.onMessage((message) => {
        if (String(message).includes('"load_history"')) {
          void released.then(() => server.send(message));
        } else server.send(message);
      });
    });
    await page.reload();
    const articles = page.getByRole('article');
    await expect.poll(async () => (await loadedMessages(page)).length).toBe(20);
    // The latest page of 20 of the 24 messages starts at the third question.
    expect((await loadedMessages(page))[0]).toContain('Question 3:');

    const log = page.getByRole('log', { name: 'Conversation' });
    const reading = articles.filter({ hasText: 'Question 3:' }).first();
    await log.evaluate((box) => box.scrollTo(0, 0));
    await reading.waitFor();
    const readingAt = (await reading.boundingBox())!.y;
    release();
    await expect.poll(async () => (await loadedMessages(page)).length).toBe(2 * QUESTIONS);
    // The older page went in above what the reader was looking at, which stayed in place.
    await expect
      .poll(async () => Math.abs((await reading.boundingBox())!.y - readingAt))
      .toBeLessThan(60);
    const said = (await loadedMessages(page)).map((text) => text.match(/^Question (\d+):/)?.[1]);
    expect(said.filter(Boolean)).toEqual(
      Array.from({ length: QUESTIONS }, (_, i) => String(i + 1)),
    );
    await context.close();
  });
});
