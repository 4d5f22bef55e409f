import Button from '@mui/material/Button';
import { useEffect, useRef } from 'react';

type ShowMoreSessionsProps = { onShowMore: () => void };

/**
 * The end of the conversations shown so far: more come when it scrolls near, or when it is
 * pressed (with the keyboard, a screen reader, or where there is no IntersectionObserver).
 */
export function ShowMoreSessions({ onShowMore }: ShowMoreSessionsProps) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const button = ref.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onShowMore();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [onShowMore]);
  return (
    <Button ref={ref} fullWidth size="small" onClick={onShowMore} sx={{ mb: 1 }}>
      Show older conversations
    </Button>
  );
}
