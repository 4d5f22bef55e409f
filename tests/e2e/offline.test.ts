// Installable and offline: the built app links a manifest whose icons load, and its service
// worker keeps the app shell, so a reload without a network shows the conversation kept in
// storage and the offline banner, and the app reconnects when the network is back.
import type { Browser, BrowserContext, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Resolves once a service worker controls the page (clients.claim() on its activation). */
function controlled(page: Page): Promise<string> {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
    return navigator.serviceWorker.controller!.scriptURL;
  });
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

async function ask(page: Page, question: string) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(question);
  await input.press('Enter');
}

describe('installing the app', () => {
  it('links a manifest that parses, with icons that load, one of them maskable', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifestUrl = new URL(href!, page.url());
    const response = await context.request.get(manifestUrl.href);
    expect(response.status()).toBe(200);
    const manifest = (await response.json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'FinOps Assistant',
      short_name: expect.any(String),
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#f4f6fa',
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });

    const icons = manifest.icons as ManifestIcon[];
    for (const icon of icons) {
      const image = await context.request.get(new URL(icon.src, manifestUrl).href);
      expect(image.status(), icon.src).toBe(200);
      expect(image.headers()['content-type']).toMatch(/^image\/png/);
      expect(pngSize(await image.body()), icon.src).toBe(icon.sizes);
    }
    const sizes = icons.filter((icon) => (icon.purpose ?? 'any').includes('any'));
    expect(sizes.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((icon) => icon.purpose?.split(' ').includes('maskable'))).toBe(true);

    // Chromium's own reading of it: no parse errors, nothing that stops an install.
    const cdp = await context.newCDPSession(page);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    // A test browser context is incognito, where Chromium installs nothing: that one aside.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.filter((error) => error.errorId !== 'in-incognito')).toEqual([]);

    const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    const touch = await context.request.get(new URL(touchIcon!, page.url()).href);
    expect(pngSize(await touch.body())).toBe('180x180');
    const themeColors = await page
      .locator('meta[name="theme-color"]')
      .evaluateAll((metas) => metas.map((meta) => meta.getAttribute('media')));
    expect(themeColors.sort()).toEqual([
      '(prefers-color-scheme: dark)',
      '(prefers-color-scheme: light)',
    ]);
    await context.close();
  });
});

describe('offline', () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  it('reloads from the cache without a network, shows the stored conversation, and reconnects', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(inject('baseUrl'));
    await ask(page, 'What did we spend by service last month?');
    await page.getByRole('img', { name: 'Answered' }).waitFor();
    expect(await controlled(page)).toBe(new URL('/sw.js', inject('baseUrl')).href);

    await context.setOffline(true);
    const responses: Response[] = [];
    const failedInWorker: Request[] = [];
    page.on('response', (response) => responses.push(response));
    // Chromium reports the worker's own requests on the context.
    context.on('requestfailed', (request) => {
      if (request.serviceWorker()) failedInWorker.push(request);
    });
    const reload = await page.reload();

    // The worker tried the network first, which setOffline cut off for it too, and answered
    // from its cache: the page, its scripts and the markdown chunk a resumed answer needs.
    expect(reload!.status()).toBe(200);
    expect(reload!.fromServiceWorker()).toBe(true);
    expect(failedInWorker.map((request) => request.url())).toContain(inject('baseUrl'));
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    const sameOrigin = responses.filter((response) =>
      response.url().startsWith(new URL(inject('baseUrl')).origin),
    );
    expect(sameOrigin.some((response) => response.url().includes('/assets/MarkdownText-'))).toBe(
      true,
    );
    for (const response of sameOrigin)
      expect(response.fromServiceWorker(), response.url()).toBe(true);

    // What was kept in storage, and the state of the connection.
    const said = page.getByRole('article', { name: 'You said' });
    await said.getByText('What did we spend by service last month?').waitFor();
    await expect.poll(() => page.getByRole('article', { name: 'Assistant said' }).count()).toBe(1);
    await page
      .getByRole('alert')
      .getByText(/You are offline/)
      .waitFor();
    await ask(page, 'Forecast our spend for next month');
    await page.getByRole('img', { name: /Queued/ }).waitFor();

    // Back online, the app connects by itself and sends what was written meanwhile.
    await context.setOffline(false);
    await expect
      .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 20_000 })
      .toBe(2);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
