/**
 * A kiosk page turn shows the new page one section (team) per animation frame, top first
 * (rule V13).
 *
 * Why: a turn puts a whole new page on screen. At 3840x2160 with software raster that is one
 * frame painting ~400 tiles (14-25 ms on the main thread) and rasterising every 256 px tile of
 * the screen (21-59 ms on one raster thread), so the turn's frame ran 30-68 ms and the frames
 * after it waited on raster: the long animation frames left on a 4K kiosk were turns. Shown a
 * section a frame, each frame paints and rasterises a band, and the part not shown yet is plain
 * background, which the compositor draws as solid colour without rasterising. The whole page is
 * on screen three to five frames (50-80 ms) after the turn: a quick wipe, top to bottom.
 *
 * A section not shown yet is moved out of the grid's clipped box by a transform (as the staged
 * page is, rule V9), not hidden: `visibility` is inherited and would restyle its tiles. The marks
 * are data attributes set on the DOM, not a React render, like staging's (rule V8).
 *
 * `window.__floorboardRevealWhole = true` (bench A/B only) shows the whole page at the turn.
 */

import { frameLane } from '@/lib/client/frame-lane';
import { pageSections } from './stage-sections';

export const REVEALING_ATTR = 'data-revealing';
export const SHOWN_ATTR = 'data-shown';

/**
 * The page is shown whole this long after the turn however few frames it got: a feed flushing
 * every frame (a short broadcast batch) would otherwise hold the reveal, and the deferrable work
 * waiting on it, for as long as it lasted.
 */
export const REVEAL_DEADLINE_MS = 500;

function revealWhole(): boolean {
  return typeof window !== 'undefined' && (window as { __floorboardRevealWhole?: boolean }).__floorboardRevealWhole === true;
}

/**
 * Show `page`'s first section now and the others one per frame, all of it by `REVEAL_DEADLINE_MS`.
 * Call it in the commit that makes the page current, before the browser paints. Returns a cancel
 * function, which shows whatever is left at once.
 */
export function revealSections(page: Element | null | undefined): () => void {
  if (!page || revealWhole()) return () => {};
  const sections = pageSections(page);
  if (sections.length < 2) return () => {};
  for (const s of sections) s.removeAttribute(SHOWN_ATTR);
  sections[0]!.setAttribute(SHOWN_ATTR, '');
  page.setAttribute(REVEALING_ATTR, '');
  // Deferrable board work (timer slices, the next page's catch-up) waits until the page is whole.
  frameLane.liveStarted();
  let i = 1;
  let raf = 0;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    cancelAnimationFrame(raf);
    clearTimeout(deadline);
    page.removeAttribute(REVEALING_ATTR);
    frameLane.liveDone();
  };
  const deadline = setTimeout(finish, REVEAL_DEADLINE_MS);
  const step = (frameTime?: number): void => {
    // A frame the store's flush takes goes to the flush (rule V10); the section waits for the next.
    if (frameLane.claimLive(frameTime)) sections[i++]!.setAttribute(SHOWN_ATTR, '');
    if (i < sections.length) raf = requestAnimationFrame(step);
    else finish();
  };
  raf = requestAnimationFrame(step);
  return finish;
}
