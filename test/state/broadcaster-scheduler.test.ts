import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Broadcaster } from '@/server/state/broadcaster';
import { createFlushLoop } from '@/server/state/broadcaster-scheduler';
import { FakeFloor, roster } from '@/test/realtime/fake-floor';

function setup(batchMs = 100) {
  const floor = new FakeFloor().seed(roster(10, ['A', 'B']));
  const b = new Broadcaster({ floor, batchMs });
  b.subscribe('*', 0);
  const flushes: { at: number; extnos: string[] }[] = [];
  const loop = createFlushLoop({
    due: () => b.nextFlushAt(),
    now: () => Date.now(),
    run: (now) => {
      for (const d of b.flush(now)) flushes.push({ at: now, extnos: d.delta.upserts.map((v) => v.extno) });
    },
  });
  floor.onChange = (changed, removed) => {
    b.markDirty(changed);
    b.markRemoved(removed);
    loop.poke();
  };
  return { floor, flushes, loop };
}

describe('broadcaster flush loop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('B1: the first change after a quiet spell goes out on the next turn of the event loop', () => {
    const { floor, flushes, loop } = setup();
    floor.patch('1000', { status: 'on_call' });
    floor.patch('1001', { status: 'on_call' }); // same tick: shares the flush
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([{ at: 10_000, extnos: ['1000', '1001'] }]);
    loop.stop();
  });

  it('B2: changes during a burst go out in batches at most every batchMs', () => {
    const { floor, flushes, loop } = setup(100);
    for (let t = 0; t < 500; t += 10) {
      floor.patch(String(1000 + (t / 10) % 10), { stateSince: t });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(200);
    const times = flushes.map((f) => f.at);
    expect(times[0]).toBe(10_000);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(times.length).toBeLessThanOrEqual(6);
    // Every change got out: the last flush carries the final writes.
    expect(flushes.at(-1)?.extnos.length).toBeGreaterThan(0);
    loop.stop();
  });

  it('B7: an idle floor arms no timer', () => {
    const { loop } = setup();
    loop.poke();
    expect(vi.getTimerCount()).toBe(0);
    loop.stop();
  });

  it('B2: stop() cancels the pending flush', () => {
    const { floor, flushes, loop } = setup();
    floor.patch('1000', { status: 'on_call' });
    loop.stop();
    vi.advanceTimersByTime(1_000);
    expect(flushes).toEqual([]);
  });
});
