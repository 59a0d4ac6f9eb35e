import { describe, expect, it } from 'vitest';
import { applyMany, createFloorState, reduce } from '@/server/state/reducer';
import type { FloorEvent } from '@/server/state/types';
import { MIN, SEC, T0, agent, floorWith, info, liveFloor, notice } from './reducer-helpers';

describe('S: agent status from notices and screen pops', () => {
  it('S1: a notice sets the status and stateSince = now - time', () => {
    const s = liveFloor();
    const r = reduce(s, notice(1, 257), T0 + 10 * SEC);
    expect(agent(s)).toMatchObject({ status: 'idle', stateSince: T0 + 10 * SEC - 257 * SEC, lastFrameAt: T0 + 10 * SEC });
    expect(r.changed).toEqual(['1001']);
  });

  it('S2: a repeated status whose derived stateSince moves under 2 s keeps stateSince and lists nothing', () => {
    const s = liveFloor();
    reduce(s, notice(1, 10), T0);
    const since = agent(s).stateSince;
    // Ticks arrive with jitter: 1.9 s later the call system still says 11 s.
    const r = reduce(s, notice(1, 11), T0 + 1900);
    expect(agent(s).stateSince).toBe(since);
    expect(r.changed).toEqual([]);
  });

  it('S2: a repeated status whose derived stateSince moves by 2 s or more takes the new value', () => {
    const s = liveFloor();
    reduce(s, notice(1, 10), T0);
    const r = reduce(s, notice(1, 0), T0 + 2 * SEC);
    expect(agent(s).stateSince).toBe(T0 + 2 * SEC);
    expect(r.changed).toEqual(['1001']);
  });

  it('S3: 1 Hz ticks with an unchanged status list no agent, though lastFrameAt moves', () => {
    const extnos = Array.from({ length: 200 }, (_, i) => String(1000 + i));
    const s = liveFloor(extnos);
    for (const extno of extnos) reduce(s, notice(1, 30, extno), T0);
    for (let tick = 1; tick <= 20; tick++) {
      const r = applyMany(s, extnos.map((extno) => notice(1, 30 + tick, extno)), T0 + tick * SEC);
      expect(r.changed).toEqual([]);
    }
    expect(agent(s, '1000').lastFrameAt).toBe(T0 + 20 * SEC);
  });

  it('P1: an idempotent tick returns the same AgentState object, updated only in its liveness fields, and lists nothing', () => {
    const s = liveFloor();
    reduce(s, notice(1, 30), T0);
    reduce(s, notice(1, 31), T0 + SEC);
    const a = agent(s);
    const snapshot = { ...a, lastFrameAt: 0, lastNoticeAt: 0, noticeIntervalMs: 0 };
    for (let tick = 2; tick <= 10; tick++) {
      const r = reduce(s, notice(1, 30 + tick), T0 + tick * SEC);
      expect(r.changed).toEqual([]);
      expect(agent(s)).toBe(a);
    }
    expect(a).toMatchObject({ lastFrameAt: T0 + 10 * SEC, lastNoticeAt: T0 + 10 * SEC, noticeIntervalMs: 1000 });
    // Nothing else moved on the shared object.
    expect({ ...a, lastFrameAt: 0, lastNoticeAt: 0, noticeIntervalMs: 0 }).toEqual(snapshot);
  });

  it('P1: a tick that changes the status, stateSince or a stale link still builds a new AgentState, leaving the old one as it was', () => {
    const s = liveFloor();
    reduce(s, notice(1, 30), T0);
    const idle = agent(s);
    reduce(s, notice(1, 0), T0 + 5 * SEC); // stateSince moved by 25 s (S2)
    expect(agent(s)).not.toBe(idle);
    expect(idle.lastFrameAt).toBe(T0);
    const moved = agent(s);
    reduce(s, notice(2, 0), T0 + 6 * SEC); // status changed
    expect(agent(s)).not.toBe(moved);
    expect(moved.status).toBe('idle');
    const onCall = agent(s);
    reduce(s, { type: 'sweep' }, T0 + 60 * SEC); // no frame for a minute on a ticking feed: stale
    const stale = agent(s);
    expect(stale.link).toBe('stale');
    const r = reduce(s, notice(2, 55), T0 + 61 * SEC); // heard again: live, a visible change
    expect(agent(s)).not.toBe(stale);
    expect(stale).toMatchObject({ link: 'stale', lastFrameAt: T0 + 6 * SEC });
    expect(agent(s).link).toBe('live');
    expect(r.changed).toEqual(['1001']);
    expect(onCall.link).toBe('live');
  });

  it('P1: a repeated screen pop and an announcement keep the same AgentState object', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const a = agent(s);
    expect(reduce(s, info('call-1'), T0 + SEC).changed).toEqual([]);
    const r = reduce(s, { type: 'frame', extno: '1001', frame: { method: 'message', msg: 'hello' } }, T0 + 2 * SEC);
    expect(r.changed).toEqual([]);
    expect(r.messages).toEqual([{ extno: '1001', msg: 'hello' }]);
    expect(agent(s)).toBe(a);
    expect(a.lastFrameAt).toBe(T0 + 2 * SEC);
  });

  it('S4/C3: leaving on_call ends the call when the next status began and adds the talk time', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 5), T0 + 95 * SEC); // wrap-up began 5 s ago: the call lasted 90 s
    const a = agent(s);
    expect(a.status).toBe('wrap_up');
    expect(a.stateSince).toBe(T0 + 90 * SEC);
    expect(a.call).toMatchObject({ sessionId: 'call-1', endedAt: T0 + 90 * SEC });
    expect(a.today.talkSeconds).toBe(90);
  });

  it('S5: the record is kept through wrap-up and cleared on idle', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    expect(agent(s).call?.record.uuid).toBe('rec-1');
    const r = reduce(s, notice(1, 0), T0 + 100 * SEC);
    expect(agent(s).call).toBeNull();
    expect(r.changed).toEqual(['1001']);
  });

  it('S5: signing out from a call clears the call', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(0, 0), T0 + 30 * SEC);
    expect(agent(s)).toMatchObject({ status: 'signed_out', call: null });
    expect(agent(s).today.talkSeconds).toBe(30);
  });

  it('S5: entering on_call by notice from wrap-up drops the ended record', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    reduce(s, notice(2, 0), T0 + 80 * SEC);
    expect(agent(s)).toMatchObject({ status: 'on_call', call: null });
  });

  it('S6: a notice of on_call with no info gives on_call with call = null', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, notice(2, 3), T0 + 10 * SEC);
    expect(agent(s)).toMatchObject({ status: 'on_call', call: null, stateSince: T0 + 7 * SEC });
  });

  it('S6/C2: info after the on_call notice attaches the call, keeps stateSince and counts the call once', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, notice(2, 3), T0 + 10 * SEC);
    const r = reduce(s, info('call-1'), T0 + 10.2 * SEC);
    const a = agent(s);
    expect(a).toMatchObject({ status: 'on_call', stateSince: T0 + 7 * SEC });
    expect(a.call).toMatchObject({ sessionId: 'call-1', connectedAt: T0 + 10.2 * SEC, held: false, endedAt: null });
    expect(a.today.calls).toBe(1);
    expect(r.changed).toEqual(['1001']);
  });

  it('S7: info opens the call, implies on_call from now and counts a call', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    reduce(s, info('call-1'), T0 + 30 * SEC);
    const a = agent(s);
    expect(a).toMatchObject({ status: 'on_call', stateSince: T0 + 30 * SEC });
    expect(a.call).toEqual({
      sessionId: 'call-1',
      city: '北京-北京',
      record: expect.objectContaining({ uuid: 'rec-1' }),
      connectedAt: T0 + 30 * SEC,
      held: false,
      endedAt: null,
    });
    expect(a.today).toMatchObject({ calls: 1, longestIdleSeconds: 30 });
  });

  it('S7/C2: a duplicate info with the same sessionId is idempotent', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    const before = agent(s);
    const r = reduce(s, info('call-1'), T0 + 5 * SEC);
    expect(r.changed).toEqual([]);
    expect(agent(s).call).toBe(before.call);
    expect(agent(s).today.calls).toBe(1);
    expect(agent(s).stateSince).toBe(T0);
  });

  it('S7/C2: a duplicate info during wrap-up does not reopen or recount the call', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, notice(3, 0), T0 + 60 * SEC);
    const r = reduce(s, info('call-1'), T0 + 61 * SEC);
    expect(r.changed).toEqual([]);
    expect(agent(s)).toMatchObject({ status: 'wrap_up', today: expect.objectContaining({ calls: 1 }) });
  });

  it('S7/C3: an info with another sessionId while on_call is a back-to-back call', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, info('call-2'), T0 + 40 * SEC);
    const a = agent(s);
    expect(a.call?.sessionId).toBe('call-2');
    expect(a.stateSince).toBe(T0 + 40 * SEC);
    expect(a.today).toMatchObject({ calls: 2, talkSeconds: 40 });
  });

  it('S8: entering signed_out clears a pending sign-out', () => {
    const s = liveFloor();
    reduce(s, info('call-1'), T0);
    reduce(s, { type: 'control', extno: '1001', change: { pendingSignOut: true } }, T0 + SEC);
    reduce(s, notice(3, 0), T0 + 10 * SEC);
    expect(agent(s).pendingSignOut).toBe(true);
    reduce(s, notice(0, 0), T0 + 20 * SEC);
    expect(agent(s).pendingSignOut).toBe(false);
  });

  it("S9: an info whose outer extno differs is applied to the link's agent", () => {
    const s = liveFloor(['1001', '1003']);
    reduce(s, info('call-1', '1001', '1003'), T0);
    expect(agent(s, '1001').call?.sessionId).toBe('call-1');
    expect(agent(s, '1003').call).toBeNull();
    expect(agent(s, '1001').call?.record.ownerExtno).toBe('1009');
  });

  it('S10: a message changes no status and is returned in messages', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    const r = reduce(s, { type: 'frame', extno: '1001', frame: { method: 'message', msg: '下午三点开会' } }, T0 + SEC);
    expect(r.messages).toEqual([{ extno: '1001', msg: '下午三点开会' }]);
    expect(r.changed).toEqual([]);
    expect(agent(s)).toMatchObject({ status: 'idle', lastFrameAt: T0 + SEC });
  });
});

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

describe('P: purity', () => {
  it('P1: a stored AgentState is replaced, never mutated', () => {
    const s = liveFloor();
    reduce(s, notice(1, 0), T0);
    const held = agent(s);
    const copy = structuredClone(held);
    reduce(s, info('call-1'), T0 + 5 * SEC);
    reduce(s, notice(3, 0), T0 + 50 * SEC);
    reduce(s, { type: 'link', extno: '1001', link: 'backoff' }, T0 + 60 * SEC);
    reduce(s, { type: 'sweep' }, T0 + 2 * 86_400_000);
    expect(agent(s)).not.toBe(held);
    expect(held).toEqual(copy);
  });

  it('P1: the same events at the same times give the same state', () => {
    const run = () => {
      const s = liveFloor(['1001', '1002']);
      const events: FloorEvent[] = [notice(1, 3), info('c', '1002'), notice(3, 0, '1002'), { type: 'sweep' }, notice(2, 1), { type: 'link', extno: '1001', link: 'backoff' }];
      events.forEach((e, i) => reduce(s, e, T0 + i * 7 * SEC));
      return [...s.agents.values()];
    };
    expect(run()).toEqual(run());
  });

  it('P2: applyMany equals reducing one by one, with each agent listed once', () => {
    const events: FloorEvent[] = [notice(1, 0, '1001'), notice(1, 0, '1002'), info('c', '1001'), notice(3, 0, '1001'), { type: 'frame', extno: '1002', frame: { method: 'message', msg: 'hi' } }];
    const one = liveFloor(['1001', '1002']);
    for (const e of events) reduce(one, e, T0);
    const many = liveFloor(['1001', '1002']);
    const r = applyMany(many, events, T0);
    expect([...many.agents.values()]).toEqual([...one.agents.values()]);
    expect(r.changed).toEqual(['1001', '1002']);
    expect(r.messages).toEqual([{ extno: '1002', msg: 'hi' }]);
  });

  it('P2: an agent removed and re-added within a batch is changed, not removed', () => {
    const s = liveFloor(['1001', '1002']);
    const r = applyMany(
      s,
      [
        { type: 'roster', entries: [{ extno: '1001', name: 'Agent 1001', team: 'A' }] },
        { type: 'roster', entries: [{ extno: '1001', name: 'Agent 1001', team: 'A' }, { extno: '1002', name: 'Agent 1002', team: 'A' }] },
      ],
      T0,
    );
    expect(r.removed).toEqual([]);
    expect(r.changed).toEqual(['1002']);
    expect(agent(s, '1002').link).toBe('connecting');
  });
});
