import { useEffect, useRef, useState } from 'react';

/** Whether the element's content is wider than the element, so that it scrolls sideways. */
export function useScrollsSideways<T extends HTMLElement>() {
  const box = useRef<T>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() =>
      setScrolls(element.scrollWidth > element.clientWidth + 1),
    );
    observer.observe(element);
    // The table inside grows while it streams in, without the box changing size.
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return { box, scrolls };
}
