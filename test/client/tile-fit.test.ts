import { describe, expect, it } from 'vitest';
import { DENSITY_SPECS, TILE_GAP, fitTiles, neededHeight, paginate } from '@/lib/client/tile-fit';

/** The grid area of a 1920x1080 wall once the KPI header and the ticker are drawn. */
const WALL_1080 = { width: 1904, height: 940 };
const WALL_4K = { width: 3820, height: 1960 };

function ids(n: number, prefix = 'a'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

describe('tile fit', () => {
  it('fits 500 agents on a 1080p wall without scrolling', () => {
    const fit = fitTiles({ ...WALL_1080, groups: [500], headers: false, density: 'auto' });
    expect(fit.fits).toBe(true);
    const rows = Math.ceil(500 / fit.cols);
    expect(rows * (fit.tileHeight + TILE_GAP)).toBeLessThanOrEqual(WALL_1080.height);
    expect(fit.cols * fit.tileWidth + (fit.cols - 1) * TILE_GAP).toBeLessThanOrEqual(WALL_1080.width);
  });

  it('uses the richest density that fits, and grows it on a 4K wall rather than stretching', () => {
    const hd = fitTiles({ ...WALL_1080, groups: [200], headers: false, density: 'auto' });
    const uhd = fitTiles({ ...WALL_4K, groups: [200], headers: false, density: 'auto' });
    expect(uhd.fontPx).toBeGreaterThan(hd.fontPx);
    expect(['full', 'compact']).toContain(hd.density);
    expect(uhd.density).toBe('full');
  });

  it('few agents get big tiles, capped', () => {
    const fit = fitTiles({ ...WALL_1080, groups: [12], headers: false, density: 'auto' });
    expect(fit.density).toBe('full');
    expect(fit.scale).toBeGreaterThan(1.5);
    expect(fit.scale).toBeLessThanOrEqual(3);
  });

  it('group headers take room in the fit', () => {
    const input = { ...WALL_1080, groups: [50, 50, 50], headers: true };
    expect(neededHeight(input, DENSITY_SPECS.micro, 1)).toBeGreaterThan(
      neededHeight({ ...input, headers: false }, DENSITY_SPECS.micro, 1),
    );
  });

  it('reports no fit when 2,000 agents exceed a 1080p wall, at scale 1 with the overflow density', () => {
    const kiosk = fitTiles({ ...WALL_1080, groups: [2000], headers: false, density: 'auto' }, 'micro');
    expect(kiosk.fits).toBe(false);
    expect(kiosk.density).toBe('micro');
    expect(kiosk.scale).toBe(1);
    const laptop = fitTiles({ ...WALL_1080, groups: [2000], headers: false, density: 'auto' }, 'compact');
    expect(laptop.density).toBe('compact');
  });

  it('a fixed density is kept even when it does not fit', () => {
    const fit = fitTiles({ ...WALL_1080, groups: [500], headers: false, density: 'full' });
    expect(fit.density).toBe('full');
    expect(fit.fits).toBe(false);
  });
});

describe('kiosk paging', () => {
  const fit = fitTiles({ ...WALL_1080, groups: [2000], headers: true, density: 'auto' });

  it('never drops an agent: every id is on exactly one page', () => {
    const groups = [
      { key: 'team:A', ids: ids(700, 'a') },
      { key: 'team:B', ids: ids(900, 'b') },
      { key: 'team:C', ids: ids(400, 'c') },
    ];
    const pages = paginate(groups, fit, WALL_1080.height, true);
    const all = pages.flatMap((p) => p.flatMap((s) => s.ids));
    expect(all.length).toBe(2000);
    expect(new Set(all).size).toBe(2000);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('each page fits the height', () => {
    const groups = Array.from({ length: 12 }, (_, i) => ({ key: `team:${i}`, ids: ids(90 + i * 7, `t${i}-`) }));
    const pages = paginate(groups, fit, WALL_1080.height, true);
    for (const p of pages) {
      const h = p.reduce((s, sl) => s + fit.headerHeight + TILE_GAP + Math.ceil(sl.ids.length / fit.cols) * (fit.tileHeight + TILE_GAP), 0);
      expect(h).toBeLessThanOrEqual(WALL_1080.height);
    }
  });

  it('keeps a team whole on the next page rather than splitting it', () => {
    const perPage = Math.floor(WALL_1080.height / (fit.tileHeight + TILE_GAP)) * fit.cols;
    const groups = [
      { key: 'team:A', ids: ids(Math.floor(perPage * 0.6), 'a') },
      { key: 'team:B', ids: ids(Math.floor(perPage * 0.6), 'b') },
    ];
    const pages = paginate(groups, fit, WALL_1080.height, true);
    expect(pages.map((p) => p.map((s) => [s.groupKey, s.continued]))).toEqual([[['team:A', false]], [['team:B', false]]]);
  });

  it('a team shown whole keeps its ids array, so its memoized slice skips a re-render', () => {
    const a = { key: 'team:A', ids: ids(100, 'a') };
    const b = { key: 'team:B', ids: ids(1500, 'b') };
    const pages = paginate([a, b], fit, WALL_1080.height, true);
    expect(pages[0]?.[0]?.ids).toBe(a.ids);
    // A team split over pages gets its parts.
    expect(pages.flat().filter((s) => s.groupKey === 'team:B').every((s) => s.ids !== b.ids)).toBe(true);
  });

  it('splits a team bigger than a page and marks the continuation', () => {
    const pages = paginate([{ key: 'team:A', ids: ids(1500) }], fit, WALL_1080.height, true);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[1]?.[0]?.continued).toBe(true);
  });
});
