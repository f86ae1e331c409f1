import { useEffect, useState } from 'react';

/**
 * The heading a reader is in: the last one whose top has passed `offset` (below the app's
 * header), the first while none has, and the last once the page is scrolled to its end (a short
 * last section never reaches the top).
 */
export function activeHeadingIndex(tops: readonly number[], offset: number, atEnd: boolean) {
  if (tops.length === 0) return -1;
  if (atEnd) return tops.length - 1;
  let active = 0;
  tops.forEach((top, index) => {
    if (top <= offset) active = index;
  });
  return active;
}

/** Scroll-spy for a table of contents: the id of the heading being read, as the window scrolls. */
export function useActiveHeading(ids: readonly string[], offset: number): string | undefined {
  const [active, setActive] = useState<string | undefined>(undefined);
  const key = ids.join('\n');
  useEffect(() => {
    const list = key ? key.split('\n') : [];
    let frame = 0;
    const update = () => {
      frame = 0;
      const present = list.filter(id => document.getElementById(id));
      const tops = present.map(id => document.getElementById(id)!.getBoundingClientRect().top);
      const scroller = document.scrollingElement ?? document.documentElement;
      const atEnd =
        scroller.scrollTop > 0 &&
        scroller.scrollTop + window.innerHeight >= scroller.scrollHeight - 2;
      setActive(present[activeHeadingIndex(tops, offset, atEnd)]);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    schedule();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [key, offset]);
  return active;
}
