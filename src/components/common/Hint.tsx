import type TooltipType from '@mui/material/Tooltip';
import { createElement, useEffect, useSyncExternalStore, type ReactElement } from 'react';
import { whenIdle } from './lazyWithPreload';

// MUI's Tooltip (with its positioning engine) is about 13 KiB of the first download, and no
// tooltip can show before anyone points at something; it loads when the browser is idle.
let Tooltip: typeof TooltipType | undefined;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

/** Fetches the tooltip's code now; every Hint shows its tooltip from then on. */
export function preloadHint(): Promise<void> {
  loading ??= import('@mui/material/Tooltip').then(
    (module) => {
      Tooltip = module.default;
      for (const listener of listeners) listener();
    },
    () => {
      loading = undefined; // offline or redeployed: the next mount tries again
    },
  );
  return loading;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const current = () => Tooltip;

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
  const Loaded = useSyncExternalStore(subscribe, current, current);
  useEffect(() => {
    if (!Tooltip) whenIdle(() => void preloadHint());
  }, []);
  // The tooltip is one module-level component, not one made per render.
  return Loaded ? createElement(Loaded, { title, children }) : children;
}
