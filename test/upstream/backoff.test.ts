import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '@/server/upstream/backoff';

const opts = { baseMs: 1_000, capMs: 30_000 };

describe('backoff with full jitter', () => {
  it('BACKOFF-window: the ceiling doubles per attempt from baseMs and stops at capMs', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50, 5000].map((n) => backoffCeiling(n, opts))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('BACKOFF-full-jitter: the delay spans the whole window [0, ceiling) with the injected random', () => {
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(4_000);
    expect(backoffDelay(3, opts, () => 0.999_999)).toBe(7_999);
    expect(backoffDelay(20, opts, () => 0.999_999)).toBe(29_999);
  });

  it('BACKOFF-bounds: every delay stays in [0, min(cap, base*2^attempt)) for any random value', () => {
    let seed = 7;
    const lcg = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outside: string[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** attempt);
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(attempt, opts, lcg);
        if (!Number.isInteger(d) || d < 0 || d >= ceiling) outside.push(`attempt ${attempt}: ${d}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('BACKOFF-clamp: a random source outside [0, 1) cannot push a delay out of its window', () => {
    expect(backoffDelay(0, opts, () => 1)).toBe(999);
    expect(backoffDelay(0, opts, () => -3)).toBe(0);
    expect(backoffDelay(-2, opts, () => 0.5)).toBe(500);
  });
});
