import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageGate, pageMode, pageRenders, subscribeGated } from '@/components/board/page-gate';
import { floorClock } from '@/lib/client/floor-clock';
import { frameLane } from '@/lib/client/frame-lane';

/** Animation frames run by hand: each `frame()` runs the callbacks queued so far. */
let queued: (() => void)[] = [];
const frame = () => {
  const run = queued;
  queued = [];
  for (const cb of run) cb();
};

beforeEach(() => {
  queued = [];
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => queued.push(cb));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    queued[id - 1] = () => {};
  });
});
afterEach(() => vi.unstubAllGlobals());

function tiles(n: number) {
  const calls = new Array<number>(n).fill(0);
  return { calls, listeners: calls.map((_, i) => () => void calls[i]!++) };
}

describe('kiosk page gate', () => {
  it('V4: an open gate renders a change at once', () => {
    const gate = new PageGate(true);
    const { calls, listeners } = tiles(1);
    gate.notify(listeners[0]!);
    expect(calls).toEqual([1]);
  });

  it('V4: a closed gate holds each tile once however often it changed, and replays in slices of 60 per frame when opened', () => {
    const gate = new PageGate(false);
    const { calls, listeners } = tiles(150);
    for (let round = 0; round < 3; round++) for (const l of listeners) gate.notify(l);
    expect(calls.every((c) => c === 0)).toBe(true);
    gate.setOpen(true);
    expect(calls.every((c) => c === 0)).toBe(true);
    frame();
    expect(calls.filter((c) => c === 1).length).toBe(60);
    frame();
    expect(calls.filter((c) => c === 1).length).toBe(120);
    frame();
    expect(calls.every((c) => c === 1)).toBe(true);
    frame();
    expect(calls.every((c) => c === 1)).toBe(true);
  });

  it('V4: closing a gate stops its replay; an unmounted tile is forgotten', () => {
    const gate = new PageGate(false);
    const { calls, listeners } = tiles(100);
    for (const l of listeners) gate.notify(l);
    gate.forget(listeners[99]!);
    gate.setOpen(true);
    frame();
    gate.setOpen(false);
    frame();
    expect(calls.filter((c) => c === 1).length).toBe(60);
    gate.setOpen(true);
    frame();
    expect(calls.filter((c) => c === 1).length).toBe(99);
    expect(calls[99]).toBe(0);
  });

  it('V6: only an open gate lets the clock write its tiles; it does from the moment it opens', () => {
    const gate = new PageGate(false);
    expect(gate.ticks()).toBe(false);
    gate.setOpen(true);
    expect(gate.ticks()).toBe(true);
    gate.setOpen(false);
    expect(gate.ticks()).toBe(false);
  });

  it('V6: a group header subscribed through a closed gate is told once when it opens, and not after unsubscribing', () => {
    const gate = new PageGate(false);
    const floor = new Set<() => void>();
    const subscribe = (l: () => void) => (floor.add(l), () => void floor.delete(l));
    let renders = 0;
    const off = subscribeGated(gate, subscribe, () => void renders++);
    for (const l of floor) l();
    for (const l of floor) l();
    expect(renders).toBe(0);
    gate.setOpen(true);
    frame();
    expect(renders).toBe(1);
    for (const l of floor) l();
    expect(renders).toBe(2);
    gate.setOpen(false);
    for (const l of floor) l();
    off();
    expect(floor.size).toBe(0);
    gate.setOpen(true);
    frame();
    expect(renders).toBe(2);
  });

  it('V6: without a gate (not a paging kiosk) every change is told at once', () => {
    let renders = 0;
    const floor = new Set<() => void>();
    subscribeGated(null, (l) => (floor.add(l), () => void floor.delete(l)), () => void renders++);
    for (const l of floor) l();
    expect(renders).toBe(1);
  });

  it('V7: the next page (lagged) renders its changes on the frame after the flush, in slices of 60, not in it', () => {
    const gate = new PageGate('lagged');
    const { calls, listeners } = tiles(100);
    for (const l of listeners) gate.notify(l);
    gate.notify(listeners[0]!);
    expect(calls.every((c) => c === 0)).toBe(true);
    frame();
    expect(calls.filter((c) => c === 1).length).toBe(60);
    frame();
    expect(calls.every((c) => c === 1)).toBe(true);
  });

  it('V6: the next page (lagged) writes its timers only once warmed up for its turn; a new next page starts cold', () => {
    const gate = new PageGate('lagged');
    expect(gate.ticks()).toBe(false);
    gate.setWarm(true);
    expect(gate.ticks()).toBe(true);
    gate.setMode('live');
    expect(gate.ticks()).toBe(true);
    gate.setMode('held');
    expect(gate.ticks()).toBe(false);
    gate.setMode('lagged');
    expect(gate.ticks()).toBe(false);
  });

  it('V6 V9: a page shown without its warm-up has the clock write its timers at once; a warmed-up one waits for the tick', () => {
    const refresh = vi.spyOn(floorClock, 'refresh').mockImplementation(() => {});
    const cold = new PageGate('lagged');
    cold.setMode('live');
    expect(refresh).toHaveBeenCalledTimes(1);
    const held = new PageGate('held');
    held.setMode('live');
    expect(refresh).toHaveBeenCalledTimes(2);
    const warm = new PageGate('lagged');
    warm.setWarm(true);
    warm.setMode('live');
    expect(refresh).toHaveBeenCalledTimes(2);
    refresh.mockRestore();
  });

  it('V6: the benchmark A/B switch makes the next page write its timers every second', () => {
    vi.stubGlobal('window', { __floorboardNextTicksAlways: true });
    const gate = new PageGate('lagged');
    expect(gate.ticks()).toBe(true);
  });

  it('V7: a turn makes the lagged page live and renders what it still held at once on the next frame', () => {
    const gate = new PageGate('lagged');
    const { calls, listeners } = tiles(2);
    gate.notify(listeners[0]!);
    gate.setMode('live');
    gate.notify(listeners[1]!);
    expect(calls).toEqual([0, 1]);
    frame();
    expect(calls).toEqual([1, 1]);
  });

  it('V7: the page on screen is live, the next lagged, the others held', () => {
    expect([0, 1, 2, 3, 4].map((p) => pageMode(p, 4, 5))).toEqual(['lagged', 'held', 'held', 'held', 'live']);
  });

  it('V4: the page on screen and the next one render; the others hold', () => {
    expect([0, 1, 2, 3, 4].map((p) => pageRenders(p, 0, 5))).toEqual([true, true, false, false, false]);
    expect([0, 1, 2, 3, 4].map((p) => pageRenders(p, 4, 5))).toEqual([true, false, false, false, true]);
    expect([0, 1].map((p) => pageRenders(p, 1, 2))).toEqual([true, true]);
    expect(pageRenders(5, 4, 5)).toBe(false);
  });
});

describe('kiosk page gate and the frame lane', () => {
  /** Runs the queued callbacks as one animation frame at `t`. */
  const frameAt = (t: number) => {
    const run = queued as unknown as ((t: number) => void)[];
    queued = [];
    for (const cb of run) cb(t);
  };

  it('V10: a replay slice skips a frame the store\'s flush uses and runs on the next free one', () => {
    const gate = new PageGate(false);
    const { calls, listeners } = tiles(10);
    for (const l of listeners) gate.notify(l);
    gate.setOpen(true);
    frameLane.flushScheduled();
    frameAt(100);
    expect(calls.every((c) => c === 0)).toBe(true);
    frameLane.flushDone(116);
    frameAt(116);
    expect(calls.every((c) => c === 0)).toBe(true);
    frameAt(133);
    expect(calls.every((c) => c === 1)).toBe(true);
  });
});
