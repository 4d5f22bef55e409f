import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('when the network fails', () => {
  it('keeps a message written while disconnected and delivers it, once, on reconnect', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Every socket goes through this route, so the test can cut the backend off.
    let reachable = true;
    const open = new Set<WebSocketRoute>();
    await page.routeWebSocket(/\/ws/, (route) => {
      if (!reachable) {
        void route.close({ code: 1011, reason: 'unreachable' });
        return;
      }
      open.add(route);
      route.connectToServer();
    });
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('What did we spend by service last month?');
    await input.press('Enter');
    await page.getByRole('img', { name: 'Answered' }).waitFor();

    reachable = false;
    for (const route of open) await route.close({ code: 1011, reason: 'backend gone' });
    await page
      .getByRole('alert')
      .getByText(/Reconnecting/)
      .waitFor();
    await input.fill('Forecast our spend for next month');
    await input.press('Enter');
    await page.getByRole('img', { name: /Queued/ }).waitFor();
    // After three failed attempts the app stops and offers a manual reconnect.
    const reconnect = page.getByRole('button', { name: 'Reconnect' });
    await reconnect.waitFor({ timeout: 20_000 });

    reachable = true;
    await reconnect.click();
    await expect
      .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 20_000 })
      .toBe(2);

    const said = page.getByRole('article', { name: 'You said' });
    expect(await said.allTextContents()).toEqual([
      expect.stringContaining('What did we spend by service last month?'),
      expect.stringContaining('Forecast our spend for next month'),
    ]);
    expect(await page.getByRole('article', { name: 'Assistant said' }).count()).toBe(2);
    await context.close();
  });

  it('says the browser is offline, and sends what was written when it is back online', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Show the spend trend');
    await input.press('Enter');
    await page.getByRole('img', { name: 'Answered' }).waitFor();

    await context.setOffline(true);
    await page
      .getByRole('alert')
      .getByText(/You are offline/)
      .waitFor();
    await input.fill('Any cost anomalies?');
    await input.press('Enter');
    await page.getByRole('img', { name: /Queued/ }).waitFor();

    await context.setOffline(false);
    await expect
      .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 20_000 })
      .toBe(2);
    expect(await page.getByRole('article', { name: 'You said' }).count()).toBe(2);
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
