import { createContext, type RefObject, useCallback, useEffect, useRef } from 'react';

/**
 * How far beyond the transcript's visible part a group of messages counts as near, in
 * viewport heights: groups in that band are rendered, so that scrolling finds them drawn.
 */
const NEAR_SCREENS = 2;

/** Calls `onChange` with whether `element` is near the view, and when that changes. */
export type WatchNear = (
  element: Element,
  onChange: (near: boolean, height: number) => void,
) => () => void;

/** The transcript's watcher; null where there is none (no IntersectionObserver). */
export const NearViewContext = createContext<WatchNear | null>(null);

/**
 * One IntersectionObserver for every group of a scrolling transcript, its root the scroller:
 * a group is told its height with each change, read from the observer's entry, so going far
 * away forces no layout.
 */
export function useNearViewWatcher(root: RefObject<HTMLElement | null>): WatchNear | null {
  const observer = useRef<IntersectionObserver | null>(null);
  const callbacks = useRef(new Map<Element, (near: boolean, height: number) => void>());

  useEffect(
    () => () => {
      observer.current?.disconnect();
      observer.current = null;
    },
    [],
  );

  const watch = useCallback<WatchNear>(
    (element, onChange) => {
      observer.current ??= new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            callbacks.current.get(entry.target)?.(
              entry.isIntersecting,
              entry.boundingClientRect.height,
            );
          }
        },
        { root: root.current, rootMargin: `${NEAR_SCREENS * 100}% 0px` },
      );
      callbacks.current.set(element, onChange);
      observer.current.observe(element);
      return () => {
        callbacks.current.delete(element);
        observer.current?.unobserve(element);
      };
    },
    [root],
  );

  return typeof IntersectionObserver === 'undefined' ? null : watch;
}
