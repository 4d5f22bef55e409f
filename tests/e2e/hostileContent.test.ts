import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { ScriptedBackend, type ScriptedAnswer } from '../support/scriptedBackend';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const NESTED = `${'- '.repeat(2000)}deepest item`;
const TABLE = `| Instance | Cost |\n|---|---:|\n${Array.from({ length: 2000 }, (_, i) => `| i-${i} | $${i}.00 |`).join('\n')}`;
// 5,000 lines, 200 KB: more than one frame can carry, so its final message is dropped.
const CODE = `\`\`\`bash\n${Array.from({ length: 5000 }, (_, i) => `aws ec2 describe-instances --instance-ids i-${String(i).padStart(6, '0')} --output json`).join('\n')}\n\`\`\``;
const IMAGES =
  'Trend: ![EC2 cost trend](https://images.example/trend.png)\n\n![pixel](http://tracker.example/p.gif)';

async function open(backend: ScriptedBackend, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.routeWebSocket(/\/ws/, backend.serve);
  await page.goto(inject('baseUrl'));
  return { context, page, errors, requests };
}

async function ask(page: Page, question: string) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(question);
  await input.press('Enter');
}

/** The app still works: the composer takes a question and its answer shows. */
async function expectUsable(page: Page) {
  const answers = page.getByRole('article', { name: 'Assistant said' });
  const before = await answers.count();
  await ask(page, 'Still there?');
  await expect.poll(() => answers.count(), { timeout: 15_000 }).toBe(before + 1);
  await answers.last().getByText('You asked: Still there?').waitFor();
}

describe('hostile and huge answers', () => {
  it.each([
    ['2,000 nested list markers', NESTED, 'deepest item'],
    ['a 2,000-row table', TABLE, 'Showing the first 100 of 2,000 rows.'],
    ['a 200 KB code block', CODE, 'Showing the first 400 of 5,000 lines.'],
  ])(
    'an answer of %s leaves the app usable, before and after a reload',
    async (_name, content, shown) => {
      const backend = new ScriptedBackend(new Map([['Break it', { content, deltaChars: 500 }]]));
      const { context, page, errors } = await open(backend);
      await ask(page, 'Break it');
      await page.getByText(shown).waitFor({ timeout: 20_000 });
      await expectUsable(page);

      await page.reload();
      await page.getByRole('article', { name: 'You said' }).first().waitFor();
      await expectUsable(page);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it('makes no request for the images an answer names, and shows them as links', async () => {
    const backend = new ScriptedBackend(new Map([['Show images', { content: IMAGES }]]));
    const { context, page, requests } = await open(backend);
    await ask(page, 'Show images');
    const link = page.getByRole('link', { name: 'EC2 cost trend' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://images.example/trend.png');
    expect(await page.locator('article img').count()).toBe(0);
    expect(requests.filter((url) => /images\.example|tracker\.example/.test(url))).toEqual([]);
    await context.close();
  });

  it('shows a placeholder, never JSON, for a chart block still streaming', async () => {
    const chart =
      '```chart\n{"type":"bar","title":"Cost by service","unit":"USD","categories":["EC2","S3"],"series":[{"name":"Cost","data":[1200,300]}]}\n```';
    let release!: () => void;
    const answer: ScriptedAnswer = {
      content: `Spend by service:\n\n${chart}\n\nEC2 leads.`,
      deltaChars: 8,
      pauseAt: { chars: 60, until: new Promise<void>((resolve) => (release = resolve)) },
    };
    const backend = new ScriptedBackend(new Map([['Chart please', answer]]));
    const { context, page } = await open(backend, { width: 390, height: 844 });
    await ask(page, 'Chart please');
    const bubble = page.getByRole('article', { name: 'Assistant said' });
    await bubble.getByRole('img', { name: 'Chart loading' }).waitFor();
    expect(await bubble.textContent()).not.toMatch(/"type"|categories/);
    await page.screenshot({ path: 'screenshots/chart-placeholder-phone.png' });

    release();
    await bubble.getByRole('figure', { name: 'Cost by service' }).waitFor();
    await bubble.getByText('EC2 leads.').waitFor();
    expect(await bubble.textContent()).not.toMatch(/"type"|categories/);
    await context.close();
  });
});
