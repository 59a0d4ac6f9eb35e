/** Reducer rules R1-R3 and K1-K2 (docs/behaviour-rules.md): roster events and control-driven state. */
import { describe, expect, it } from 'vitest';
import { createFloorState, reduce } from '@/server/state/reducer';
import type { FloorEvent } from '@/server/state/types';
import { SEC, T0, agent, floorWith, info, liveFloor, notice } from './reducer-helpers';

describe('R: roster', () => {
  it('R1: new roster agents start unknown and connecting, and are listed', () => {
    const s = createFloorState();
    const r = reduce(s, { type: 'roster', entries: [{ extno: '1001', name: '张三', team: 'A' }] }, T0);
    expect(r.changed).toEqual(['1001']);
    expect(agent(s)).toMatchObject({ status: 'unknown', link: 'connecting', stateSince: T0, linkSince: T0, call: null, lastFrameAt: null, countersDay: '2024-03-05' });
  });

  it('R2: a reloaded roster renames, moves teams and removes missing agents', () => {
    const s = floorWith(['1001', '1002', '1003']);
    const r = reduce(
      s,
      { type: 'roster', entries: [{ extno: '1001', name: 'Agent 1001', team: 'A' }, { extno: '1002', name: '李四', team: 'B' }] },
      T0 + SEC,
    );
    expect(r.changed).toEqual(['1002']);
    expect(r.removed).toEqual(['1003']);
    expect([...s.agents.keys()]).toEqual(['1001', '1002']);
    expect(agent(s, '1002')).toMatchObject({ name: '李四', team: 'B' });
  });

  it('R3: frame, link and control events for an unknown extension are ignored', () => {
    const s = liveFloor();
    const before = agent(s);
    for (const event of [
      notice(2, 0, '9999'),
      info('x', '9999'),
      { type: 'link', extno: '9999', link: 'backoff' },
      { type: 'control', extno: '9999', change: { pendingSignOut: true } },
    ] satisfies FloorEvent[]) {
      const r = reduce(s, event, T0 + SEC);
      expect(r).toMatchObject({ changed: [], removed: [], messages: [] });
    }
    expect(s.agents.size).toBe(1);
    expect(agent(s)).toBe(before);
  });
});

describe('K: control-driven state', () => {
  it('K1: pendingSignOut is set and cleared by control events', () => {
    const s = liveFloor();
    expect(reduce(s, { type: 'control', extno: '1001', change: { pendingSignOut: true } }, T0).changed).toEqual(['1001']);
    expect(agent(s).pendingSignOut).toBe(true);
    expect(reduce(s, { type: 'control', extno: '1001', change: { pendingSignOut: true } }, T0).changed).toEqual([]);
    reduce(s, { type: 'control', extno: '1001', change: { pendingSignOut: false } }, T0);
    expect(agent(s).pendingSignOut).toBe(false);
  });

  it('K2: held is set on the open call and ignored without one', () => {
    const s = liveFloor();
    expect(reduce(s, { type: 'control', extno: '1001', change: { held: true } }, T0).changed).toEqual([]);
    reduce(s, info('call-1'), T0);
    expect(reduce(s, { type: 'control', extno: '1001', change: { held: true } }, T0 + SEC).changed).toEqual(['1001']);
    expect(agent(s).call?.held).toBe(true);
    reduce(s, notice(3, 0), T0 + 10 * SEC);
    expect(reduce(s, { type: 'control', extno: '1001', change: { held: false } }, T0 + 11 * SEC).changed).toEqual([]);
    expect(agent(s).call?.held).toBe(true);
  });
});
