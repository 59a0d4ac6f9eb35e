import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FloorClock, PASS_DEADLINE_MS, TICKER_WRITES_PER_FRAME, TickerSlot } from '@/lib/client/floor-clock';
import { FrameLane } from '@/lib/client/frame-lane';

beforeEach(() => vi.useFakeTimers({ now: 1_000_300 }));
afterEach(() => vi.useRealTimers());

describe('shared 1 Hz clock', () => {
  it('ticks on the second boundary of server time, one timer for every listener', () => {
    const clock = new FloorClock();
    const seen: number[] = [];
    const a = clock.addTicker((now) => void seen.push(now));
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
    clock.addTicker((now) => void seen.push(now));
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
    const n = TICKER_WRITES_PER_FRAME * 3;
    for (let i = 0; i < n; i++) clock.addTicker(() => void written.push(i));
    vi.advanceTimersByTime(710);
    // Even the first slice waits for a frame (V10: written in the timer task, it would be drawn in any frame).
    expect(written).toEqual([]);
    frames.shift()!();
    expect(written).toEqual([...Array(TICKER_WRITES_PER_FRAME).keys()]);
    frames.shift()!();
    expect(written).toHaveLength(2 * TICKER_WRITES_PER_FRAME);
    // A starved page: the next second arrives before the third slice ran.
    written.length = 0;
    vi.advanceTimersByTime(1000);
    frames.shift()!(); // the stale pass's frame: superseded, writes nothing
    expect(written).toEqual([]);
    frames.shift()!();
    expect(written[0]).toBe(2 * TICKER_WRITES_PER_FRAME);
    expect(written).toHaveLength(TICKER_WRITES_PER_FRAME);
  });

  it('V6: a ticker that wrote nothing (a tile on a page nobody sees) does not use up the slice', () => {
    const frames: (() => void)[] = [];
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb));
    let wrote = 0;
    let skipped = 0;
    for (let i = 0; i < TICKER_WRITES_PER_FRAME * 4; i++) {
      const hidden = i % 4 !== 3;
      clock.addTicker(() => {
        if (hidden) {
          skipped++;
          return false;
        }
        wrote++;
        return true;
      });
    }
    vi.advanceTimersByTime(710);
    frames.shift()!();
    // One frame covers all of them: TICKER_WRITES_PER_FRAME writers among 3x as many skipped.
    expect(wrote).toBe(TICKER_WRITES_PER_FRAME);
    expect(skipped).toBe(TICKER_WRITES_PER_FRAME * 3);
    expect(frames).toHaveLength(0);
  });

  it('V10: a slice waits for a frame the store\'s flush and other board work leave free', () => {
    const frames: ((t?: number) => void)[] = [];
    const lane = new FrameLane();
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb), lane);
    let written = 0;
    for (let i = 0; i < TICKER_WRITES_PER_FRAME * 2; i++) clock.addTicker(() => void written++);
    vi.advanceTimersByTime(710);
    // Frame 1: a flush is due: the slice asks again.
    lane.flushScheduled();
    frames.shift()!(1);
    expect(written).toBe(0);
    // Frame 2: the flush ran in it first: still not this one.
    lane.flushDone(2);
    frames.shift()!(2);
    expect(written).toBe(0);
    // Frame 3: free.
    frames.shift()!(3);
    expect(written).toBe(TICKER_WRITES_PER_FRAME);
    // Frame 4: another job took it first (a page gate's replay, say).
    expect(lane.claim(4)).toBe(true);
    frames.shift()!(4);
    expect(written).toBe(TICKER_WRITES_PER_FRAME);
    frames.shift()!(5);
    expect(written).toBe(TICKER_WRITES_PER_FRAME * 2);
  });

  it('V9: refresh writes every ticker again for the current second, without waiting for the next tick', () => {
    const clock = new FloorClock();
    const seen: number[] = [];
    clock.addTicker((now) => void seen.push(now));
    vi.advanceTimersByTime(710);
    expect(seen).toEqual([1_001_000]);
    vi.advanceTimersByTime(300);
    clock.refresh();
    expect(seen).toEqual([1_001_000, 1_001_000]);
  });

  it('on a page with few frames, a pass writes everything left once half a second has gone', () => {
    const frames: (() => void)[] = [];
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb));
    let written = 0;
    for (let i = 0; i < TICKER_WRITES_PER_FRAME * 10; i++) clock.addTicker(() => void written++);
    vi.advanceTimersByTime(710);
    frames.shift()!();
    expect(written).toBe(TICKER_WRITES_PER_FRAME);
    // The next frame comes late: everything else is written in it.
    vi.advanceTimersByTime(PASS_DEADLINE_MS);
    frames.shift()!();
    expect(written).toBe(TICKER_WRITES_PER_FRAME * 10);
  });

  it('on a page with few frames, a late pass writes everything even in a frame the lane would refuse', () => {
    const frames: ((t?: number) => void)[] = [];
    const lane = new FrameLane();
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb), lane);
    let written = 0;
    for (let i = 0; i < TICKER_WRITES_PER_FRAME * 3; i++) clock.addTicker(() => void written++);
    vi.advanceTimersByTime(710);
    vi.advanceTimersByTime(PASS_DEADLINE_MS);
    lane.flushScheduled();
    frames.shift()!(1);
    expect(written).toBe(TICKER_WRITES_PER_FRAME * 3);
  });

  it('V12: a node keeps its place in the write order when its writer changes; a new node takes a place at the end', () => {
    const frames: (() => void)[] = [];
    const clock = new FloorClock(undefined, () => (cb) => void frames.push(cb));
    const written: string[] = [];
    const slots = ['a', 'b', 'c'].map((name) => {
      const slot = new TickerSlot<string>(clock);
      slot.setWriter((node) => void written.push(node));
      slot.attach(name);
      return slot;
    });
    // Tile a's agent changes: a new writer (the old hook re-registered it, moving it to the end).
    slots[0]!.setWriter((node) => void written.push(`${node}'`));
    slots[0]!.attach('a');
    vi.advanceTimersByTime(710);
    frames.shift()!();
    expect(written).toEqual(["a'", 'b', 'c']);
    // A replaced node (a placeholder tile becoming a real one) goes to the end; a gone one is dropped.
    written.length = 0;
    slots[0]!.attach('a2');
    slots[1]!.attach(null);
    vi.advanceTimersByTime(1000);
    frames.shift()!();
    expect(written).toEqual(['c', "a2'"]);
    expect(clock.tickerCount).toBe(2);
  });
});
