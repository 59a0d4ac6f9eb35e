'use client';
/**
 * Staging of a kiosk's next page (rule V8): a second after a turn the next page's sections (one
 * team each) are let out of `content-visibility: hidden` one per animation frame, so they are
 * styled and laid out (still invisible) before the turn, which then only paints them.
 *
 * A page hidden by content-visibility skips style and layout; whatever happens to it meanwhile
 * (timer, status and order writes) is caught up when it stops being hidden. Catching up on a
 * whole page at once cost a 150 ms frame at the turn, then, staged a second later, one frame of
 * 36-43 ms of style and layout (1080p and 4K walls, the long animation frames left once the page
 * gate was in). One team per frame spreads that over four or five frames.
 *
 * The attribute is written straight on the sections: it changes only what CSS skips, so React
 * has nothing to re-render. Sections of pages neither on screen nor next are hidden again.
 */
import { useEffect, type RefObject } from 'react';

export const STAGE_DELAY_MS = 1000;

/** Set by the frames benchmark only: the whole page is staged in one frame (A/B of V8). */
function stageWhole(): boolean {
  return (window as { __floorboardStageWhole?: boolean }).__floorboardStageWhole === true;
}

export function usePageStaging(area: RefObject<HTMLElement | null>, current: number, pageCount: number): void {
  useEffect(() => {
    const root = area.current;
    if (pageCount <= 1 || !root) return;
    const next = (current + 1) % pageCount;
    const pages = root.querySelectorAll<HTMLElement>(':scope > .fb-page');
    pages.forEach((page, i) => {
      if (i === current || i === next) return;
      for (const section of page.querySelectorAll<HTMLElement>(':scope > section[data-staged]')) delete section.dataset.staged;
    });
    let frame = 0;
    const whole = stageWhole();
    const stageOne = () => {
      const sections = pages[next]?.querySelectorAll<HTMLElement>(':scope > section:not([data-staged])') ?? [];
      for (const section of whole ? sections : [...sections].slice(0, 1)) section.dataset.staged = '1';
      if (sections.length > 1 && !whole) frame = requestAnimationFrame(stageOne);
    };
    const timer = setTimeout(() => (frame = requestAnimationFrame(stageOne)), STAGE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, [area, current, pageCount]);
}
