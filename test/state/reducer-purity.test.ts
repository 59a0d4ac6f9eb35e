/** Reducer rules P1-P2 (docs/behaviour-rules.md): purity, in-place liveness updates, batches. */
import { describe, expect, it } from 'vitest';
import { applyMany, reduce } from '@/server/state/reducer';
import type { FloorEvent } from '@/server/state/types';
import { SEC, T0, agent, info, liveFloor, notice } from './reducer-helpers';

describe('P: purity', () => {
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

  it('P4: previous holds each changed agent\'s state before the event, in the order of changed', () => {
    const s = liveFloor(['1001', '1002']);
    const idle = agent(s, '1001');
    let r = reduce(s, notice(2, 0, '1001'), T0 + SEC);
    expect(r.changed).toEqual(['1001']);
    expect(r.previous).toEqual([idle]);
    expect(r.previous[0]).toBe(idle);

    // A sweep that turns both (ticking, then silent) links stale lists both with their old states.
    for (let t = 2; t <= 4; t++) {
      reduce(s, notice(2, t - 1, '1001'), T0 + t * SEC);
      reduce(s, notice(1, t, '1002'), T0 + t * SEC);
    }
    const before = [agent(s, '1001'), agent(s, '1002')];
    r = reduce(s, { type: 'sweep' }, T0 + 60 * SEC);
    expect(r.changed).toEqual(['1001', '1002']);
    expect(r.previous).toEqual(before);
    expect(r.previous.map((a) => a?.link)).toEqual(['live', 'live']);

    // A roster event: a renamed agent brings its old state, a new one undefined.
    const old1001 = agent(s, '1001');
    r = reduce(s, { type: 'roster', entries: [{ extno: '1001', name: 'Renamed', team: 'A' }, { extno: '1002', name: 'Agent 1002', team: 'A' }, { extno: '1003', name: 'New', team: 'B' }] }, T0 + 61 * SEC);
    expect(r.changed).toEqual(['1001', '1003']);
    expect(r.previous).toEqual([old1001, undefined]);
  });

  it('P4: an event that changes nothing a board shows returns one shared frozen result, with nothing listed', () => {
    const s = liveFloor();
    reduce(s, notice(1, 30), T0);
    const first = reduce(s, notice(1, 31), T0 + SEC);
    const second = reduce(s, notice(1, 32), T0 + 2 * SEC);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({ state: s, changed: [], previous: [], removed: [], messages: [] });
    // Another floor has its own.
    const other = liveFloor();
    reduce(other, notice(1, 30), T0);
    expect(reduce(other, notice(1, 31), T0 + SEC).state).toBe(other);
  });

  it('P2/P4: applyMany gives each changed agent\'s state before its first change in the batch', () => {
    const s = liveFloor(['1001', '1002']);
    const before = [agent(s, '1001'), agent(s, '1002')];
    const r = applyMany(s, [notice(1, 0, '1001'), notice(1, 0, '1002'), notice(3, 0, '1001')], T0);
    expect(r.changed).toEqual(['1001', '1002']);
    expect(r.previous).toEqual(before);
  });
});
