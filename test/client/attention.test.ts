import { describe, expect, it } from 'vitest';
import { FEED_LOST_GRACE_MS, attentionOf, compareAttention } from '@/lib/client/attention';
import { tierFor } from '@/lib/client/tier-config';
import { T0, agent } from './fixtures';

describe('colour tiers by time in state', () => {
  it('uses the VICIdial-like defaults: idle 30/60/300 s, on call 10/60/300 s', () => {
    expect([29, 30, 60, 300].map((s) => tierFor('idle', s))).toEqual([0, 1, 2, 3]);
    expect([9, 10, 60, 300].map((s) => tierFor('on_call', s))).toEqual([0, 1, 2, 3]);
  });
  it('wrap-up has an overrun tier in minutes', () => {
    expect(tierFor('wrap_up', 179)).toBe(2);
    expect(tierFor('wrap_up', 180)).toBe(3);
  });
  it('signed out and unknown have no tiers', () => {
    expect(tierFor('signed_out', 99_999)).toBe(0);
    expect(tierFor('unknown', 99_999)).toBe(0);
  });
});

describe('attention', () => {
  it('wrap-up overrun is the most urgent, then lost feeds, long idle, long wrap-up', () => {
    const now = T0 + 400_000;
    const overrun = attentionOf(agent('1', { status: 'wrap_up', stateSince: now - 200_000 }), now);
    const lost = attentionOf(agent('2', { link: 'backoff', linkSince: now - 60_000, lastFrameAt: now - 60_000 }), now);
    const idle = attentionOf(agent('3', { status: 'idle', stateSince: now - 70_000 }), now);
    const wrap = attentionOf(agent('4', { status: 'wrap_up', stateSince: now - 70_000 }), now);
    expect([overrun?.reason, lost?.reason, idle?.reason, wrap?.reason]).toEqual([
      'wrap_overrun',
      'feed_lost',
      'long_idle',
      'long_wrap',
    ]);
    const sorted = [wrap, idle, null, lost, overrun].sort(compareAttention);
    expect(sorted.map((a) => a?.reason ?? null)).toEqual(['wrap_overrun', 'feed_lost', 'long_idle', 'long_wrap', null]);
  });

  it('a feed blip shorter than the grace period does not lift the tile', () => {
    const now = T0 + 100_000;
    const a = agent('1', { status: 'on_call', link: 'stale', linkSince: now - FEED_LOST_GRACE_MS + 1000 });
    expect(attentionOf(a, now)).toBeNull();
  });

  it('on a call, however long, is not an attention need', () => {
    expect(attentionOf(agent('1', { status: 'on_call', stateSince: T0 - 3_600_000 }), T0)).toBeNull();
  });

  it('within a level the longer wait comes first', () => {
    const now = T0 + 1_000_000;
    const a = attentionOf(agent('1', { stateSince: now - 70_000 }), now);
    const b = attentionOf(agent('2', { stateSince: now - 90_000 }), now);
    expect(compareAttention(a, b)).toBeGreaterThan(0);
  });
});
