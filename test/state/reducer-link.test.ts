import { describe, expect, it } from 'vitest';
import { reduce } from '@/server/state/reducer';
import type { FloorState } from '@/server/state/types';
import { SEC, T0, agent, info, liveFloor, notice } from './reducer-helpers';

/** Send a 1 Hz tick of `status` from `from` for `count` seconds; returns the time of the last tick. */
function tick(s: FloorState, from: number, count: number, status: 0 | 1 | 2 | 3 = 1, extno = '1001'): number {
  let t = from;
  for (let i = 0; i < count; i++) {
    t = from + i * SEC;
    reduce(s, notice(status, Math.round((t - T0) / SEC), extno), t);
  }
  return t;
}

const sweep = { type: 'sweep' } as const;

describe('L: link state', () => {
  it('L1: the status is kept when the link goes down, and the link change is listed', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const r = reduce(s, { type: 'link', extno: '1001', link: 'backoff' }, T0 + 5 * SEC);
    expect(r.changed).toEqual(['1001']);
    expect(agent(s)).toMatchObject({ status: 'on_call', link: 'backoff', linkSince: T0 + 5 * SEC, stateSince: T0 });
    expect(agent(s).call?.sessionId).toBe('call-1');
  });

  it('L1: a link event repeating the link state changes nothing', () => {
    const s = liveFloor();
    const before = agent(s);
    expect(reduce(s, { type: 'link', extno: '1001', link: 'live' }, T0 + 5 * SEC).changed).toEqual([]);
    expect(agent(s).linkSince).toBe(before.linkSince);
  });

  it('L2: a frame on a stale link brings it back to live', () => {
    const s = liveFloor();
    const last = tick(s, T0, 5);
    reduce(s, sweep, last + 11 * SEC);
    expect(agent(s).link).toBe('stale');
    const r = reduce(s, notice(1, 20), last + 12 * SEC);
    expect(agent(s)).toMatchObject({ link: 'live', linkSince: last + 12 * SEC });
    expect(r.changed).toEqual(['1001']);
  });

  it('L2: a message also proves a stale link alive', () => {
    const s = liveFloor();
    const last = tick(s, T0, 5);
    reduce(s, sweep, last + 11 * SEC);
    reduce(s, { type: 'frame', extno: '1001', frame: { method: 'message', msg: 'x' } }, last + 12 * SEC);
    expect(agent(s).link).toBe('live');
  });

  it('L2: a frame does not move a link that is not stale', () => {
    const s = liveFloor();
    reduce(s, { type: 'link', extno: '1001', link: 'backoff' }, T0);
    reduce(s, notice(1, 0), T0 + SEC);
    expect(agent(s).link).toBe('backoff');
  });

  it('L3: a 1 Hz feed is measured as ticking', () => {
    const s = liveFloor();
    tick(s, T0, 10);
    expect(agent(s).noticeIntervalMs).toBe(1000);
  });

  it('L3: a ticking feed goes stale after more than 10 s of silence, not before', () => {
    const s = liveFloor();
    const last = tick(s, T0, 10);
    expect(reduce(s, sweep, last + 10 * SEC).changed).toEqual([]);
    expect(agent(s).link).toBe('live');
    const r = reduce(s, sweep, last + 10 * SEC + 1);
    expect(r.changed).toEqual(['1001']);
    expect(agent(s)).toMatchObject({ link: 'stale', linkSince: last + 10 * SEC + 1, status: 'idle' });
  });

  it('L3: a slower ticking feed goes stale after 3 x its interval', () => {
    const s = liveFloor();
    let t = T0;
    for (let i = 0; i < 10; i++) {
      t = T0 + i * 4 * SEC;
      reduce(s, notice(1, i * 4), t);
    }
    expect(agent(s).noticeIntervalMs).toBe(4000);
    reduce(s, sweep, t + 12 * SEC);
    expect(agent(s).link).toBe('live');
    reduce(s, sweep, t + 12 * SEC + 1);
    expect(agent(s).link).toBe('stale');
  });

  it('L3: a fixed staleness limit from the options replaces the derived one', () => {
    const s = liveFloor(['1001'], { staleAfterMs: 30 * SEC });
    const last = tick(s, T0, 10);
    reduce(s, sweep, last + 20 * SEC);
    expect(agent(s).link).toBe('live');
    reduce(s, sweep, last + 31 * SEC);
    expect(agent(s).link).toBe('stale');
  });

  it('L3: an on-change-only feed never goes stale from silence', () => {
    const s = liveFloor(['1001'], { staleAfterMs: 30 * SEC });
    // Changes only, some only 3 s apart (predictive dialling), with screen pops between.
    reduce(s, notice(1, 0), T0);
    reduce(s, info('c1'), T0 + 3 * SEC);
    reduce(s, notice(2, 0), T0 + 3 * SEC + 50);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    reduce(s, notice(1, 0), T0 + 70 * SEC);
    reduce(s, info('c2'), T0 + 73 * SEC);
    reduce(s, notice(2, 0), T0 + 73 * SEC + 50);
    expect(agent(s).noticeIntervalMs).toBeNull();
    reduce(s, sweep, T0 + 3600 * SEC);
    expect(agent(s).link).toBe('live');
  });

  it('L3: silence is counted from the link going live again, not from the last frame before it', () => {
    const s = liveFloor();
    const last = tick(s, T0, 10);
    reduce(s, { type: 'link', extno: '1001', link: 'backoff' }, last + SEC);
    reduce(s, { type: 'link', extno: '1001', link: 'live' }, last + 60 * SEC);
    reduce(s, sweep, last + 65 * SEC);
    expect(agent(s).link).toBe('live');
    reduce(s, sweep, last + 71 * SEC);
    expect(agent(s).link).toBe('stale');
  });

  it('L3: only a live link goes stale', () => {
    const s = liveFloor();
    const last = tick(s, T0, 10);
    reduce(s, { type: 'link', extno: '1001', link: 'backoff' }, last + SEC);
    reduce(s, sweep, last + 60 * SEC);
    expect(agent(s).link).toBe('backoff');
  });

  it('L3: the first notice after a reconnect is not an interval sample', () => {
    const s = liveFloor();
    const last = tick(s, T0, 10);
    reduce(s, { type: 'link', extno: '1001', link: 'backoff' }, last + SEC);
    reduce(s, { type: 'link', extno: '1001', link: 'live' }, last + 600 * SEC);
    reduce(s, notice(1, 700), last + 601 * SEC);
    expect(agent(s).noticeIntervalMs).toBe(1000);
  });
});
