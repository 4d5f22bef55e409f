import { useEffect, useState } from 'react';
import { readShownText, subscribeToMessage } from '../../store/useMessage';
import { useChatStore } from '../../store/useChatStore';

/**
 * The text a bubble shows, updated at most once per animation frame while it streams.
 * Deltas can come faster than the screen refreshes (100 a second from a fast model);
 * rendering each would only draw frames nobody sees. A settled message updates at once,
 * so the final text never waits for a frame.
 */
export function useShownText(messageKey: string): string {
  const [text, setText] = useState(() => readShownText(messageKey));

  useEffect(() => {
    let frame = 0;
    const showLatest = () => {
      frame = 0;
      setText(readShownText(messageKey));
    };
    const unsubscribe = subscribeToMessage(messageKey, () => {
      if (useChatStore.getState().messages[messageKey]?.streaming) {
        if (frame === 0) frame = requestAnimationFrame(showLatest);
      } else {
        cancelAnimationFrame(frame);
        showLatest();
      }
    });
    showLatest(); // what changed between the first render and this subscription
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [messageKey]);

  return text;
}
