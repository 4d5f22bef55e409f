import { useEffect, useState } from 'react';
import { readShownText, subscribeToMessage } from '../../store/useMessage';
import { useChatStore } from '../../store/useChatStore';

/**
 * While a reply streams, its bubble shows new text at most this often. Each update costs a
 * render, a layout and a repaint of the transcript: at one per frame a 30 KB answer kept
 * the main thread busy 11.9 s of its 19 s, at 50 ms 5.8 s, at 100 ms 4.2 s
 * (`npm run bench:ui`). Ten updates a second still read as text streaming in.
 */
export const STREAM_UPDATE_INTERVAL_MS = 100;

/**
 * The text a bubble shows. While it streams, updates are batched: at most one per
 * STREAM_UPDATE_INTERVAL_MS, drawn on an animation frame, however fast the deltas come
 * (100 a second from a fast model). A settled message updates at once, so the final text
 * never waits.
 */
export function useShownText(messageKey: string): string {
  const [text, setText] = useState(() => readShownText(messageKey));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    let shownAt = 0;
    const showLatest = () => {
      timer = undefined;
      frame = 0;
      shownAt = performance.now();
      setText(readShownText(messageKey));
    };
    const cancel = () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      timer = undefined;
      frame = 0;
    };
    const unsubscribe = subscribeToMessage(messageKey, () => {
      if (!useChatStore.getState().messages[messageKey]?.streaming) {
        cancel();
        showLatest();
      } else if (timer === undefined && frame === 0) {
        const wait = Math.max(0, shownAt + STREAM_UPDATE_INTERVAL_MS - performance.now());
        timer = setTimeout(() => {
          frame = requestAnimationFrame(showLatest);
        }, wait);
      }
    });
    showLatest(); // what changed between the first render and this subscription
    return () => {
      unsubscribe();
      cancel();
    };
  }, [messageKey]);

  return text;
}
