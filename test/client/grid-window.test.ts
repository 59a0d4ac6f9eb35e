import { describe, expect, it } from 'vitest';
import { layoutGroups, visibleSegments } from '@/lib/client/grid-window';
import { TILE_GAP } from '@/lib/client/tile-fit';

const fit = { cols: 10, tileHeight: 56, headerHeight: 22 };
const rowH = 56 + TILE_GAP;
const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);

describe('row windowing for a scrolling grid', () => {
  const layout = layoutGroups(
    [
      { key: 'team:A', ids: ids(95, 'a') },
      { key: 'team:B', ids: ids(400, 'b') },
    ],
    fit,
    true,
  );

  it('lays groups out with the same heights the grid draws', () => {
    expect(layout.groups[1]?.top).toBe(22 + TILE_GAP + 10 * rowH);
    expect(layout.height).toBe(2 * (22 + TILE_GAP) + 50 * rowH);
  });

  it('mounts only the rows near the viewport', () => {
    const segs = visibleSegments(layout, fit, 0, 600, 2);
    expect(segs.map((s) => [s.groupKey, s.header, s.ids.length])).toEqual([
      ['team:A', true, 95],
      ['team:B', true, 20],
    ]);
  });

  it('a window inside a group starts at its first visible row, without the header', () => {
    const b = layout.groups[1]!;
    const segs = visibleSegments(layout, fit, b.rowsTop + 20 * rowH, 300, 1);
    expect(segs).toHaveLength(1);
    expect(segs[0]?.header).toBe(false);
    expect(segs[0]?.top).toBe(b.rowsTop + 19 * rowH);
    expect(segs[0]?.ids[0]).toBe('b190');
  });

  it('the whole list is reachable: the last rows appear at the bottom', () => {
    const segs = visibleSegments(layout, fit, layout.height - 600, 600, 0);
    expect(segs.at(-1)?.ids.at(-1)).toBe('b399');
  });
});
