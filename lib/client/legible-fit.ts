/**
 * The legibility floor of a wall (docs/board.md, "Legibility at three metres"; rules V1-V3 in
 * docs/behaviour-rules.md): a tile's base text is never smaller than 1/90 of the screen height.
 *
 * On a given TV, what reads at three metres is a physical size, and a physical size is a fixed
 * fraction of the screen height whatever the resolution: 12 px on a 1080p panel and 24 px on a
 * 4K panel of the same diagonal are the same millimetres. `fitTiles` alone starts from 12 px at
 * any resolution, so a 4K wall with 2,000 agents drew them at half the size a 1080p wall would.
 * Here the fit starts at the scale that keeps the floor, and what does not fit at that size is
 * paged (kiosk) or scrolled (laptop), never shrunk.
 *
 * Pure: the screen height is an argument (the board passes the viewport's, which is the screen
 * on a kiosk in full screen; at devicePixelRatio 2 a 4K TV reports 1080 CSS px and gets scale 1,
 * which is again the same millimetres).
 */
import { DENSITY_SPECS, MAX_SCALE, fitTiles, makeFit, neededHeight, type FitInput, type TileDensity, type TileFit } from './tile-fit';

/** The smallest base text is this fraction of the screen height: 12 px at 1080, 24 px at 2160. */
export const LEGIBLE_LINES_PER_SCREEN = 90;

/** The smallest base text at scale 1 (the micro tile's). */
const SMALLEST_FONT = Math.min(...Object.values(DENSITY_SPECS).map((s) => s.font));

/**
 * The tile scale below which the smallest text would fall under the floor on a screen this tall.
 * Never below 1: a laptop's 768 px keeps the tiles' designed sizes (it is read from arm's length).
 */
export function legibleScale(screenHeight: number): number {
  const scale = screenHeight / LEGIBLE_LINES_PER_SCREEN / SMALLEST_FONT;
  return Math.max(1, Math.floor(scale * 100) / 100);
}

/**
 * `fitTiles` with every size at least `minScale` times its scale-1 size. The area is fitted in
 * units of `minScale` pixels (so density choice, growth cap and paging decision are the same as on
 * a screen of `1/minScale` the size), then laid out in real pixels. Gaps stay 4 px, so the real
 * layout is never taller than the scaled one: what fitted still fits.
 */
export function fitLegibly(input: FitInput, overflow: TileDensity, minScale: number): TileFit {
  if (minScale <= 1) return fitTiles(input, overflow);
  const unit = fitTiles(
    { ...input, width: input.width / minScale, height: input.height / minScale, maxScale: input.maxScale ?? MAX_SCALE },
    overflow,
  );
  const scale = Math.floor(unit.scale * minScale * 100) / 100;
  const fits = unit.fits && neededHeight(input, DENSITY_SPECS[unit.density], scale) <= input.height;
  return makeFit(Math.max(0, input.width), unit.density, scale, fits);
}
