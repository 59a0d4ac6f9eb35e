import { describe, expect, it } from 'vitest';
import { ORDER_STEP, assignOrderKeys } from '@/lib/client/order-keys';

function increasing(ids: readonly string[], keys: ReadonlyMap<string, number>): boolean {
  for (let i = 1; i < ids.length; i++) if (!(keys.get(ids[i]!)! > keys.get(ids[i - 1]!)!)) return false;
  return keys.size === ids.length;
}

function changed(prev: ReadonlyMap<string, number>, next: ReadonlyMap<string, number>): string[] {
  return [...next].filter(([id, v]) => prev.get(id) !== v).map(([id]) => id);
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`);

describe('CSS order keys for the grid (fewest tiles restyled per re-order)', () => {
  it('numbers a fresh list in order, spaced so later moves fit between', () => {
    const keys = assignOrderKeys(['x', 'y', 'z'], new Map());
    expect([...keys.values()]).toEqual([ORDER_STEP, 2 * ORDER_STEP, 3 * ORDER_STEP]);
  });

  it('an agent rising to the top of 2,000 changes one tile, not every tile above its old place', () => {
    const list = ids(2000);
    const first = assignOrderKeys(list, new Map());
    const moved = ['a1500', ...list.filter((id) => id !== 'a1500')];
    const next = assignOrderKeys(moved, first);
    expect(increasing(moved, next)).toBe(true);
    expect(changed(first, next)).toEqual(['a1500']);
  });

  it('an agent sinking, an agent arriving and one leaving change only those tiles', () => {
    const list = ids(10);
    const first = assignOrderKeys(list, new Map());
    const next = ['a0', 'a2', 'a3', 'new', 'a4', 'a5', 'a6', 'a7', 'a8', 'a1', 'a9'].filter((id) => id !== 'a5');
    const keys = assignOrderKeys(next, first);
    expect(increasing(next, keys)).toBe(true);
    expect(changed(first, keys).sort()).toEqual(['a1', 'new']);
    expect(keys.has('a5')).toBe(false);
  });

  it('keeps a valid order whatever the shuffle, renumbering when a gap is used up', () => {
    const list = ids(50);
    let keys = assignOrderKeys(list, new Map());
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      // Move the same far tile between the same two neighbours: each move halves the gap.
      const from = Math.floor(rnd() * list.length);
      const to = round % 2 ? 1 : Math.floor(rnd() * list.length);
      const [id] = list.splice(from, 1);
      list.splice(to, 0, id!);
      keys = assignOrderKeys(list, keys);
      expect(increasing(list, keys)).toBe(true);
    }
    for (const v of keys.values()) expect(Math.abs(v)).toBeLessThan(1_000_000_000);
  });

  it('a reversed list keeps one tile and moves the rest', () => {
    const list = ids(6);
    const first = assignOrderKeys(list, new Map());
    const rev = [...list].reverse();
    const keys = assignOrderKeys(rev, first);
    expect(increasing(rev, keys)).toBe(true);
    expect(changed(first, keys)).toHaveLength(5);
  });
});
