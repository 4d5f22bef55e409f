import { createElement, useEffect, useSyncExternalStore, type ReactElement } from 'react';
import { whenIdle } from './lazyWithPreload';
import { currentTooltip, preloadHint, subscribeToTooltip } from './tooltipLoader';

type HintProps = {
  title: string;
  /** One element that can hold a ref; it must have its own accessible name. */
  children: ReactElement;
};

/**
 * A tooltip for a control that already names itself (aria-label, titleAccess). Until the
 * tooltip's code is there the control shows without it, so the hint is never the only label.
 */
export function Hint({ title, children }: HintProps) {
  const Loaded = useSyncExternalStore(subscribeToTooltip, currentTooltip, currentTooltip);
  useEffect(() => {
    if (!currentTooltip()) whenIdle(() => void preloadHint());
  }, []);
  // The tooltip is one module-level component, not one made per render.
  return Loaded ? createElement(Loaded, { title, children }) : children;
}
