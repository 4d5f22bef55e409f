import { useEffect, useSyncExternalStore, type ComponentType } from 'react';

/** A component whose code is a separate chunk, fetched on demand or ahead with `preload()`. */
export type Preloadable<P> = ComponentType<P> & { preload: () => void };

/** Runs `task` when the browser is next idle, or within 3 s at the latest. */
export function whenIdle(task: () => void): void {
  // NOTE: Safari has no requestIdleCallback; a timeout after the first paint does the job.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 500);
}

/**
 * Keeps a rarely shown part (a dialog, a menu, the phone drawer) out of the first download.
 * It renders nothing until its chunk is there, which for something closed looks the same;
 * its chunk is fetched when the browser is first idle after it mounts, or at once by
 * `preload()`, which the button that opens it calls on hover, focus and click, so opening
 * it never waits visibly.
 *
 * Unlike React.lazy, a failed download (offline, or a redeploy removed the old chunk) throws
 * nowhere: the part stays unrendered, and the next `preload()` tries again and shows it in
 * every place it is mounted.
 */
export function lazyWithPreload<P extends object>(
  load: () => Promise<ComponentType<P>>,
): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const listeners = new Set<() => void>();

  const preload = () => {
    loading ??= load().then(
      (component) => {
        loaded = component;
        for (const listener of listeners) listener();
      },
      (error: unknown) => {
        loading = undefined;
        console.warn('Could not load part of the app; it is tried again when next needed', error);
      },
    );
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const current = () => loaded;

  function Deferred(props: P) {
    const Component = useSyncExternalStore(subscribe, current, current);
    useEffect(() => {
      if (!loaded) whenIdle(preload);
    }, []);
    return Component ? <Component {...props} /> : null;
  }
  return Object.assign(Deferred, { preload });
}
