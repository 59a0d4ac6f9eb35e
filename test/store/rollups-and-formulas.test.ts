import { describe, expect, it } from 'vitest';
import { BoundedQueue } from '@/server/store/bounded-queue';
import { averageAgents, averageSeconds, occupancy, sliceIntoBuckets } from '@/lib/domain/kpi-formulas';
import { MAX_SLICED_STATE_MS, RollupAccumulator } from '@/server/store/rollup-deltas';

const M = 60_000;
const T = Date.parse('2025-03-10T02:00:00Z'); // a minute boundary

describe('rollup deltas', () => {
  it('H11d: a state is sliced into the minutes it covered; the whole period counts at the minute it ended', () => {
    const acc = new RollupAccumulator();
    // On call 10:00:30 -> 10:02:15 (105 s).
    acc.addTransition({ team: 'A', from: 'on_call', at: T + 2 * M + 15_000, prevDurationMs: 105_000 });
    const rows = acc.values().sort((a, b) => a.minute - b.minute);
    expect(rows.map((r) => [r.minute - T, r.onCallSeconds, r.talkSeconds, r.talkCount])).toEqual([
      [0, 30, 0, 0],
      [M, 60, 0, 0],
      [2 * M, 15, 105, 1],
    ]);
  });

  it('H11e: signed-out and unknown time is not rolled up; idle keeps the longest period per minute', () => {
    const acc = new RollupAccumulator();
    acc.addTransition({ team: 'A', from: 'signed_out', at: T, prevDurationMs: 3_600_000 });
    acc.addTransition({ team: 'A', from: 'unknown', at: T, prevDurationMs: 60_000 });
    expect(acc.size).toBe(0);
    acc.addTransition({ team: 'A', from: 'idle', at: T + 10_000, prevDurationMs: 10_000 });
    acc.addTransition({ team: 'A', from: 'idle', at: T + 50_000, prevDurationMs: 30_000 });
    acc.addCallConnected('A', T + 59_999);
    expect(acc.values()).toEqual([
      expect.objectContaining({ minute: T, idleSeconds: 40, maxIdleSeconds: 30, callsConnected: 1 }),
    ]);
  });

  it('H11f: a state longer than a day is rolled up for its last 24 hours only', () => {
    const acc = new RollupAccumulator();
    acc.addTransition({ team: 'A', from: 'wrap_up', at: T, prevDurationMs: 3 * MAX_SLICED_STATE_MS });
    const rows = acc.values();
    expect(rows.reduce((s, r) => s + r.wrapUpSeconds, 0)).toBe(MAX_SLICED_STATE_MS / 1000);
    expect(rows.reduce((s, r) => s + r.wrapSeconds, 0)).toBe((3 * MAX_SLICED_STATE_MS) / 1000);
  });
});

describe('KPI formulas', () => {
  it('F1: occupancy is (on call + wrap-up) / signed-in time, null without signed-in time', () => {
    expect(occupancy({ idleSeconds: 60, onCallSeconds: 120, wrapUpSeconds: 20 })).toBe(0.7);
    expect(occupancy({ idleSeconds: 0, onCallSeconds: 0, wrapUpSeconds: 0 })).toBeNull();
  });

  it('F2: averages are null with no periods; average agents is 0 before an interval starts', () => {
    expect(averageSeconds(300, 4)).toBe(75);
    expect(averageSeconds(0, 0)).toBeNull();
    expect(averageAgents(1800, 900)).toBe(2);
    expect(averageAgents(0, 0)).toBe(0);
  });

  it('F3: a period is split over the buckets it overlaps, outside ones skipped', () => {
    const got: [number, number][] = [];
    sliceIntoBuckets(T - 5 * M, T + 20 * M, T, 15 * M, 2, (i, s) => got.push([i, s]));
    expect(got).toEqual([
      [0, 900],
      [1, 300],
    ]);
  });
});

describe('bounded queue', () => {
  it('H8b: refuses pushes beyond capacity and keeps FIFO order across compaction', () => {
    const q = new BoundedQueue<number>(3000);
    for (let i = 0; i < 3000; i++) expect(q.push(i, i)).toBe(true);
    expect(q.push(3000, 3000)).toBe(false);
    q.drop(2000);
    expect(q.size).toBe(1000);
    expect(q.oldestAt()).toBe(2000);
    expect(q.peek(3)).toEqual([2000, 2001, 2002]);
    expect(q.push(3000, 3000)).toBe(true);
    q.drop(1001);
    expect(q.size).toBe(0);
    expect(q.oldestAt()).toBeNull();
  });
});
