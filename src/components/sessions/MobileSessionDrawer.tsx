import Drawer from '@mui/material/Drawer';
import { useEffect, useState, type ReactNode } from 'react';

type MobileSessionDrawerProps = {
  open: boolean;
  onClose: () => void;
  /** Called once it has slid in, with its panel. */
  onOpened?: (panel: HTMLElement) => void;
  children: ReactNode;
};

/** The conversations as a slide-over, on phones; a chunk of its own, loaded on demand. */
export function MobileSessionDrawer({
  open,
  onClose,
  onOpened,
  children,
}: MobileSessionDrawerProps) {
  // It is first rendered when first opened: one frame closed, so that it slides in.
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setSettled(true));
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <Drawer
      variant="temporary"
      open={open && settled}
      onClose={onClose}
      sx={{ display: { xs: 'block', md: 'none' } }}
      slotProps={{
        root: { keepMounted: true },
        paper: { 'aria-label': 'Conversations' },
        transition: { onEntered: (panel: HTMLElement) => onOpened?.(panel) },
      }}
    >
      {children}
    </Drawer>
  );
}
