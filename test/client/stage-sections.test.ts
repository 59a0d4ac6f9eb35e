import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { READY_ATTR, stageSections } from '@/components/board/stage-sections';
import { frameLane } from '@/lib/client/frame-lane';

/** Animation frames run by hand: each `frame()` runs the callbacks queued so far. */
let queued = new Map<number, () => void>();
let nextId = 1;
const frame = () => {
  const run = [...queued.values()];
  queued = new Map();
  for (const cb of run) cb();
};

/** Just the DOM surface staging touches: a page whose children are sections (and a header). */
function fakePage(sections: number) {
  const el = (tagName: string) => {
    const attrs = new Set<string>();
    return { tagName, setAttribute: (n: string) => attrs.add(n), removeAttribute: (n: string) => attrs.delete(n), ready: () => attrs.has(READY_ATTR) };
  };
  const children = [el('DIV'), ...Array.from({ length: sections }, () => el('SECTION'))];
  return { page: { children } as unknown as Element, sections: children.slice(1), other: children[0]! };
}

beforeEach(() => {
  queued = new Map();
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => {
    queued.set(nextId, cb);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queued.delete(id));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('V8: the next kiosk page is laid out one section per frame', () => {
  it('V8: staging clears every section, then marks one section ready per animation frame', () => {
    const { page, sections, other } = fakePage(3);
    for (const s of sections) (s as unknown as Element).setAttribute(READY_ATTR, '');
    stageSections(page);
    expect(sections.map((s) => s.ready())).toEqual([false, false, false]);
    frame();
    expect(sections.map((s) => s.ready())).toEqual([true, false, false]);
    frame();
    frame();
    expect(sections.map((s) => s.ready())).toEqual([true, true, true]);
    expect(other.ready()).toBe(false);
    frame();
    expect(queued.size).toBe(0);
  });

  it('V8: a page turn before staging ends cancels the rest (the turn shows the page by V13)', () => {
    const { page, sections } = fakePage(3);
    const cancel = stageSections(page);
    frame();
    cancel();
    frame();
    expect(sections.map((s) => s.ready())).toEqual([true, false, false]);
    expect(queued.size).toBe(0);
  });

  it('V8: the bench A/B switch stages the whole page at once', () => {
    vi.stubGlobal('window', { __floorboardStageWhole: true });
    const { page, sections } = fakePage(3);
    stageSections(page);
    expect(sections.map((s) => s.ready())).toEqual([true, true, true]);
  });

  it('V8: no page (the grid not mounted yet) stages nothing', () => {
    expect(() => stageSections(undefined)()).not.toThrow();
    expect(queued.size).toBe(0);
  });
});

describe('V10: staging and the frame lane', () => {
  it('V10: a staging step skips a frame another piece of board work took and marks its section on the next', () => {
    const { page, sections } = fakePage(2);
    stageSections(page);
    const frameAt = (t: number) => {
      const run = [...queued.values()] as ((t: number) => void)[];
      queued = new Map();
      for (const cb of run) cb(t);
    };
    // A timer slice claimed the frame at 100 first.
    expect(frameLane.claim(100)).toBe(true);
    frameAt(100);
    expect(sections.map((s) => s.ready())).toEqual([false, false]);
    frameAt(116);
    expect(sections.map((s) => s.ready())).toEqual([true, false]);
    frameAt(133);
    expect(sections.map((s) => s.ready())).toEqual([true, true]);
  });
});
