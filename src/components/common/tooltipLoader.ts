import type TooltipType from '@mui/material/Tooltip';

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

export function subscribeToTooltip(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const currentTooltip = () => Tooltip;
