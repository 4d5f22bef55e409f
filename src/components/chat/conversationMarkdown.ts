// A conversation as a Markdown file people can keep, share or paste: the questions and the
// answers in order, each under who said it and when. Answers are Markdown already and go in
// as written (a chart stays the fenced `chart` block it came as: data, not a picture).

import type { UiMessage } from '../../store/types';

export type ConversationExport = {
  title: string;
  messages: readonly UiMessage[];
  /** Older messages exist that are not loaded here. */
  hasMore: boolean;
  now: Date;
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function when(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? '' : ` · ${dateTime.format(date)}`;
}

/** A title as a heading's text: on one line, and no markdown of its own. */
function headingText(title: string): string {
  return title
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]#<>])/g, '\\$1')
    .trim();
}

export function conversationMarkdown({ title, messages, hasMore, now }: ConversationExport) {
  const parts = [`# ${headingText(title) || 'Conversation'}`, `_Exported ${dateTime.format(now)}_`];
  if (hasMore) parts.push('_Older messages that were not loaded are not included._');
  for (const message of messages) {
    // A reply still being written has no final text yet; what it has is shown as such.
    const text = message.streaming
      ? `${message.content}\n\n_(still being written)_`
      : message.content;
    const who = message.role === 'user' ? 'You' : 'Assistant';
    const notes = [message.stopped && 'stopped', message.incomplete && 'cut off'].filter(Boolean);
    const note = notes.length > 0 ? ` (${notes.join(', ')})` : '';
    parts.push('---', `**${who}**${when(message.timestamp)}${note}`, text.trim());
  }
  return `${parts.join('\n\n')}\n`;
}
