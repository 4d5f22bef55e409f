import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/types';
import { launchChromium } from '../support/chromium';
import { ScriptedBackend } from '../support/scriptedBackend';
import { VIEWPORTS } from '../support/viewports';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const MESSAGES = 300;
const SERVICES = ['EC2', 'S3', 'RDS', 'Lambda', 'CloudFront'];

/** A conversation of `MESSAGES` messages, oldest first, the last an hour ago. */
function conversation(): ChatMessage[] {
  const start = Date.now() - 60 * 60 * 1000 - MESSAGES * 60_000;
  return Array.from({ length: MESSAGES }, (_, i): ChatMessage => {
    const n = Math.floor(i / 2) + 1;
    const service = SERVICES[n % SERVICES.length]!;
    const common = {
      messageId: `h-${String(i).padStart(4, '0')}`,
      sessionId: 's-scripted',
      timestamp: new Date(start + i * 60_000).toISOString(),
    };
    if (i % 2 === 0) {
      return {
        ...common,
        role: 'user',
        content: `Question ${n}: what did ${service} cost?`,
        clientMessageId: `c-${i}`,
      };
    }
    const table =
      n % 3 === 0 ? `\n\n| Week | Cost |\n|---|---:|\n| 1 | $${n}0 |\n| 2 | $${n}5 |` : '';
    return {
      ...common,
      role: 'assistant',
      content: `Answer ${n}: ${service} cost **$${n * 10}.00**.${table}`,
      replyTo: `h-${String(i - 1).padStart(4, '0')}`,
    };
  });
}

async function open(viewport: { width: number; height: number }) {
  const backend = new ScriptedBackend(new Map());
  backend.messages.push(...conversation());
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.routeWebSocket(/\/ws/, backend.serve);
  await page.goto(inject('baseUrl'));
  await page.getByText(`Answer ${MESSAGES / 2}:`).waitFor();
  return { context, page, errors, log: page.getByRole('log', { name: 'Conversation' }) };
}

/** Where `locator` is, relative to the top of the transcript's view; null when not rendered. */
async function topIn(log: Locator, locator: Locator) {
  if ((await locator.count()) === 0) return null;
  const [box, item] = await Promise.all([log.boundingBox(), locator.boundingBox()]);
  return box && item ? Math.round(item.y - box.y) : null;
}

const scrollTo = (log: Locator, to: 'top' | 'middle' | 'bottom') =>
  log.evaluate((box, where) => {
    const top = { top: 0, middle: box.scrollHeight / 2, bottom: box.scrollHeight }[where];
    box.scrollTop = top;
  }, to);

const gapBelow = (log: Locator) =>
  log.evaluate((box) => Math.round(box.scrollHeight - box.scrollTop - box.clientHeight));

async function ask(page: Page, question: string) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(question);
  await input.press('Enter');
}

describe('a long conversation', () => {
  it.each(Object.entries(VIEWPORTS))(
    'renders only what is near the view on %s, keeps the rest findable, and scrolls through all of it',
    async (_size, viewport) => {
      const { context, page, errors, log } = await open(viewport);

      // Far from the view, a group keeps its words for find-in-page, hidden until found.
      const rendered = await page.getByRole('article').count();
      expect(rendered).toBeLessThan(MESSAGES / 2);
      const hidden = page.locator('[hidden="until-found"]');
      expect(await hidden.first().textContent()).toContain('Question 1: what did S3 cost?');

      // At the top, the first question is drawn, in view.
      await scrollTo(log, 'top');
      const first = page.getByRole('article').filter({ hasText: 'Question 1: what did' });
      await expect.poll(() => topIn(log, first)).toBeGreaterThanOrEqual(0);
      expect(await topIn(log, first)).toBeLessThan(viewport.height / 2);

      // In the middle, what the reader sees stays where it is while groups come and go.
      await scrollTo(log, 'middle');
      await page.waitForTimeout(300);
      const reading = page.getByRole('article').filter({ hasText: 'Question 75: what' });
      await log.evaluate((box) => {
        const article = [...box.querySelectorAll('article')].find((a) =>
          a.textContent?.includes('Question 75: what'),
        );
        article?.scrollIntoView({ block: 'center' });
      });
      const readingAt = await topIn(log, reading);
      expect(readingAt).not.toBeNull();
      await page.waitForTimeout(500);
      expect(await topIn(log, reading)).toBe(readingAt);
      // Groups drawn again above and below are not news: nothing new arrived.
      expect(await page.getByRole('button', { name: 'Jump to latest' }).count()).toBe(0);

      // Back at the bottom, a new answer is followed.
      await scrollTo(log, 'bottom');
      await ask(page, 'And now?');
      await page.getByText('You asked: And now?', { exact: true }).waitFor();
      await expect.poll(() => gapBelow(log)).toBeLessThanOrEqual(1);
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
