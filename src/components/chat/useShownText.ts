import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { readShownText, subscribeToMessage } from '../../store/useMessage';
import { useChatStore } from '../../store/useChatStore';

/**
 * While a reply streams, its bubble shows new text at most this often. Ten updates a second
 * read as text streaming in.
 */
export const STREAM_UPDATE_INTERVAL_MS = 100;
/** However slow the device, a streaming answer moves at least this often. */
export const STREAM_UPDATE_MAX_INTERVAL_MS = 300;
/**
 * The share of the main thread a streaming bubble's updates may take. Each update costs a
 * render, a layout and a repaint of the transcript: on the 2-core benchmark machine about
 * 10 ms once the answer is long, so ten a second kept its main thread busy 2.7 s while a
 * 30 KB answer streamed for 19 s (`npm run bench:ui`). Paced to this share, a fast desktop
 * (3 ms an update) keeps ten updates a second, and a slow phone gets three larger ones and
 * stays responsive to the reader's typing and scrolling.
 */
export const STREAM_UPDATE_SHARE = 1 / 30;

/**
 * The wait before a streaming bubble's next update, from what its updates have cost (ms):
 * long enough that they take at most STREAM_UPDATE_SHARE of the time.
 */
export function streamUpdateWait(costMs: number): number {
  const wait = Number.isFinite(costMs) ? costMs / STREAM_UPDATE_SHARE : 0;
  return Math.min(STREAM_UPDATE_MAX_INTERVAL_MS, Math.max(STREAM_UPDATE_INTERVAL_MS, wait));
}

/** How much the latest update's cost counts against the earlier ones': one slow frame is noise. */
const COST_WEIGHT = 0.3;

/**
 * The text a bubble shows. While it streams, updates are paced (streamUpdateWait) however fast
 * the deltas come (100 a second from a fast model): each is rendered inside an animation
 * frame, so it is drawn in that frame, and timed up to the task after that frame, which is
 * when its layout and paint are done. A settled message updates at once, so the final text
 * never waits.
 */
export function useShownText(messageKey: string): string {
  const [text, setText] = useState(() => readShownText(messageKey));

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    let shownAt = 0;
    let cost = 0;
    // Text that arrived while an update was being timed: it schedules the next one then.
    let behind = false;
    const showLatest = () => {
      shownAt = performance.now();
      setText(readShownText(messageKey));
    };
    const showInFrame = () => {
      frame = 0;
      behind = false;
      const start = performance.now();
      shownAt = start;
      // Posted first, so that text arriving during the render counts as behind.
      timer = setTimeout(() => {
        timer = undefined;
        const took = performance.now() - start;
        cost = cost === 0 ? took : cost + COST_WEIGHT * (took - cost);
        if (behind) schedule();
      });
      flushSync(() => setText(readShownText(messageKey)));
    };
    const schedule = () => {
      const wait = Math.max(0, shownAt + streamUpdateWait(cost) - performance.now());
      timer = setTimeout(() => {
        timer = undefined;
        frame = requestAnimationFrame(showInFrame);
      }, wait);
    };
    const cancel = () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      timer = undefined;
      frame = 0;
      behind = false;
    };
    const unsubscribe = subscribeToMessage(messageKey, () => {
      if (!useChatStore.getState().messages[messageKey]?.streaming) {
        cancel();
        showLatest();
      } else if (timer === undefined && frame === 0) {
        schedule();
      } else {
        behind = true;
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
