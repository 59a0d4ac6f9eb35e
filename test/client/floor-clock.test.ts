import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FloorClock, PASS_DEADLINE_MS, TICKERS_PER_FRAME } from '@/lib/client/floor-clock';

beforeEach(() => vi.useFakeTimers({ now: 1_000_300 }));
afterEach(() => vi.useRealTimers());

describe('shared 1 Hz clock', () => {
  it('ticks on the second boundary of server time, one timer for every listener', () => {
    const clock = new FloorClock();
    const seen: number[] = [];
    const a = clock.addTicker((now) => seen.push(now));
    const b = clock.subscribe(() => {});
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(710);
    expect(seen).toEqual([1_001_000]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1_001_000, 1_002_000]);
    a();
    b();
    vi.advanceTimersByTime(2000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the server offset moves the boundary and the reported time', () => {
    const clock = new FloorClock();
    clock.setOffset(500);
    const seen: number[] = [];
    clock.addTicker((now) => seen.push(now));
    vi.advanceTimersByTime(210); // local 1_000_510 = server 1_001_010
    expect(seen).toEqual([1_001_000]);
  });

  it('getTickNow is stable between ticks (a valid store snapshot)', () => {
    const clock = new FloorClock();
    const off = clock.subscribe(() => {});
    const t = clock.getTickNow();
    vi.advanceTimersByTime(100);
    expect(clock.getTickNow()).toBe(t);
    off();
  });

  it('writes tickers in slices over frames, and a pass cut short resumes where it stopped so no tile starves', () => {
    const frames: (() => void)[] = [];
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb));
    const written: number[] = [];
    const n = TICKERS_PER_FRAME * 3;
    for (let i = 0; i < n; i++) clock.addTicker(() => written.push(i));
    vi.advanceTimersByTime(710);
    // First slice at once, the rest waits for frames.
    expect(written).toEqual([...Array(TICKERS_PER_FRAME).keys()]);
    frames.shift()!();
    expect(written).toHaveLength(2 * TICKERS_PER_FRAME);
    // A starved page: the next second arrives before the third slice ran.
    written.length = 0;
    vi.advanceTimersByTime(1000);
    frames.shift()!(); // the stale pass's frame: superseded, writes nothing
    expect(written[0]).toBe(2 * TICKERS_PER_FRAME);
    expect(written).toHaveLength(TICKERS_PER_FRAME);
  });

  it('on a page with few frames, a pass writes everything left once half a second has gone', () => {
    const frames: (() => void)[] = [];
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb));
    let written = 0;
    for (let i = 0; i < TICKERS_PER_FRAME * 10; i++) clock.addTicker(() => written++);
    vi.advanceTimersByTime(710);
    expect(written).toBe(TICKERS_PER_FRAME);
    // The next frame comes late: everything else is written in it.
    vi.advanceTimersByTime(PASS_DEADLINE_MS);
    frames.shift()!();
    expect(written).toBe(TICKERS_PER_FRAME * 10);
  });
});
