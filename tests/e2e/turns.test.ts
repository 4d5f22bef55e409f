// Turns against the real mock server, with its faults: every answer under its question, a
// failing agent asked three times and then shown in words with Retry, a storage outage told
// and waited out with what the user wrote kept and answered once.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMockServer, type MockServerHandle } from '../../src/mock-server/transport/server';
import { launchChromium } from '../support/chromium';
import { SCREENSHOTS, VIEWPORTS } from '../support/viewports';
import { routeToServer } from '../support/routeToServer';

let browser: Browser;
const servers: MockServerHandle[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
});

async function mockServer(faults?: string): Promise<MockServerHandle> {
  // Small deltas at a steady pace: an answer streams for a few seconds, as a model's does.
  const server = await startMockServer({
    port: 0,
    paceMs: 15,
    deltaChars: 12,
    log: () => undefined,
    ...(faults ? { faults } : {}),
  });
  servers.push(server);
  return server;
}

/** Who said what, top to bottom: 'user:…' or 'assistant'. */
async function speakers(page: Page): Promise<string[]> {
  return page
    .locator('article')
    .evaluateAll((articles) =>
      articles.map((article) =>
        article.getAttribute('aria-label') === 'You said'
          ? `user:${article.querySelector('p')?.textContent ?? ''}`
          : 'assistant',
      ),
    );
}

function chatSends(frames: Array<Record<string, unknown>>): Map<string, number> {
  const sends = new Map<string, number>();
  for (const frame of frames) {
    if (frame.action !== 'chat_message') continue;
    const id = String(frame.clientMessageId);
    sends.set(id, (sends.get(id) ?? 0) + 1);
  }
  return sends;
}

describe('turns', () => {
  it('keeps each answer under its question when the next is sent while the first streams, live and after a reload', async () => {
    const server = await mockServer();
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await routeToServer(page, server.url);
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('What did we spend by service last month?');
    await input.press('Enter');
    // The first answer is streaming: the second question goes now.
    await page.getByRole('button', { name: 'Stop answering' }).waitFor();
    await page.getByRole('article', { name: 'Assistant said' }).first().waitFor();
    await input.fill('Which budgets are at risk?');
    await input.press('Enter');
    await page
      .getByRole('article', { name: 'You said' })
      .getByText('Which budgets are at risk?')
      .waitFor();
    expect(await page.getByRole('img', { name: 'Answered' }).count()).toBe(0);
    await expect
      .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 30_000 })
      .toBe(2);
    const expected = [
      'user:What did we spend by service last month?',
      'assistant',
      'user:Which budgets are at risk?',
      'assistant',
    ];
    expect(await speakers(page)).toEqual(expected);

    await page.reload();
    await expect.poll(() => speakers(page), { timeout: 10_000 }).toEqual(expected);
    await context.close();
  });
});

describe.each(Object.entries(VIEWPORTS))('failures on %s', (name, viewport) => {
  it('asks a failing agent three times, then shows its words, the partial answer and Retry', async () => {
    const server = await mockServer('agent-fail=1');
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const relay = await routeToServer(page, server.url);
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Forecast our spend for next month');
    await input.press('Enter');

    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor({ timeout: 20_000 });
    const question = page.getByRole('article', { name: 'You said' });
    await question
      .getByText('The assistant could not finish this answer. Please try again.')
      .waitFor();
    await page.getByText('This answer was cut off before the end.').waitFor();
    expect(await page.getByRole('button', { name: 'Stop answering' }).count()).toBe(0);
    await page.waitForTimeout(4_000); // nothing more is sent while it waits for the user
    expect([...chatSends(relay.clientFrames).values()]).toEqual([3]);
    await page.screenshot({ path: `${SCREENSHOTS}/agent-failed-${name}.png` });

    await retry.click();
    await retry.waitFor({ timeout: 20_000 });
    expect([...chatSends(relay.clientFrames).values()]).toEqual([6]);
    expect(await page.getByRole('article', { name: 'Assistant said' }).count()).toBe(1);
    await context.close();
  });

  it('tells of a storage outage in words, keeps what the user writes, and answers it once when storage is back', async () => {
    const down = await mockServer('storage-down=1');
    const healthy = await mockServer();
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const relay = await routeToServer(page, down.url);
    await page.goto(inject('baseUrl'));
    const notice = page.getByRole('alert').filter({ hasText: 'What you write is kept' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('Conversation history is unavailable right now.');
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('What did we spend on EC2?');
    await input.press('Enter');
    await page.getByRole('img', { name: /Queued/ }).waitFor();
    await page.waitForTimeout(6_000);
    // Backoff: 1, 2, 4 s (±20%) after the first failure, not once a second.
    const opens = relay.clientFrames.filter((frame) => frame.action === 'open_session').length;
    expect(opens).toBeGreaterThanOrEqual(2);
    expect(opens).toBeLessThanOrEqual(4);
    await page.screenshot({ path: `${SCREENSHOTS}/storage-down-${name}.png` });

    relay.serverUrl = healthy.url; // storage is back (the next connection reaches it)
    relay.dropAll();
    await page.getByRole('img', { name: 'Answered' }).waitFor({ timeout: 20_000 });
    await notice.waitFor({ state: 'detached' });
    expect([...chatSends(relay.clientFrames).values()]).toEqual([1]);
    expect(await page.getByRole('article', { name: 'Assistant said' }).count()).toBe(1);
    await context.close();
  });
});
