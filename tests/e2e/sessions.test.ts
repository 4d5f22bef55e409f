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

async function ask(page: Page, question: string) {
  const answered = await page.getByRole('img', { name: 'Answered' }).count();
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 20_000 })
    .toBe(answered + 1);
}

/** The list on screen: the side panel's, or on a phone the slide-over's (the other is hidden). */
const conversations = (page: Page) => page.getByRole('list', { name: 'Conversations' }).last();

/** The conversations' rows, in their day groups (each group is a list of its own). */
const rows = (page: Page) => conversations(page).getByRole('list').getByRole('listitem');

/** The titles the drawer lists, in order. */
const listedTitles = (page: Page) =>
  rows(page).evaluateAll((items) =>
    items.map((item) => item.querySelector('.MuiListItemText-primary')?.textContent),
  );

/**
 * Presses a dialog's button and waits for the dialog to go: while it is there the rest of the
 * page is hidden from the accessibility tree, and a role query finds nothing in it.
 */
async function confirm(page: Page, button: string) {
  await page.getByRole('dialog').getByRole('button', { name: button }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

/** The actions of the frames the page sends, from now on. */
function sentActions(page: Page): string[] {
  const actions: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      actions.push((JSON.parse(String(payload)) as { action: string }).action);
    }),
  );
  return actions;
}

/** Starts a new chat (from the slide-over, on a phone) and asks `question` there. */
async function askInNewChat(page: Page, question: string) {
  const menu = page.getByRole('button', { name: 'Conversations' });
  // On a phone the list is behind the button; on desktop it is shown already (the button would fold it).
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await page.getByRole('button', { name: 'New chat' }).last().click();
  await expect.poll(() => page.getByRole('article').count()).toBe(0);
  await ask(page, question);
}

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
      .poll(() => list.getByRole('list').getByRole('listitem').allTextContents())
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
    await confirm(page, 'Rename');
    await list.getByText('Budget review').waitFor();

    await list.getByRole('button', { name: 'Actions for Budget review' }).click();
    await page.getByRole('menuitem', { name: 'Clear messages' }).click();
    await confirm(page, 'Clear');
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    // Empty now, so not listed, until something is written in it again (under its name).
    await expect.poll(() => list.getByText('Budget review').count()).toBe(0);
    await ask(page, 'Are we on track with our budgets?');
    await list.getByText('Budget review').waitFor();

    await list
      .getByRole('button', { name: 'Actions for Which instances should we rightsize?' })
      .click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await confirm(page, 'Delete');
    await expect.poll(() => list.getByRole('list').getByRole('listitem').count()).toBe(1);

    // What the server keeps agrees: after a reload the list is the same.
    await page.reload();
    await expect
      .poll(() => rows(page).allTextContents())
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

describe('a tidy list of conversations', () => {
  it('lists a conversation from its first message on, and New chat reuses an empty one', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    const sent = sentActions(page);
    await page.goto(inject('baseUrl'));
    await expect.poll(() => sent.filter((action) => action === 'list_sessions').length).toBe(1);

    for (const _ of [1, 2]) await page.getByRole('button', { name: 'New chat' }).last().click();
    await ask(page, 'Are we on track with our budgets?');
    await expect.poll(() => listedTitles(page)).toEqual(['Are we on track with our budgets?']);
    expect(sent.filter((action) => action === 'open_session')).toHaveLength(1);

    // What the server keeps agrees: no empty conversation was left behind.
    await page.reload();
    await expect.poll(() => listedTitles(page)).toEqual(['Are we on track with our budgets?']);
    await context.close();
  });

  it('keeps the order when a conversation is opened, and shows the latest one left after a delete', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    await ask(page, 'Are we on track with our budgets?');
    await askInNewChat(page, 'Which instances should we rightsize?');
    await askInNewChat(page, 'What did we spend by service last month?');
    const byActivity = [
      'What did we spend by service last month?',
      'Which instances should we rightsize?',
      'Are we on track with our budgets?',
    ];
    await expect.poll(() => listedTitles(page)).toEqual(byActivity);

    const list = conversations(page);
    for (const title of [byActivity[2]!, byActivity[1]!]) {
      await list.getByText(title).click();
      await page.getByRole('article', { name: 'You said' }).getByText(title).waitFor();
      expect(await listedTitles(page)).toEqual(byActivity);
    }

    // The one on screen (the middle one) goes: the most recent one left comes up.
    await list.getByRole('button', { name: `Actions for ${byActivity[1]}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await confirm(page, 'Delete');
    await page.getByRole('article', { name: 'You said' }).getByText(byActivity[0]!).waitFor();
    await expect.poll(() => listedTitles(page)).toEqual([byActivity[0], byActivity[2]]);
    await expect
      .poll(() => list.locator('[aria-current="page"]').textContent())
      .toContain(byActivity[0]);

    // With none left, a new chat.
    for (const title of [byActivity[0]!, byActivity[2]!]) {
      await list.getByRole('button', { name: `Actions for ${title}` }).click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await confirm(page, 'Delete');
      await expect.poll(() => listedTitles(page)).not.toContain(title);
    }
    await page.getByText(/appear here from their first message/).waitFor();
    expect(await page.getByRole('article').count()).toBe(0);
    await ask(page, 'Show the spend trend');
    await expect.poll(() => listedTitles(page)).toEqual(['Show the spend trend']);
    await context.close();
  });

  it.each(Object.entries(VIEWPORTS))(
    'shows how long each conversation is kept in full on %s',
    async (name, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(inject('baseUrl'));
      await ask(
        page,
        'Are we on track with our budgets and what is the forecast for this quarter?',
      );
      await askInNewChat(page, 'Which instances should we rightsize?');
      if (name === 'phone') await page.getByRole('button', { name: 'Conversations' }).click();
      const list = conversations(page);
      await expect.poll(() => list.getByRole('list').getByRole('listitem').count()).toBe(2);

      const secondary = list.locator('.MuiListItemText-secondary');
      expect(await secondary.allTextContents()).toEqual([
        expect.stringMatching(/ · [67] days left$/),
        expect.stringMatching(/ · [67] days left$/),
      ]);
      const clipped = await secondary.evaluateAll((lines) =>
        lines.filter((line) => line.scrollWidth > line.clientWidth).map((line) => line.textContent),
      );
      expect(clipped).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}/sessions-${name}.png` });
      await context.close();
    },
  );
});
