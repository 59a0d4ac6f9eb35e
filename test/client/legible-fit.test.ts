import { describe, expect, it } from 'vitest';
import { LEGIBLE_LINES_PER_SCREEN, fitLegibly, legibleScale } from '@/lib/client/legible-fit';
import { TILE_GAP, fitTiles, paginate, type TileFit } from '@/lib/client/tile-fit';

/** Grid areas of 1080p and 4K walls once the KPI header, ticker and page indicator are drawn. */
const WALL_1080 = { width: 1904, height: 940, screen: 1080 };
const WALL_4K = { width: 3820, height: 1960, screen: 2160 };

function fitOn(wall: typeof WALL_1080, groups: number[], headers = false): TileFit {
  return fitLegibly({ width: wall.width, height: wall.height, groups, headers, density: 'auto' }, 'micro', legibleScale(wall.screen));
}

function rowsPerPage(fit: TileFit, height: number): number {
  return Math.floor(height / (fit.tileHeight + TILE_GAP));
}

describe('legibility floor', () => {
  it('V1: the smallest base text is 1/90 of the screen height: 12 px at 1080p, 24 px at 4K, never under 12 px', () => {
    expect(legibleScale(1080)).toBe(1);
    expect(legibleScale(2160)).toBe(2);
    expect(legibleScale(768)).toBe(1);
    expect(legibleScale(1440)).toBeCloseTo(1.33, 2);
    for (const wall of [WALL_1080, WALL_4K]) {
      for (const n of [12, 200, 500, 2000]) {
        expect(fitOn(wall, [n]).fontPx).toBeGreaterThanOrEqual(wall.screen / LEGIBLE_LINES_PER_SCREEN - 0.05);
      }
    }
  });

  it('V1: 500 agents still fit one 1080p wall without paging', () => {
    const fit = fitOn(WALL_1080, [500]);
    expect(fit.fits).toBe(true);
    expect(fit).toEqual(fitTiles({ width: WALL_1080.width, height: WALL_1080.height, groups: [500], headers: false, density: 'auto' }, 'micro'));
  });

  it('V2: 2,000 agents on a 4K wall are not shrunk to fit: they page, at the same physical size as on a 1080p wall of the same diagonal', () => {
    const uhd = fitOn(WALL_4K, [2000]);
    const hd = fitOn(WALL_1080, [2000]);
    expect(uhd.fits).toBe(false);
    expect(uhd.density).toBe('micro');
    // Twice the pixels each way is the same millimetres on the same TV.
    expect(uhd.fontPx).toBe(hd.fontPx * 2);
    expect(uhd.tileHeight).toBe(hd.tileHeight * 2);
    // So about as many tiles per page as the 1080p wall (4 px gaps are a little thinner at 4K).
    const perPage = (f: TileFit, h: number) => f.cols * rowsPerPage(f, h);
    expect(perPage(uhd, WALL_4K.height)).toBeGreaterThanOrEqual(perPage(hd, WALL_1080.height));
    expect(perPage(uhd, WALL_4K.height)).toBeLessThan(perPage(hd, WALL_1080.height) * 1.15);
  });

  it('V2: a fitted 4K layout uses the width and stays inside the area', () => {
    for (const n of [200, 500]) {
      const fit = fitOn(WALL_4K, [n]);
      expect(fit.fits).toBe(true);
      expect(fit.cols * fit.tileWidth + (fit.cols - 1) * TILE_GAP).toBeLessThanOrEqual(WALL_4K.width);
      expect(fit.cols * (fit.tileWidth + TILE_GAP)).toBeGreaterThan(WALL_4K.width - fit.cols);
      expect(Math.ceil(n / fit.cols) * (fit.tileHeight + TILE_GAP)).toBeLessThanOrEqual(WALL_4K.height);
      // The 4K wall shows what a 1080p wall of the same size shows, with twice the pixels per glyph.
      expect(fit.density).toBe(fitOn(WALL_1080, [n]).density);
    }
  });

  it('V3: 2,000 agents in 20 teams page by whole team at 4K, every agent on exactly one page', () => {
    const groups = Array.from({ length: 20 }, (_, t) => ({ key: `team:${t}`, ids: Array.from({ length: 100 }, (_, i) => `${t}-${i}`) }));
    const fit = fitOn(WALL_4K, groups.map((g) => g.ids.length), true);
    expect(fit.fits).toBe(false);
    const pages = paginate(groups, fit, WALL_4K.height, true);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const all = pages.flatMap((p) => p.flatMap((s) => s.ids));
    expect(new Set(all).size).toBe(2000);
    expect(all.length).toBe(2000);
    for (const page of pages) for (const slice of page) expect(slice.continued).toBe(false);
  });
});
