/**
 * Tile size from the screen and the head count, so a wall shows every agent without scrolling
 * (the AWS sample wallboard silently drops agents that do not fit; QPanel #123 asks for this).
 *
 * Each density has a smallest readable tile (CSS px at scale 1). `fitTiles` picks the richest
 * density that fits at scale 1 or more, then grows the scale until one more step would not fit,
 * so a 4K wall gets bigger text rather than a stretched 1080p layout. When even the smallest
 * tile does not fit, the caller pages (kiosk) or scrolls (laptop).
 *
 * Tile sizes are fixed for a given screen and count, so a status change never moves layout.
 */
import type { Density } from './board-options';

export type TileDensity = Exclude<Density, 'auto'>;

export interface DensitySpec {
  /** Smallest readable tile at scale 1 (CSS px). */
  width: number;
  height: number;
  /** Base font size at scale 1 (CSS px); everything in a tile is sized in em. */
  font: number;
}

export const DENSITY_SPECS: Readonly<Record<TileDensity, DensitySpec>> = {
  full: { width: 200, height: 88, font: 15 },
  compact: { width: 124, height: 58, font: 12.5 },
  micro: { width: 76, height: 36, font: 12 },
};

/** Richest first. */
export const DENSITY_ORDER: readonly TileDensity[] = ['full', 'compact', 'micro'];

export const TILE_GAP = 4;
/** Group header height at scale 1 (CSS px); it grows more slowly than tiles. */
export const GROUP_HEADER = 22;
/** Beyond this, bigger tiles stop helping (a 12-agent team on a 4K wall). */
export const MAX_SCALE = 3;

export interface FitInput {
  width: number;
  height: number;
  /** Agents per group, in order; one entry when not grouped. */
  groups: readonly number[];
  /** Whether group headers are drawn (grouped views). */
  headers: boolean;
  /** `auto` tries every density, richest first. */
  density: Density;
  maxScale?: number;
}

export interface TileFit {
  density: TileDensity;
  scale: number;
  cols: number;
  tileWidth: number;
  tileHeight: number;
  fontPx: number;
  headerHeight: number;
  /** Every agent fits the area at this size. */
  fits: boolean;
}

export function headerHeightAt(scale: number): number {
  return Math.round(GROUP_HEADER * Math.min(scale, 1.8));
}

function columnsAt(width: number, tileWidth: number): number {
  return Math.max(1, Math.floor((width + TILE_GAP) / (tileWidth + TILE_GAP)));
}

/** Height needed to lay out the groups at this density and scale. */
export function neededHeight(input: Pick<FitInput, 'width' | 'groups' | 'headers'>, spec: DensitySpec, scale: number): number {
  const cols = columnsAt(input.width, spec.width * scale);
  let rows = 0;
  for (const n of input.groups) rows += Math.ceil(n / cols);
  const tileRows = rows * (spec.height * scale + TILE_GAP);
  const headers = input.headers ? input.groups.length * (headerHeightAt(scale) + TILE_GAP) : 0;
  return tileRows + headers;
}

export function makeFit(width: number, density: TileDensity, scale: number, fits: boolean): TileFit {
  const spec = DENSITY_SPECS[density];
  const cols = columnsAt(width, spec.width * scale);
  // Columns share the width exactly, so the grid has no ragged right edge.
  const tileWidth = Math.floor((width - (cols - 1) * TILE_GAP) / cols);
  return {
    density,
    scale,
    cols,
    tileWidth,
    tileHeight: Math.floor(spec.height * scale),
    fontPx: Math.round(spec.font * scale * 10) / 10,
    headerHeight: headerHeightAt(scale),
    fits,
  };
}

/** The largest scale in [1, max] at which the layout fits, or null if it does not fit at 1. */
function largestScale(input: FitInput, spec: DensitySpec, max: number): number | null {
  if (neededHeight(input, spec, 1) > input.height) return null;
  let lo = 1;
  let hi = max;
  if (neededHeight(input, spec, hi) <= input.height) return hi;
  for (let i = 0; i < 18; i++) {
    const mid = (lo + hi) / 2;
    if (neededHeight(input, spec, mid) <= input.height) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo * 100) / 100;
}

/**
 * The tile size for an area. When nothing fits, returns `fits: false` at scale 1 with the
 * density the caller should page or scroll with: the smallest for a kiosk (fewer pages), the
 * middle one for a laptop (it scrolls anyway, so it may as well be readable).
 */
export function fitTiles(input: FitInput, overflowDensity: TileDensity = 'micro'): TileFit {
  const width = Math.max(0, input.width);
  const max = input.maxScale ?? MAX_SCALE;
  const total = input.groups.reduce((s, n) => s + n, 0);
  const candidates = input.density === 'auto' ? DENSITY_ORDER : [input.density];
  if (total === 0) return makeFit(width, candidates[0] ?? 'full', 1, true);
  for (const d of candidates) {
    const scale = largestScale(input, DENSITY_SPECS[d], max);
    if (scale !== null) return makeFit(width, d, scale, true);
  }
  return makeFit(width, input.density === 'auto' ? overflowDensity : input.density, 1, false);
}

export interface PageSlice {
  /** The group's key (see ordering.ts). */
  groupKey: string;
  ids: readonly string[];
  /** This slice continues a group from the previous page. */
  continued: boolean;
}

export type Page = readonly PageSlice[];

/**
 * Split groups into pages that each fit `height` at the given fit (kiosk paging). Whole groups
 * stay together where they can, so a page shows whole teams; a team taller than a page is split.
 */
export function paginate(
  groups: readonly { key: string; ids: readonly string[] }[],
  fit: Pick<TileFit, 'cols' | 'tileHeight' | 'headerHeight'>,
  height: number,
  headers: boolean,
): Page[] {
  const rowH = fit.tileHeight + TILE_GAP;
  const headH = headers ? fit.headerHeight + TILE_GAP : 0;
  const pages: PageSlice[][] = [];
  let page: PageSlice[] = [];
  let used = 0;
  const flush = () => {
    if (page.length) pages.push(page);
    page = [];
    used = 0;
  };
  for (const g of groups) {
    let offset = 0;
    while (offset < g.ids.length) {
      const free = height - used - headH;
      const rowsFree = Math.floor(free / rowH);
      if (rowsFree < 1) {
        if (page.length === 0) {
          // Not even one row fits: show one row anyway rather than loop forever.
          page.push({ groupKey: g.key, ids: g.ids.slice(offset, offset + fit.cols), continued: offset > 0 });
          offset += fit.cols;
        }
        flush();
        continue;
      }
      const remaining = g.ids.length - offset;
      const rowsNeeded = Math.ceil(remaining / fit.cols);
      // Start a fresh page rather than split a team that would fit whole on the next one.
      if (rowsNeeded > rowsFree && page.length > 0 && offset === 0 && rowsNeeded * rowH + headH <= height) {
        flush();
        continue;
      }
      const take = Math.min(remaining, rowsFree * fit.cols);
      // A whole team keeps its ids array: its memoized slice then skips a re-render when the
      // team's order did not change (lib/client/ordering.ts shareGroups).
      const ids = take === g.ids.length ? g.ids : g.ids.slice(offset, offset + take);
      page.push({ groupKey: g.key, ids, continued: offset > 0 });
      used += headH + Math.ceil(take / fit.cols) * rowH;
      offset += take;
      if (offset < g.ids.length) flush();
    }
  }
  flush();
  return pages;
}
