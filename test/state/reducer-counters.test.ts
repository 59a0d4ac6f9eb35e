/** Reducer rules C1-C4 (docs/behaviour-rules.md): today's counters. */
import { describe, expect, it } from 'vitest';
import { createFloorState, reduce } from '@/server/state/reducer';
import { MIN, SEC, T0, agent, info, liveFloor, notice } from './reducer-helpers';

describe('C: today counters', () => {
  it('C1: counters reset on the first event of a new Shanghai day, not at UTC midnight', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(1, 0), T0 + 60 * SEC);
    // 2024-03-06 00:30 UTC is 08:30 in Shanghai: still the next day there, a new day for the counters.
    const utcMidnight = Date.UTC(2024, 2, 6, 0, 0, 30);
    const beforeShanghaiMidnight = Date.UTC(2024, 2, 5, 15, 59, 0); // 23:59 Shanghai
    reduce(s, notice(1, 0), beforeShanghaiMidnight);
    expect(agent(s).today.calls).toBe(1);
    const r = reduce(s, notice(1, 0), beforeShanghaiMidnight + 2 * MIN);
    expect(agent(s).countersDay).toBe('2024-03-06');
    expect(agent(s).today).toEqual({ calls: 0, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0, idleSeconds: 0 });
    expect(r.changed).toEqual(['1001']);
    reduce(s, notice(1, 0), utcMidnight);
    expect(agent(s).countersDay).toBe('2024-03-06');
  });

  it('C1: a sweep on a new day resets the counters of agents that sent nothing', () => {
    const s = liveFloor(['1001', '1002']);
    reduce(s, info('call-1', '1001'), T0);
    const r = reduce(s, { type: 'sweep' }, Date.UTC(2024, 2, 5, 16, 0, 1));
    expect(agent(s, '1001').today.calls).toBe(0);
    expect(agent(s, '1002').countersDay).toBe('2024-03-06');
    // Only the agent whose visible counters changed is listed.
    expect(r.changed).toEqual(['1001']);
  });

  it('C1: the day boundary follows the configured time zone', () => {
    const s = liveFloor(['1001'], { timeZone: 'Europe/London' }, Date.UTC(2024, 2, 5, 12));
    expect(agent(s).countersDay).toBe('2024-03-05');
    reduce(s, { type: 'sweep' }, Date.UTC(2024, 2, 5, 23, 59));
    expect(agent(s).countersDay).toBe('2024-03-05');
    reduce(s, { type: 'sweep' }, Date.UTC(2024, 2, 6, 0, 0, 1));
    expect(agent(s).countersDay).toBe('2024-03-06');
  });

  it('C1: an unknown time zone fails at creation', () => {
    expect(() => createFloorState({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('C2: calls count once per call whether the notice or the info comes first, also with no info at all', () => {
    const s = liveFloor(['a', 'b', 'c']);
    reduce(s, info('x', 'a'), T0);
    reduce(s, notice(2, 0, 'a'), T0 + 100);
    reduce(s, notice(2, 0, 'b'), T0);
    reduce(s, info('y', 'b'), T0 + 100);
    reduce(s, notice(2, 0, 'c'), T0);
    reduce(s, notice(3, 0, 'c'), T0 + 30 * SEC);
    reduce(s, notice(2, 0, 'c'), T0 + 40 * SEC);
    expect([agent(s, 'a'), agent(s, 'b'), agent(s, 'c')].map((a) => a.today.calls)).toEqual([1, 1, 2]);
  });

  it('C3: wrap-up seconds are added when wrap-up is left', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    reduce(s, notice(1, 2), T0 + 107 * SEC);
    expect(agent(s).today).toEqual({ calls: 1, talkSeconds: 60, wrapSeconds: 45, longestIdleSeconds: 0, idleSeconds: 0 });
  });

  it('C4: longest idle is the longest completed idle period, and idle seconds sum them', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, info('c1'), T0 + 50 * SEC);
    reduce(s, notice(1, 0), T0 + 100 * SEC);
    reduce(s, info('c2'), T0 + 120 * SEC);
    expect(agent(s).today.longestIdleSeconds).toBe(50);
    reduce(s, notice(1, 0), T0 + 130 * SEC);
    reduce(s, notice(0, 0), T0 + 300 * SEC);
    expect(agent(s).today.longestIdleSeconds).toBe(170);
    expect(agent(s).today.idleSeconds).toBe(50 + 20 + 170);
  });
});
