import { useEffect, useSyncExternalStore, type ComponentType } from 'react';

/**
 * A component whose code is a separate chunk, fetched on demand or ahead with `preload()`;
 * `loaded()` does the same and tells when the chunk is there (or could not be fetched).
 */
export type Preloadable<P> = ComponentType<P> & {
  preload: () => void;
  loaded: () => Promise<void>;
};

/** Runs `task` when the browser is next idle, or within 3 s at the latest. */
export function whenIdle(task: () => void): void {
  // NOTE: Safari has no requestIdleCallback; a timeout after the first paint does the job.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 500);
}

/**
 * Keeps a rarely shown part (a dialog, a menu, the phone drawer) out of the first download.
 * It renders nothing (or `fallback`) until its chunk is there, which for something closed
 * looks the same;
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
  fallback?: ComponentType<P>,
): Preloadable<P> {
  let component: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const listeners = new Set<() => void>();

  const loaded = () => {
    loading ??= load().then(
      (loadedComponent) => {
        component = loadedComponent;
        for (const listener of listeners) listener();
      },
      (error: unknown) => {
        loading = undefined;
        console.warn('Could not load part of the app; it is tried again when next needed', error);
      },
    );
    return loading;
  };
  const preload = () => void loaded();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const current = () => component;

  function Deferred(props: P) {
    const Component = useSyncExternalStore(subscribe, current, current);
    useEffect(() => {
      // A fallback on screen is the part in a poorer form: that is worth fetching at once.
      if (!component) {
        if (fallback) preload();
        else whenIdle(preload);
      }
    }, []);
    const Shown = Component ?? fallback;
    return Shown ? <Shown {...props} /> : null;
  }
  return Object.assign(Deferred, { preload, loaded });
}
