// How the drawer's search matches a conversation: by its title, and by the text of its
// messages that this tab has loaded (the server has no search, and fetching every
// conversation's history to search it would cost more than a search is worth).

import type { SessionInfo } from '../../protocol/types';
import type { UiMessage } from '../../store/useChatStore';

/**
 * Text as the search compares it: lower case, accents and other combining marks dropped
 * ("Zürich" → "zurich", "ﬁ" → "fi"), runs of white space as one space. Lower-cased before
 * decomposing, so that "İ" becomes "i" and not "i" with a dot above.
 */
export function searchKey(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ');
}

/** The words of a query; a conversation matches when it has every one of them. */
export function queryWords(query: string): string[] {
  return searchKey(query).split(' ').filter(Boolean);
}

// Keys by the object they were made from: sessions and messages are replaced, not changed,
// when their text changes, so a key is worked out once per version, not once per keystroke.
const keys = new WeakMap<object, string>();

function keyOf(owner: object, text: string): string {
  let key = keys.get(owner);
  if (key === undefined) {
    key = searchKey(text);
    keys.set(owner, key);
  }
  return key;
}

/**
 * Whether every word is in the conversation's title or in one of its loaded messages (the
 * user's and the assistant's; not the app's own notes). `messageKeys` are its keys in order.
 */
export function sessionMatches(
  words: readonly string[],
  session: SessionInfo,
  messageKeys: readonly string[] | undefined,
  messages: Readonly<Record<string, UiMessage | undefined>>,
): boolean {
  const title = keyOf(session, session.title);
  let texts: string[] | undefined;
  const inMessages = (word: string) => {
    texts ??= (messageKeys ?? []).flatMap((key) => {
      const message = messages[key];
      return message && message.role !== 'system' ? [keyOf(message, message.content)] : [];
    });
    return texts.some((text) => text.includes(word));
  };
  return words.every((word) => title.includes(word) || inMessages(word));
}
