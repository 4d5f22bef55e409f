import { useEffect, useRef } from 'react';
import { useChatStore } from '../../store/useChatStore';
import { focusComposer } from './composerFocus';
import { shortcutFor } from './shortcuts';

type ShortcutActions = { onSearch: () => void; onHelp: () => void };

/** Listens for the keyboard shortcuts (shortcuts.ts) anywhere on the page. */
export function useShortcuts(actions: ShortcutActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      const store = useChatStore.getState();
      if (shortcut === 'stop') {
        // Escape means nothing else here; only take it when an answer is being written.
        const session = store.currentSessionId ?? '';
        const keys = store.order[session] ?? [];
        const last = store.messages[keys[keys.length - 1] ?? ''];
        const answering = store.typing[session] !== undefined || last?.streaming === true;
        if (!answering) return;
        store.cancelReply();
      } else if (shortcut === 'newChat') {
        store.newChat();
        focusComposer();
      } else if (shortcut === 'focusComposer') {
        focusComposer();
      } else if (shortcut === 'search') {
        latest.current.onSearch();
      } else {
        latest.current.onHelp();
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
