import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REVEAL_DEADLINE_MS, REVEALING_ATTR, SHOWN_ATTR, revealSections } from '@/components/board/reveal-sections';
import { FrameLane, frameLane } from '@/lib/client/frame-lane';

/** Animation frames run by hand: each `frameAt(t)` runs the callbacks queued so far as one frame. */
let queued = new Map<number, (t?: number) => void>();
let nextId = 1;
const frameAt = (t?: number) => {
  const run = [...queued.values()];
  queued = new Map();
  for (const cb of run) cb(t);
};

/** Just the DOM surface the reveal touches: a page (with attributes) whose children are sections and a header. */
function fakeEl(tagName: string) {
  const attrs = new Set<string>();
  return {
    tagName,
    setAttribute: (n: string) => void attrs.add(n),
    removeAttribute: (n: string) => void attrs.delete(n),
    has: (n: string) => attrs.has(n),
  };
}
function fakePage(sections: number) {
  const children = [fakeEl('DIV'), ...Array.from({ length: sections }, () => fakeEl('SECTION'))];
  const page = { ...fakeEl('DIV'), children };
  const shown = () => children.slice(1).map((s) => s.has(SHOWN_ATTR));
  return { page: page as unknown as Element, pageEl: page, sections: children.slice(1), header: children[0]!, shown };
}

beforeEach(() => {
  queued = new Map();
  vi.stubGlobal('requestAnimationFrame', (cb: (t?: number) => void) => {
    queued.set(nextId, cb);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queued.delete(id));
});
afterEach(() => vi.unstubAllGlobals());

describe('V13: a page turn shows the new page one section per frame, top first', () => {
  it('V13: the first section shows with the turn, each later one on its own frame, then the page is whole', () => {
    const { page, pageEl, shown, header } = fakePage(3);
    revealSections(page);
    expect(pageEl.has(REVEALING_ATTR)).toBe(true);
    expect(shown()).toEqual([true, false, false]);
    frameAt(100);
    expect(shown()).toEqual([true, true, false]);
    frameAt(116);
    expect(shown()).toEqual([true, true, true]);
    expect(pageEl.has(REVEALING_ATTR)).toBe(false);
    expect(header.has(SHOWN_ATTR)).toBe(false);
    expect(queued.size).toBe(0);
  });

  it('V13: marks left from an earlier turn are cleared, so every section waits its frame again', () => {
    const { page, sections, shown } = fakePage(3);
    for (const s of sections) s.setAttribute(SHOWN_ATTR);
    const cancel = revealSections(page);
    expect(shown()).toEqual([true, false, false]);
    cancel();
  });

  it('V13: another turn before the reveal ends cancels it, leaving no section held out and the lane free', () => {
    const { page, pageEl } = fakePage(4);
    const cancel = revealSections(page);
    frameAt(100);
    cancel();
    expect(pageEl.has(REVEALING_ATTR)).toBe(false);
    expect(queued.size).toBe(0);
    expect(frameLane.claim(133)).toBe(true);
  });

  it('V13: a page of one section is shown whole at once', () => {
    const { page, pageEl } = fakePage(1);
    revealSections(page);
    expect(pageEl.has(REVEALING_ATTR)).toBe(false);
    expect(queued.size).toBe(0);
  });

  it('V13: the benchmark A/B switch shows the page whole at the turn', () => {
    vi.stubGlobal('window', { __floorboardRevealWhole: true });
    const { page, pageEl, shown } = fakePage(3);
    revealSections(page);
    expect(pageEl.has(REVEALING_ATTR)).toBe(false);
    expect(shown()).toEqual([false, false, false]);
  });

  it('V10 V13: a frame the store flush takes goes to the flush; the section shows on the next frame', () => {
    const { page, shown } = fakePage(2);
    revealSections(page);
    frameLane.flushScheduled();
    frameAt(200);
    expect(shown()).toEqual([true, false]);
    frameLane.flushDone(216);
    frameAt(216);
    expect(shown()).toEqual([true, false]);
    frameAt(233);
    expect(shown()).toEqual([true, true]);
  });

  it('V13: a feed that takes every frame with a flush does not hold the reveal: the page is whole by the deadline', () => {
    // Timers only: frames stay the hand-run ones above.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { page, pageEl } = fakePage(3);
      revealSections(page);
      for (let t = 100; t < 100 + REVEAL_DEADLINE_MS - 20; t += 16) {
        frameLane.flushScheduled();
        frameLane.flushDone(t);
        frameAt(t);
        vi.advanceTimersByTime(16);
      }
      expect(pageEl.has(REVEALING_ATTR)).toBe(true);
      vi.advanceTimersByTime(20);
      expect(pageEl.has(REVEALING_ATTR)).toBe(false);
      expect(queued.size).toBe(0);
      expect(frameLane.claim(5000)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('V10 V13: deferrable work waits while a reveal runs and gets the frame after it ends', () => {
    const { page } = fakePage(2);
    revealSections(page);
    expect(frameLane.claim(300)).toBe(false);
    frameAt(316);
    expect(frameLane.claim(316)).toBe(false);
    expect(frameLane.claim(333)).toBe(true);
  });
});

describe('V13: visible work in the frame lane', () => {
  it('V13: a live job holds deferrable work back until it is done, and comes after the flush', () => {
    const lane = new FrameLane();
    lane.liveStarted();
    expect(lane.claim(100)).toBe(false);
    lane.flushScheduled();
    expect(lane.claimLive(100)).toBe(false);
    lane.flushDone(116);
    expect(lane.claimLive(116)).toBe(false);
    expect(lane.claimLive(133)).toBe(true);
    expect(lane.claim(150)).toBe(false);
    lane.liveDone();
    expect(lane.claim(150)).toBe(true);
  });

  it('V13: a live job done more often than started never lets deferrable work run ahead of a new one', () => {
    const lane = new FrameLane();
    lane.liveDone();
    lane.liveStarted();
    expect(lane.claim(100)).toBe(false);
  });
});
