/**
 * Row windowing for a scrolling grid (a laptop showing more agents than fit): only the rows
 * near the viewport are mounted, so 2,000 agents cost the browser a screenful of tiles.
 * A kiosk never scrolls (it pages), and a fitted wall mounts every tile.
 * Pure: positions come from the tile fit, the same numbers the grid is drawn with.
 */
import { TILE_GAP, type TileFit } from './tile-fit';

export interface GroupBox {
  key: string;
  ids: readonly string[];
  /** y of the group's header (or of its first row without headers). */
  top: number;
  /** y of the group's first tile row. */
  rowsTop: number;
  rows: number;
}

export interface GridLayout {
  groups: GroupBox[];
  height: number;
}

type FitBox = Pick<TileFit, 'cols' | 'tileHeight' | 'headerHeight'>;

export function layoutGroups(groups: readonly { key: string; ids: readonly string[] }[], fit: FitBox, headers: boolean): GridLayout {
  const rowH = fit.tileHeight + TILE_GAP;
  const headH = headers ? fit.headerHeight + TILE_GAP : 0;
  let y = 0;
  const out: GroupBox[] = [];
  for (const g of groups) {
    const rows = Math.ceil(g.ids.length / fit.cols);
    out.push({ key: g.key, ids: g.ids, top: y, rowsTop: y + headH, rows });
    y += headH + rows * rowH;
  }
  return { groups: out, height: y };
}

export interface WindowSegment {
  groupKey: string;
  /** Draw the group's header above the rows. */
  header: boolean;
  /** y of the segment (its header, else its first row). */
  top: number;
  ids: readonly string[];
}

/** The segments of rows within [scrollTop - overscan, scrollTop + viewport + overscan]. */
export function visibleSegments(layout: GridLayout, fit: FitBox, scrollTop: number, viewport: number, overscanRows = 3): WindowSegment[] {
  const rowH = fit.tileHeight + TILE_GAP;
  const from = scrollTop - overscanRows * rowH;
  const to = scrollTop + viewport + overscanRows * rowH;
  const out: WindowSegment[] = [];
  for (const g of layout.groups) {
    const bottom = g.rowsTop + g.rows * rowH;
    if (bottom < from || g.top > to) continue;
    const first = Math.max(0, Math.floor((from - g.rowsTop) / rowH));
    const last = Math.min(g.rows - 1, Math.floor((to - g.rowsTop) / rowH));
    if (last < first) continue;
    const header = first === 0;
    out.push({
      groupKey: g.key,
      header,
      top: header ? g.top : g.rowsTop + first * rowH,
      ids: g.ids.slice(first * fit.cols, (last + 1) * fit.cols),
    });
  }
  return out;
}
