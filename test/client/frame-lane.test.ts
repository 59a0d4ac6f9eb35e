import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameLane } from '@/lib/client/frame-lane';

afterEach(() => vi.unstubAllGlobals());

describe('one piece of board work per frame (V10)', () => {
  it('V10: a frame with a flush due runs no deferrable work', () => {
    const lane = new FrameLane();
    lane.flushScheduled();
    expect(lane.claim(100)).toBe(false);
    expect(lane.claim(116)).toBe(false);
  });

  it('V10: the frame the flush ran in is taken; the next one is free', () => {
    const lane = new FrameLane();
    lane.flushScheduled();
    lane.flushDone(100);
    expect(lane.claim(100)).toBe(false);
    expect(lane.claim(116)).toBe(true);
  });

  it('V10: a free frame goes to the first job that asks, the others wait for the next', () => {
    const lane = new FrameLane();
    expect(lane.claim(100)).toBe(true);
    expect(lane.claim(100)).toBe(false);
    expect(lane.claim(116)).toBe(true);
  });

  it('V10: a cancelled flush (no frame) frees the lane', () => {
    const lane = new FrameLane();
    lane.flushScheduled();
    lane.flushDone();
    expect(lane.claim(100)).toBe(true);
  });

  it('V10: a caller without a frame timestamp (a timer fallback, hand-run frames) is never held back', () => {
    const lane = new FrameLane();
    lane.flushScheduled();
    expect(lane.claim(undefined)).toBe(true);
  });

  it('V10: the benchmark A/B switch turns the lane off', () => {
    vi.stubGlobal('window', { __floorboardLaneOff: true });
    const lane = new FrameLane();
    lane.flushScheduled();
    expect(lane.claim(100)).toBe(true);
  });
});
