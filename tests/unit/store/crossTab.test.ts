import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFrameOf } from '../../../src/protocol/types';
import { tabSyncOf } from '../../../src/store/createChatStore';
import { STORAGE_KEY, STORAGE_VERSION } from '../../../src/store/persistence';
import type { PersistedChatState } from '../../../src/store/types';
import { pass } from '../../support/fakeChat';
import { FakeServer, sessionOpened } from '../../support/fakeServer';
import { ChatTab, FakeBrowser } from '../../support/fakeTabs';

let browser: FakeBrowser;
let server: FakeServer | undefined;
const tabs: ChatTab[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  browser = new FakeBrowser();
});

afterEach(() => {
  for (const tab of tabs.splice(0)) tab.close();
  server?.stop();
  server = undefined;
  vi.useRealTimers();
});

async function openTab(idPrefix: string): Promise<ChatTab> {
  const tab = new ChatTab(browser, idPrefix).start();
  tabs.push(tab);
  await pass();
  return tab;
}

function stored(): PersistedChatState {
  return (JSON.parse(browser.storage.data.get(STORAGE_KEY)!) as { state: PersistedChatState })
    .state;
}

function storedTexts(): string[] {
  const state = stored();
  return state.outbox.map((key) => state.messages[key]?.content ?? '?');
}

async function answerOpen(sessionId: string, index: number): Promise<void> {
  const open = server!.sent('open_session')[index];
  if (!open) throw new Error(`no open_session #${index}`);
  server!.send(sessionOpened(open.requestId, sessionId));
  await pass();
}

/** The owner's tab, in session s-1 (written to storage, so the next tab opens there too). */
async function ownerInSession(): Promise<ChatTab> {
  const owner = await openTab('a');
  await answerOpen('s-1', 0);
  await pass(1000);
  return owner;
}

async function answer(chat: ClientFrameOf<'chat_message'>): Promise<void> {
  server!.send({
    type: 'message_ack',
    requestId: chat.requestId,
    sessionId: chat.sessionId,
    clientMessageId: chat.clientMessageId,
    messageId: `m-${chat.clientMessageId}`,
    stored: true,
  });
  await pass();
  server!.send({
    type: 'assistant_message',
    sessionId: chat.sessionId,
    stored: true,
    message: {
      messageId: `a-${chat.clientMessageId}`,
      sessionId: chat.sessionId,
      role: 'assistant',
      content: `Answer to ${chat.content}`,
      replyTo: `m-${chat.clientMessageId}`,
      timestamp: server!.timestamp(),
    },
  });
  await pass();
}

describe('two tabs, one storage', () => {
  it('keeps a message queued in each tab while the backend is away, and after both reload sends each once', async () => {
    const one = await openTab('a');
    const two = await openTab('b');
    expect(tabSyncOf(one.store).getStatus()).toBe('owner');
    expect(tabSyncOf(two.store).getStatus()).toBe('follower');

    one.state.sendMessage('Cost of EC2 last month?');
    two.state.sendMessage('Any anomalies this week?');
    await pass();
    expect(storedTexts().sort()).toEqual(['Any anomalies this week?', 'Cost of EC2 last month?']);
    // Each tab shows both.
    expect(one.transcript()).toHaveLength(2);
    expect(two.transcript()).toHaveLength(2);

    // Both tabs reload.
    one.close();
    two.close();
    await pass();
    const three = await openTab('c');
    const four = await openTab('d');
    expect(three.transcript()).toHaveLength(2);
    expect(four.transcript()).toHaveLength(2);

    // The backend comes back; the follower's Reconnect reaches the owner.
    server = new FakeServer();
    const follower = tabSyncOf(three.store).getStatus() === 'follower' ? three : four;
    follower.state.reconnect();
    await pass();
    expect(server.connections).toHaveLength(1);
    await answerOpen('s-1', 0);
    await answer(server.sent('chat_message')[0]!);
    await answer(server.sent('chat_message')[1]!);
    await pass(1000);

    const chats = server.sent('chat_message');
    expect(chats.map((chat) => chat.content).sort()).toEqual([
      'Any anomalies this week?',
      'Cost of EC2 last month?',
    ]);
    expect(new Set(chats.map((chat) => chat.clientMessageId)).size).toBe(2);
    const expected = chats.flatMap((chat) => [
      `user:${chat.content}`,
      `assistant:Answer to ${chat.content}`,
    ]);
    for (const tab of [three, four]) {
      expect(tab.state.currentSessionId).toBe('s-1');
      expect(tab.transcript()).toEqual(expected);
      expect(tab.state.outbox).toEqual([]);
    }
  });

  it('merges a write made before the other tab’s storage event arrived', () => {
    const one = new ChatTab(browser, 'a').start();
    const two = new ChatTab(browser, 'b').start();
    tabs.push(one, two);
    // Same task: neither tab has heard of the other's write.
    one.state.sendMessage('first');
    two.state.sendMessage('second');
    expect(storedTexts()).toEqual(['first', 'second']);
  });

  it('sends a message written in the follower once, from the owner, and shows the reply in both', async () => {
    server = new FakeServer();
    const owner = await ownerInSession();
    const follower = await openTab('b');
    expect(follower.state.currentSessionId).toBe('s-1');

    follower.state.sendMessage('Forecast next month');
    await pass();
    const chats = server.sent('chat_message');
    expect(chats).toEqual([
      expect.objectContaining({ sessionId: 's-1', content: 'Forecast next month' }),
    ]);
    expect(server.connections).toHaveLength(1); // the follower has no socket
    expect(follower.state.messages['b-1']?.deliveryStatus).toBe('sending');

    await answer(chats[0]!);
    await pass(1000);
    expect(server.sent('chat_message')).toHaveLength(1);
    for (const tab of [owner, follower]) {
      expect(tab.transcript()).toEqual([
        'user:Forecast next month',
        'assistant:Answer to Forecast next month',
      ]);
      expect(tab.state.messages['b-1']?.deliveryStatus).toBe('answered');
    }
  });

  it('follows a new chat of the follower to the session the owner opened for it', async () => {
    server = new FakeServer();
    const owner = await ownerInSession();
    owner.state.sendMessage('What did EC2 cost?');
    await pass();
    await answer(server.sent('chat_message')[0]!);
    await pass(1000);
    const follower = await openTab('b');
    follower.state.newChat(); // no session id yet: the owner opens one for it
    follower.state.sendMessage('Start over: what is our biggest cost?');
    await pass();
    await answerOpen('s-2', 1);
    await answer(server.sent('chat_message')[1]!);
    await pass(1000);
    expect(owner.state.currentSessionId).toBe('s-1'); // the owner's view is its own
    expect(follower.state.currentSessionId).toBe('s-2');
    expect(follower.transcript()).toEqual([
      'user:Start over: what is our biggest cost?',
      'assistant:Answer to Start over: what is our biggest cost?',
    ]);
  });

  it('keeps drafts and preferences in step, and the owner sends the follower’s preferences', async () => {
    server = new FakeServer();
    const owner = await ownerInSession();
    const follower = await openTab('b');

    owner.state.setDraft('s-1', 'half a thought');
    await pass(1000);
    expect(follower.state.drafts['s-1']).toBe('half a thought');

    follower.state.setDraft('s-1', 'half a thought, finished elsewhere');
    await pass(1000);
    expect(owner.state.drafts['s-1']).toBe('half a thought, finished elsewhere');

    follower.state.updatePreferences({ currency: 'EUR' });
    await pass(1000);
    expect(owner.state.preferences.currency).toBe('EUR');
    expect(server.sent('update_preferences').at(-1)).toMatchObject({
      preferences: expect.objectContaining({ currency: 'EUR' }),
    });

    // A draft sent as a message is gone in both tabs.
    follower.state.sendMessage('half a thought, finished elsewhere');
    await pass(1000);
    expect(owner.state.drafts['s-1']).toBeUndefined();
    expect(follower.state.drafts['s-1']).toBeUndefined();
  });

  it('never moves a delivery backwards for a stale write from another tab', async () => {
    server = new FakeServer();
    const owner = await ownerInSession();
    const follower = await openTab('b');
    owner.state.sendMessage('What did S3 cost?');
    await pass();
    const staleWrite = JSON.stringify({ state: stored(), version: STORAGE_VERSION });
    expect(stored().messages['a-1']?.deliveryStatus).toBe('sending');
    await answer(server.sent('chat_message')[0]!);
    await pass(1000);
    expect(follower.state.messages['a-1']?.deliveryStatus).toBe('answered');

    // Another tab that had not caught up writes what it had.
    browser.writeFromElsewhere(STORAGE_KEY, staleWrite);
    await pass(1000);
    for (const tab of [owner, follower]) {
      expect(tab.state.messages['a-1']?.deliveryStatus).toBe('answered');
      expect(tab.transcript()).toEqual([
        'user:What did S3 cost?',
        'assistant:Answer to What did S3 cost?',
      ]);
    }
    expect(stored().messages['a-1']?.deliveryStatus).toBe('answered'); // written back
    expect(server.sent('chat_message')).toHaveLength(1);
  });

  it('sends a failed message again when the user retries it in the follower', async () => {
    server = new FakeServer();
    const owner = await ownerInSession();
    const follower = await openTab('b');
    owner.state.sendMessage('Budget status?');
    await pass();
    const chat = server.sent('chat_message')[0]!;
    server.send({
      type: 'error',
      requestId: chat.requestId,
      clientMessageId: chat.clientMessageId,
      code: 'BAD_REQUEST',
      message: 'That message could not be read.',
      retryable: false,
    });
    await pass(1000);
    expect(follower.state.messages['a-1']?.deliveryStatus).toBe('failed');

    follower.state.retryMessage('a-1');
    await pass();
    expect(server.sent('chat_message')).toHaveLength(2);
    await answer(server.sent('chat_message')[1]!);
    await pass(1000);
    expect(follower.state.messages['a-1']?.deliveryStatus).toBe('answered');
    expect(owner.state.messages['a-1']?.deliveryStatus).toBe('answered');
  });

  it('hands the connection to the follower when the owner closes, which sends what is pending', async () => {
    server = new FakeServer();
    const owner = await openTab('a');
    const follower = await openTab('b');
    // The owner's session never opens, so nothing is sent yet.
    follower.state.sendMessage('Who owns the most expensive account?');
    await pass(1000);
    expect(server.sent('chat_message')).toHaveLength(0);

    owner.close();
    await pass();
    expect(tabSyncOf(follower.store).getStatus()).toBe('owner');
    expect(server.connections).toHaveLength(2);
    await answerOpen('s-1', 1);
    expect(server.sent('chat_message')).toEqual([
      expect.objectContaining({
        sessionId: 's-1',
        clientMessageId: 'b-1',
        content: 'Who owns the most expensive account?',
      }),
    ]);
  });

  it('does the follower’s session actions in the owner, and shows the owner’s connection', async () => {
    server = new FakeServer();
    const owner = await ownerInSession();
    const follower = await openTab('b');
    await pass();
    expect(follower.state.connection).toEqual({ kind: 'open' });

    follower.state.renameSession('s-1', 'EC2 questions');
    await pass();
    expect(server.sent('rename_session')).toEqual([
      expect.objectContaining({ sessionId: 's-1', title: 'EC2 questions' }),
    ]);
    expect(follower.state.notices).toEqual([]);

    server.close(1011, 'gone');
    await pass();
    expect(owner.state.connection.kind).toBe('reconnecting');
    expect(follower.state.connection).toEqual(owner.state.connection);
  });

  it('works alone, as before, without Web Locks: every tab connects itself', async () => {
    server = new FakeServer();
    const one = new ChatTab(browser, 'a').start(null);
    const two = new ChatTab(browser, 'b').start(null);
    tabs.push(one, two);
    await pass();
    expect(tabSyncOf(one.store).getStatus()).toBe('single');
    expect(server.connections).toHaveLength(2);
  });
});
