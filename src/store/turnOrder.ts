// The transcript's order: the protocol's rule (protocol/turnOrder.ts) over the store's keys,
// live, after a reload and in history pages.
//
// Design decisions (why):
// - The order is sorted rather than appended: after retries, reloads and reconnects the client
//   learns about messages out of order.
// - An acknowledged message's timestamp is provisional (the ack's) until a `session_opened` or
//   `history_page` brings the stored one; its reply moves with it, since the reply's place is
//   its question's.

import { sortByTurn } from '../protocol/turnOrder';
import type { UiMessage } from './types';

/** `keys` (deduplicated, unknown keys dropped) in turn order. */
export function sortKeys(keys: readonly string[], messages: Record<string, UiMessage>): string[] {
  const seen = new Set<string>();
  const present: UiMessage[] = [];
  for (const key of keys) {
    const message = Object.hasOwn(messages, key) ? messages[key] : undefined;
    if (!message || seen.has(key)) continue;
    seen.add(key);
    present.push(message);
  }
  return sortByTurn(present).map((message) => message.key);
}

/** Keys in the same order, or the same array when nothing moved (keeps selectors stable). */
export function withKeys(
  current: readonly string[] | undefined,
  keys: readonly string[],
  messages: Record<string, UiMessage>,
): string[] {
  const next = sortKeys(keys, messages);
  if (current && current.length === next.length && current.every((key, i) => key === next[i])) {
    return current as string[];
  }
  return next;
}
