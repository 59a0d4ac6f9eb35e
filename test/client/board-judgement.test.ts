import { describe, expect, it } from 'vitest';
import { frameFigures, missedTargets } from '@/bench/board-judgement';

const repeat = (ms: number, n: number): number[] => new Array<number>(n).fill(ms);

describe('board frames benchmark judgement (issue 4)', () => {
  it('V5: one 60 Hz frame period with timestamp jitter meets the p95 target and drops no frame', () => {
    const f = frameFigures([...repeat(16.6, 50), ...repeat(16.8, 50)]);
    expect(f.periodMs).toBeCloseTo(16.6);
    expect(f.p95).toBeCloseTo(16.8);
    expect(f.droppedPct).toBe(0);
    expect(missedTargets(f, 0, 0)).toEqual([]);
  });

  it('V5: an interval over 1.5 periods is a dropped frame, counted as a share of all intervals', () => {
    const f = frameFigures([...repeat(16.7, 90), ...repeat(25.1, 5), ...repeat(30, 5)]);
    expect(f.droppedPct).toBe(10);
    // 25.1 ms is over 1.5 x 16.7 = 25.05 ms; the p95 lands on a dropped frame and misses.
    expect(missedTargets(f, 0, 0)).toHaveLength(1);
  });

  it('V5: p99 over 33 ms and any long animation frame miss, whatever the p95', () => {
    const f = frameFigures([...repeat(16.7, 98), 50, 50]);
    expect(f.p95).toBeCloseTo(16.7);
    expect(f.p99).toBe(50);
    expect(missedTargets(f, 1, 80)).toHaveLength(2);
  });
});
