/**
 * Staging the next kiosk page one section (team) per animation frame (rule V8).
 *
 * Why: staging the whole next page at once laid out ~400 tiles in one frame (33-43 ms of style
 * and layout, 51-60 ms with the frame's other work: the one long animation frame left on a
 * 1080p kiosk). A section of the staged page stays `content-visibility: hidden` until it is
 * marked ready here, so each frame lays out one team. The mark is a data attribute React does
 * not render, set on the DOM directly: marking a section costs no React render.
 *
 * `window.__floorboardStageWhole = true` (bench A/B only) marks every section at once.
 */

import { frameLane } from '@/lib/client/frame-lane';

export const READY_ATTR = 'data-ready';

function stageWhole(): boolean {
  return typeof window !== 'undefined' && (window as { __floorboardStageWhole?: boolean }).__floorboardStageWhole === true;
}

/** A kiosk page's sections (teams), top first: the units staging (V8) and a turn's reveal (V13) step through. */
export function pageSections(page: Element): Element[] {
  return Array.from(page.children).filter((el) => el.tagName === 'SECTION');
}

/**
 * Unmark every section of `page`, then mark them ready one per frame (all at once under the
 * A/B switch). Returns a cancel function.
 */
export function stageSections(page: Element | null | undefined): () => void {
  if (!page) return () => {};
  const sections = pageSections(page);
  for (const s of sections) s.removeAttribute(READY_ATTR);
  if (stageWhole()) {
    for (const s of sections) s.setAttribute(READY_ATTR, '');
    return () => {};
  }
  let i = 0;
  let raf = 0;
  const step = (frameTime?: number): void => {
    const s = sections[i];
    if (!s) return;
    // A frame the store's flush or other board work uses: the next one (rule V10).
    if (frameLane.claim(frameTime)) {
      s.setAttribute(READY_ATTR, '');
      i++;
    }
    raf = requestAnimationFrame(step);
  };
  raf = requestAnimationFrame(step);
  return () => cancelAnimationFrame(raf);
}
