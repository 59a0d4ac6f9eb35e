/**
 * The pure engine's state machine with a fake clock: sustained-for, hysteresis, cooldown,
 * quiet hours, team scope, unknown data, rule and roster changes, acknowledgement.
 * Rule ids: docs/alerts.md.
 */
import { describe, expect, it } from 'vitest';
import { alertVisibleTo } from '@/lib/alerts/types';
import { acknowledge } from '@/server/alerts/engine';
import { FakeFloor, MIN, Runner, SEC, T0, rule } from './engine-kit';

const actor = { id: 'u1', name: '王班长' };

describe('alert lifecycle', () => {
  it('AL1: an alert opens only after the condition has held for sustainedForSec; a shorter spell leaves no trace', () => {
    const floor = new FakeFloor().set('1001', 'A', 'wrap_up', T0).set('1002', 'A', 'wrap_up', T0);
    const r = new Runner(floor, [rule({ kind: 'wrap_up_long', params: { thresholdSec: 60 }, sustainedForSec: 30 })]);
    r.advance(60 * SEC);
    expect(r.open()).toEqual([]); // 60 s is not "longer than 60 s"
    r.advance(30 * SEC); // condition true from 61 s, pending for 29 s
    expect(r.openAgent('1001')).toBeUndefined();
    // 1002 submits its form while still pending: nothing was ever opened for it.
    floor.set('1002', 'A', 'idle', r.now);
    r.advance(SEC);
    expect(r.openAgent('1001')?.openedAt).toBe(T0 + 91 * SEC);
    expect(r.openAgent('1002')).toBeUndefined();
    expect(r.opened.filter((a) => a.subject.kind === 'agent').map((a) => a.subject.kind === 'agent' && a.subject.extno)).toEqual(['1001']);
  });

  it('AL2: hysteresis keeps an alert open while the value stays within the margin, and clearForSec rides out a flapping link', () => {
    // Occupancy: opens under 60 %, closes only at 70 % or more (margin 10).
    const floor = new FakeFloor();
    const setOnCall = (k: number): void => {
      for (let i = 0; i < 10; i++) floor.set(`20${i}`, 'A', i < k ? 'on_call' : 'idle', T0);
    };
    setOnCall(5);
    const r = new Runner(floor, [rule({ kind: 'team_occupancy_low', params: { minPercent: 60, minSignedIn: 3 }, hysteresis: { margin: 10, clearForSec: 0 } })]);
    r.advance(SEC);
    expect(r.opened).toHaveLength(1);
    for (const k of [6, 5, 6, 6, 5, 6]) {
      setOnCall(k);
      r.advance(SEC);
    }
    expect(r.opened).toHaveLength(1);
    expect(r.closed).toHaveLength(0);
    setOnCall(7);
    r.advance(SEC);
    expect(r.closed).toHaveLength(1);

    // Feed: a link that is live for 3 s between outages does not close the alert; 10 s live does.
    const f2 = new FakeFloor().set('3001', 'B', 'idle', T0, 'backoff', T0);
    const r2 = new Runner(f2, [rule({ kind: 'feed_lost', params: { thresholdSec: 5 }, hysteresis: { margin: 0, clearForSec: 10 } })]);
    r2.advance(6 * SEC);
    expect(r2.openAgent('3001')).toBeDefined();
    for (let i = 0; i < 3; i++) {
      f2.patch('3001', { link: 'live', linkSince: r2.now });
      r2.advance(3 * SEC);
      f2.patch('3001', { link: 'stale', linkSince: r2.now });
      r2.advance(SEC);
    }
    expect(r2.closed).toHaveLength(0);
    expect(r2.opened.filter((a) => a.subject.kind === 'agent')).toHaveLength(1);
    f2.patch('3001', { link: 'live', linkSince: r2.now });
    r2.advance(10 * SEC); // the first tick that sees it live starts the 10 s clear time
    expect(r2.openAgent('3001')).toBeDefined();
    r2.advance(SEC);
    expect(r2.openAgent('3001')).toBeUndefined();
    expect(r2.closed.find((a) => a.subject.kind === 'agent')?.closeReason).toBe('cleared');
  });

  it('AL3: after an alert closes, the same subject cannot open another within cooldownSec; it opens when the cooldown ends if still due', () => {
    const floor = new FakeFloor().set('1001', 'A', 'idle', T0);
    const r = new Runner(floor, [rule({ kind: 'idle_long', params: { thresholdSec: 10 }, cooldownSec: 60 })]);
    r.advance(11 * SEC);
    expect(r.openAgent('1001')).toBeDefined();
    floor.set('1001', 'A', 'on_call', r.now); // T0+11
    r.advance(SEC); // closes at T0+12: cooldown until T0+72
    expect(r.openAgent('1001')).toBeUndefined();
    floor.set('1001', 'A', 'idle', r.now);
    r.advance(59 * SEC); // T0+71: idle 59 s, due since T0+23, held back
    expect(r.openAgent('1001')).toBeUndefined();
    r.advance(SEC);
    expect(r.openAgent('1001')?.openedAt).toBe(T0 + 72 * SEC);
    // Another agent is not affected by 1001's cooldown.
    expect(r.state.runtimes.get('r-idle-long')!.cooldownUntil.has('1002')).toBe(false);
  });

  it('AL4: quiet hours hold back new alerts (opened when they end if still due) and leave open ones to close normally', () => {
    const floor = new FakeFloor().set('1001', 'A', 'idle', T0); // 10:00 UTC
    const r = new Runner(floor, [rule({ kind: 'idle_long', params: { thresholdSec: 60 }, quietHours: [{ start: '10:05', end: '10:10' }] })]);
    r.advance(61 * SEC);
    expect(r.openAgent('1001')).toBeDefined();
    floor.set('1002', 'A', 'idle', T0 + 4 * MIN + 30 * SEC);
    r.advance(4 * MIN); // 10:05:01, 1002 due at 10:05:31
    r.advance(MIN); // 10:06:01
    expect(r.openAgent('1002')).toBeUndefined();
    expect(r.openAgent('1001')).toBeDefined(); // quiet hours do not close what is open
    floor.set('1001', 'A', 'on_call', r.now);
    r.advance(SEC);
    expect(r.openAgent('1001')).toBeUndefined(); // but it still closes when it clears
    r.advance(T0 + 10 * MIN - r.now - SEC); // 10:09:59
    expect(r.openAgent('1002')).toBeUndefined();
    r.advance(SEC); // 10:10:00
    expect(r.openAgent('1002')?.openedAt).toBe(T0 + 10 * MIN);

    // A window across midnight: 23:00-01:00 is quiet at 00:30.
    const night = Date.UTC(2025, 0, 7, 0, 30);
    const f2 = new FakeFloor().set('1', 'A', 'idle', night - 10 * MIN);
    const r2 = new Runner(f2, [rule({ kind: 'idle_long', params: { thresholdSec: 60 }, quietHours: [{ start: '23:00', end: '01:00' }] })], night);
    r2.advance(SEC);
    expect(r2.open()).toEqual([]);
  });

  it('AL5: a rule watches only its teams, and a board sees only alerts of its teams (floor alerts everywhere)', () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0).set('2', 'B', 'wrap_up', T0);
    for (let i = 0; i < 5; i++) floor.set(`9${i}`, 'C', 'idle', T0, 'backoff', T0);
    const r = new Runner(floor, [
      rule({ kind: 'wrap_up_long', params: { thresholdSec: 10 }, teams: ['A'] }),
      rule({ kind: 'links_down', params: { minPercent: 20, minAgents: 5 } }),
    ]);
    r.advance(11 * SEC);
    expect(r.openAgent('1')).toBeDefined();
    expect(r.openAgent('2')).toBeUndefined();
    const agentAlert = r.openAgent('1')!;
    const floorAlert = r.open().find((a) => a.kind === 'links_down')!;
    expect(agentAlert.teams).toEqual(['A']);
    expect(alertVisibleTo(agentAlert, ['A', 'C'])).toBe(true);
    expect(alertVisibleTo(agentAlert, '*')).toBe(true);
    expect(alertVisibleTo(agentAlert, ['B'])).toBe(false);
    expect(floorAlert.teams).toBe('*');
    expect(alertVisibleTo(floorAlert, ['B'])).toBe(true);
  });

  it('AL7: while an agent\'s link is not live its status rules neither open nor close (the status is only last known)', () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0).set('2', 'A', 'wrap_up', T0, 'stale', T0);
    const r = new Runner(floor, [rule({ kind: 'wrap_up_long', params: { thresholdSec: 10 } })]);
    r.advance(11 * SEC);
    expect(r.openAgent('1')).toBeDefined();
    expect(r.openAgent('2')).toBeUndefined();
    floor.patch('1', { link: 'stale', linkSince: r.now });
    r.advance(60 * SEC);
    expect(r.openAgent('1')).toBeDefined();
    floor.set('1', 'A', 'idle', r.now - 5 * SEC, 'live', r.now);
    r.advance(SEC);
    expect(r.openAgent('1')).toBeUndefined();
  });

  it('AL16: editing or deleting a rule restarts its alerts; the same rule re-read keeps them; agents leaving the floor or their team close theirs', () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0).set('2', 'A', 'wrap_up', T0).set('3', 'A', 'wrap_up', T0);
    const base = rule({ kind: 'wrap_up_long', params: { thresholdSec: 10 } });
    const r = new Runner(floor, [base]);
    r.advance(11 * SEC);
    const before = r.openAgent('1')!;
    r.rules = [structuredClone(base)]; // same content, new object (a store re-read)
    r.advance(SEC);
    expect(r.openAgent('1')?.id).toBe(before.id);

    floor.agents.delete('2');
    floor.patch('3', { team: 'B' });
    r.advance(SEC);
    expect(r.closed.find((a) => a.subject.kind === 'agent' && a.subject.extno === '2')?.closeReason).toBe('agent_removed');
    expect(r.closed.find((a) => a.subject.kind === 'agent' && a.subject.extno === '3')?.closeReason).toBe('team_changed');
    expect(r.openAgent('3')?.teams).toEqual(['B']); // re-opened under the new team at once (no cooldown)

    r.rules = [{ ...base, severity: 'critical' }];
    r.advance(SEC);
    expect(r.closed.find((a) => a.id === before.id)?.closeReason).toBe('rule_changed');
    expect(r.openAgent('1')?.severity).toBe('critical');
    r.rules = [];
    r.advance(SEC);
    expect(r.open()).toEqual([]);
    expect(r.state.byId.size).toBe(0);
  });

  it('AL17: the first acknowledgement wins; acknowledging a summary acknowledges its agents; unknown ids are refused', () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0).set('2', 'A', 'wrap_up', T0);
    const r = new Runner(floor, [rule({ kind: 'wrap_up_long', params: { thresholdSec: 10 } })]);
    r.advance(11 * SEC);
    const a1 = r.openAgent('1')!;
    const first = acknowledge(r.state, a1.id, actor, r.now);
    expect(first.ok && first.alert.acknowledged).toEqual({ by: actor, at: r.now });
    const again = acknowledge(r.state, a1.id, { id: 'u2', name: 'other' }, r.now + SEC);
    expect(again.ok && again.alert.acknowledged?.by.id).toBe('u1');
    expect(again.ok && again.updated).toEqual([]);

    const summary = r.summary('A')!;
    const s = acknowledge(r.state, summary.id, { id: 'u3', name: '李经理' }, r.now);
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    // The summary and the agent not yet acknowledged; agent 1 keeps its first acknowledgement.
    expect(s.updated.map((a) => a.id).sort()).toEqual([summary.id, r.openAgent('2')!.id].sort());
    expect(r.openAgent('2')?.acknowledged?.by.id).toBe('u3');
    expect(r.openAgent('1')?.acknowledged?.by.id).toBe('u1');
    expect(acknowledge(r.state, 'nope', actor, r.now)).toEqual({ ok: false, code: 'ALERT_NOT_FOUND' });
  });
});
