import { useEffect } from 'react';
import { useChatStore, type ChatState } from '../store/useChatStore';

/** As index.html's title and the header say. */
export const APP_NAME = 'FinOps Assistant';

/** "<conversation title> · FinOps Assistant" while a conversation with a title is open. */
export function documentTitleOf({ sessions, currentSessionId }: ChatState): string {
  const title = sessions.find((session) => session.sessionId === currentSessionId)?.title.trim();
  return title ? `${title} · ${APP_NAME}` : APP_NAME;
}

/**
 * Keeps the browser tab's title on the conversation open. A store subscription, not a
 * selector: the app's root would otherwise render again, and the whole screen with it,
 * each time the title changes.
 */
export function useDocumentTitle(): void {
  useEffect(() => {
    const previous = document.title;
    const apply = (state: ChatState, before?: ChatState) => {
      // Most sets of the store (a streamed delta) change neither; skip the lookup then.
      if (before?.sessions === state.sessions && before.currentSessionId === state.currentSessionId)
        return;
      const title = documentTitleOf(state);
      if (document.title !== title) document.title = title;
    };
    apply(useChatStore.getState());
    const unsubscribe = useChatStore.subscribe(apply);
    return () => {
      unsubscribe();
      document.title = previous;
    };
  }, []);
}
