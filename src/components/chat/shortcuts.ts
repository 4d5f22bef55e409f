// The keyboard shortcuts: what the handler (useShortcuts) acts on and the help dialog lists.

export type Shortcut = {
  id: 'newChat' | 'focusComposer' | 'stop' | 'search' | 'help';
  keys: string[];
  does: string;
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: Shortcut[] = [
  { id: 'newChat', keys: [mod, 'Shift', 'O'], does: 'Start a new chat' },
  { id: 'focusComposer', keys: ['Shift', 'Esc'], does: 'Go to the message box' },
  { id: 'stop', keys: ['Esc'], does: 'Stop the answer being written' },
  { id: 'search', keys: [mod, 'K'], does: 'Search the conversations' },
  { id: 'help', keys: ['?'], does: 'Show these shortcuts' },
];

/** The shortcut a key press means, if any. `target` is where the press happened. */
export function shortcutFor(event: KeyboardEvent): Shortcut['id'] | undefined {
  if (event.isComposing || event.altKey) return undefined;
  const target = event.target instanceof Element ? event.target : null;
  const command = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (command && event.shiftKey && key === 'o') return 'newChat';
  if (command && !event.shiftKey && key === 'k') return 'search';
  if (command) return undefined;
  if (key === 'escape') {
    if (event.shiftKey) return 'focusComposer';
    // Dialogs, menus and the search field have their own use for Escape.
    return target?.closest('[role="dialog"], [role="menu"], [role="presentation"], input')
      ? undefined
      : 'stop';
  }
  // Typed into a field, "?" is text.
  if (event.key === '?' && !target?.closest('input, textarea, [contenteditable="true"]')) {
    return 'help';
  }
  return undefined;
}
