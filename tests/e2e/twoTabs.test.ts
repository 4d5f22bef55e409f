import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { launchChromium } from '../support/chromium';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface StoredChat {
  state: { userId: string; currentSessionId: string | null };
}

/** What the mock backend stored for `userId`'s session: the roles and texts, in order. */
async function storedTranscript(userId: string, sessionId: string): Promise<string[]> {
  const socket = new WebSocket(`${inject('wsUrl')}?v=1&userId=${encodeURIComponent(userId)}`);
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const opened = new Promise<{ messages: { role: string; content: string }[] }>((resolve) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string };
        if (frame.type === 'session_opened') resolve(frame as never);
      });
    });
    socket.send(JSON.stringify({ action: 'open_session', requestId: 'check', sessionId }));
    const { messages } = await opened;
    return messages.map((message) => `${message.role}: ${message.content.slice(0, 40)}`);
  } finally {
    socket.close();
  }
}

async function write(page: Page, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
}

describe('two tabs of the app', () => {
  it('keeps a message queued in each tab while the backend is away and, after both reload, sends each once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The backend is away until `reachable`: every socket is refused, as with no server.
    let reachable = false;
    const chatMessages: { clientMessageId: string; content: string }[] = [];
    await context.routeWebSocket(/\/ws/, (route) => {
      if (!reachable) {
        void route.close({ code: 1011, reason: 'unreachable' });
        return;
      }
      const server = route.connectToServer();
      route.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { action?: string };
        if (frame.action === 'chat_message') chatMessages.push(frame as never);
        server.send(message);
      });
    });

    const one = await context.newPage();
    await one.goto(inject('baseUrl'));
    const two = await context.newPage();
    await two.goto(inject('baseUrl'));
    await write(one, 'What did EC2 cost last month?');
    await write(two, 'Any cost anomalies this week?');
    // Each tab shows both, queued.
    for (const page of [one, two]) {
      await expect.poll(() => page.getByRole('img', { name: /Queued/ }).count()).toBe(2);
    }

    await one.reload();
    await two.reload();
    for (const page of [one, two]) {
      await expect.poll(() => page.getByRole('article', { name: 'You said' }).count()).toBe(2);
    }
    // The app gives up reconnecting (both tabs say so); the backend comes back; the user
    // asks to reconnect in the second tab.
    await one.getByRole('button', { name: 'Reconnect' }).waitFor({ timeout: 30_000 });
    const reconnect = two.getByRole('button', { name: 'Reconnect' });
    await reconnect.waitFor();
    reachable = true;
    await reconnect.click();

    for (const page of [one, two]) {
      await expect
        .poll(() => page.getByRole('img', { name: 'Answered' }).count(), { timeout: 30_000 })
        .toBe(2);
      await expect
        .poll(() => page.getByRole('article', { name: 'Assistant said' }).count())
        .toBe(2);
      const said = await page.getByRole('article', { name: 'You said' }).allTextContents();
      expect(said.sort()).toEqual([
        expect.stringContaining('Any cost anomalies this week?'),
        expect.stringContaining('What did EC2 cost last month?'),
      ]);
    }

    // One tab holds the connection; the other says the chat is connected in another tab.
    const notes = async (page: Page) => page.getByText(/connected in another tab/).count();
    await expect.poll(async () => (await notes(one)) + (await notes(two))).toBe(1);
    const follower = (await notes(one)) === 1 ? one : two;
    mkdirSync('screenshots', { recursive: true });
    await follower.screenshot({ path: 'screenshots/two-tabs-follower.png' });

    // Each was sent once, and the backend stored each turn once.
    expect(chatMessages.map((chat) => chat.content).sort()).toEqual([
      'Any cost anomalies this week?',
      'What did EC2 cost last month?',
    ]);
    const raw = await one.evaluate(() => localStorage.getItem('finops-chat'));
    const { userId, currentSessionId } = (JSON.parse(raw!) as StoredChat).state;
    expect(currentSessionId).toEqual(expect.any(String));
    const stored = await storedTranscript(userId, currentSessionId!);
    expect(stored.filter((line) => line.startsWith('user:')).sort()).toEqual([
      'user: Any cost anomalies this week?',
      'user: What did EC2 cost last month?',
    ]);
    expect(stored.filter((line) => line.startsWith('assistant:'))).toHaveLength(2);
    await context.close();
  });
});
