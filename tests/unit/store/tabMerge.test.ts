import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../src/protocol/preferences';
import { createChatStore } from '../../../src/store/createChatStore';
import {
  MAX_LOST_REWRITES,
  createMergeMemory,
  mergeOtherTab,
  syncedBase,
} from '../../../src/store/tabMerge';
import type {
  ChatState,
  DeliveryStatus,
  PersistedChatState,
  UiMessage,
} from '../../../src/store/types';

const initial = createChatStore({ storage: null }).getState();

function user(
  key: string,
  deliveryStatus: DeliveryStatus,
  extra: Partial<UiMessage> = {},
): UiMessage {
  return {
    key,
    sessionId: 's-1',
    role: 'user',
    content: `text of ${key}`,
    timestamp: '2026-11-21T10:00:00.000Z',
    clientMessageId: key,
    deliveryStatus,
    ...extra,
  };
}

function reply(key: string, question: string): UiMessage {
  return {
    key,
    sessionId: 's-1',
    role: 'assistant',
    content: `answer to ${question}`,
    timestamp: '2026-11-21T10:00:01.000Z',
    messageId: key,
    replyTo: `m-${question}`,
  };
}

/** Messages of session s-1, in order; the unanswered user messages are the outbox. */
function transcript(...messages: UiMessage[]) {
  return {
    messages: Object.fromEntries(messages.map((message) => [message.key, message])),
    order: { 's-1': messages.map((message) => message.key) },
    outbox: messages
      .filter((message) => message.role === 'user' && message.deliveryStatus !== 'answered')
      .map((message) => message.key),
  };
}

function tab(over: Partial<ChatState>): ChatState {
  return { ...initial, currentSessionId: 's-1', ...over };
}

function stored(over: Partial<PersistedChatState>): Partial<PersistedChatState> {
  return {
    userId: initial.userId,
    currentSessionId: 's-1',
    sessions: [],
    drafts: {},
    preferences: DEFAULT_PREFERENCES,
    preferencesDirty: false,
    ...over,
  };
}

const answered = (key: string) =>
  user(key, 'answered', { messageId: `m-${key}`, timestamp: '2026-11-21T10:00:00.500Z' });

describe('the owner takes in another tab’s state', () => {
  it('adds another tab’s unsent message to its outbox, queued, after what it has on the wire', () => {
    const local = tab(transcript(user('a-1', 'sending')));
    const foreign = stored(
      transcript(
        user('a-1', 'queued'),
        user('b-1', 'sending', { timestamp: '2026-11-21T09:59:00.000Z' }),
      ),
    );
    const merge = mergeOtherTab(local, foreign, 'owner', createMergeMemory());
    expect(merge.patch.outbox).toEqual(['a-1', 'b-1']);
    expect(merge.patch.messages?.['b-1']?.deliveryStatus).toBe('queued');
    expect(merge.patch.messages?.['a-1']).toBe(local.messages['a-1']); // its own, untouched
    expect(merge.outboxGrew).toBe(true);
  });

  it('never moves a delivery backwards for a stale copy, and writes its own back', () => {
    const local = tab(transcript(answered('a-1'), reply('x-1', 'a-1')));
    const foreign = stored(transcript(user('a-1', 'queued')));
    const merge = mergeOtherTab(local, foreign, 'owner', createMergeMemory());
    expect(merge.patch.messages).toBeUndefined();
    expect(merge.patch.outbox).toBeUndefined();
    expect(merge.diverged).toBe(true);
  });

  it('takes a copy that got further in another tab (a previous owner’s last answer), with its reply', () => {
    const local = tab(transcript(user('a-1', 'sent', { messageId: 'm-a-1' })));
    const foreign = stored(transcript(answered('a-1'), reply('x-1', 'a-1')));
    const merge = mergeOtherTab(local, foreign, 'owner', createMergeMemory());
    expect(merge.patch.messages?.['a-1']?.deliveryStatus).toBe('answered');
    expect(merge.patch.order?.['s-1']).toEqual(['a-1', 'x-1']);
    expect(merge.patch.outbox).toEqual([]);
  });

  it('retries a failed message retried in another tab, but not for a copy that never saw it fail', () => {
    const local = tab(transcript(user('a-1', 'failed', { failure: 'No.' })));
    const foreign = stored(transcript(user('a-1', 'queued')));
    const memory = createMergeMemory();
    memory.base = syncedBase(stored(transcript(user('a-1', 'failed'))));
    expect(mergeOtherTab(local, foreign, 'owner', memory).retried).toEqual(['a-1']);

    memory.base = syncedBase(stored(transcript(user('a-1', 'queued'))));
    expect(mergeOtherTab(local, foreign, 'owner', memory).retried).toEqual([]);
  });

  it('does not take back an unsent message it removed with its conversation', () => {
    const local = tab(transcript());
    const memory = createMergeMemory();
    memory.removed.add('b-1');
    const merge = mergeOtherTab(local, stored(transcript(user('b-1', 'queued'))), 'owner', memory);
    expect(merge.patch.messages).toBeUndefined();
    expect(merge.outboxGrew).toBe(false);
  });
});

describe('a follower takes in another tab’s state', () => {
  it('shows what storage holds, but never moves a delivery backwards', () => {
    const local = tab(transcript(answered('a-1'), reply('x-1', 'a-1')));
    const merge = mergeOtherTab(
      local,
      stored(transcript(user('a-1', 'sent', { messageId: 'm-a-1' }))),
      'follower',
      createMergeMemory(),
    );
    expect(merge.patch.messages?.['a-1']?.deliveryStatus ?? 'answered').toBe('answered');

    const behind = tab(transcript(user('a-1', 'queued')));
    const ahead = stored(transcript(user('a-1', 'sending')));
    const followed = mergeOtherTab(behind, ahead, 'follower', createMergeMemory());
    expect(followed.patch.messages?.['a-1']?.deliveryStatus).toBe('sending');
  });

  it('keeps its own unsent message until another tab has written it, then follows storage', () => {
    const memory = createMergeMemory();
    const local = tab(transcript(user('b-1', 'queued')));
    const first = mergeOtherTab(local, stored(transcript()), 'follower', memory);
    expect(first.patch.messages).toBeUndefined();
    expect(first.diverged).toBe(true); // written again

    const seen = mergeOtherTab(
      local,
      stored(transcript(user('b-1', 'sending'))),
      'follower',
      memory,
    );
    expect(seen.patch.messages?.['b-1']?.deliveryStatus).toBe('sending');

    // Now the owner dropped it (its conversation was deleted): gone here too.
    const dropped = mergeOtherTab(local, stored(transcript()), 'follower', memory);
    expect(dropped.patch.messages?.['b-1']).toBeUndefined();
    expect(dropped.patch.outbox).toEqual([]);
  });

  it('gives up on an unsent message that other tabs’ writes keep dropping', () => {
    const memory = createMergeMemory();
    const local = tab(transcript(user('b-1', 'queued')));
    memory.base = syncedBase(local);
    for (let i = 0; i < MAX_LOST_REWRITES; i++) {
      expect(mergeOtherTab(local, stored(transcript()), 'follower', memory).diverged).toBe(true);
    }
    const last = mergeOtherTab(local, stored(transcript()), 'follower', memory);
    expect(last.patch.outbox).toEqual([]);
    expect(last.diverged).toBe(false);
  });

  it('keeps a Retry pressed here until it is written', () => {
    const memory = createMergeMemory();
    memory.base = syncedBase(stored(transcript(user('a-1', 'failed'))));
    const local = tab(transcript(user('a-1', 'queued')));
    const merge = mergeOtherTab(
      local,
      stored(transcript(user('a-1', 'failed'))),
      'follower',
      memory,
    );
    expect(merge.patch.messages).toBeUndefined();
  });

  it('takes the owner’s session list and user id', () => {
    const local = tab({ userId: 'u-mine' });
    const sessions = [
      {
        sessionId: 's-1',
        title: 'EC2',
        createdAt: '2026-11-21T09:00:00.000Z',
        lastActivityAt: '2026-11-21T09:00:00.000Z',
        expiresAt: '2026-11-28T09:00:00.000Z',
        messageCount: 2,
      },
    ];
    const merge = mergeOtherTab(
      local,
      stored({ userId: 'u-owner', sessions }),
      'follower',
      createMergeMemory(),
    );
    expect(merge.patch.userId).toBe('u-owner');
    expect(merge.patch.sessions).toEqual(sessions);
  });
});

describe('drafts and preferences', () => {
  it('take the side that changed since the last sync, this tab’s when both did', () => {
    const memory = createMergeMemory();
    memory.base = syncedBase(stored({ drafts: { 's-1': 'synced', 's-2': 'synced' } }));
    const local = tab({ drafts: { 's-1': 'synced', 's-2': 'mine', 's-3': 'new here' } });
    const foreign = stored({
      drafts: { 's-1': 'theirs', 's-2': 'theirs too', 's-4': 'new there' },
    });
    for (const role of ['owner', 'follower'] as const) {
      expect(mergeOtherTab(local, foreign, role, memory).patch.drafts).toEqual({
        's-1': 'theirs',
        's-2': 'mine',
        's-3': 'new here',
        's-4': 'new there',
      });
    }
    // Sent (so deleted) in the other tab.
    const sent = mergeOtherTab(local, stored({ drafts: { 's-2': 'synced' } }), 'owner', memory);
    expect(sent.patch.drafts).toEqual({ 's-2': 'mine', 's-3': 'new here' });
  });

  it('take another tab’s preferences, which the owner sends when the server has not had them', () => {
    const memory = createMergeMemory();
    memory.base = syncedBase(stored({}));
    const euro = { ...DEFAULT_PREFERENCES, currency: 'EUR' };
    const merge = mergeOtherTab(
      tab({}),
      stored({ preferences: euro, preferencesDirty: true }),
      'owner',
      memory,
    );
    expect(merge.patch.preferences).toEqual(euro);
    expect(merge.preferencesToSend).toBe(true);

    const mine = tab({
      preferences: { ...DEFAULT_PREFERENCES, currency: 'GBP' },
      preferencesDirty: true,
    });
    expect(
      mergeOtherTab(mine, stored({ preferences: euro }), 'follower', memory).patch.preferences,
    ).toBeUndefined();
  });
});
