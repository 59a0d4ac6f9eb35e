/**
 * Every rule kind, the team summaries and their spoken text, the shipped defaults, and the
 * engine's cost at 10 000 agents. Rule ids: docs/alerts.md.
 */
import { describe, expect, it } from 'vitest';
import { renderAlertText } from '@/lib/alerts/messages';
import { ALERT_RULE_KINDS, DEFAULT_RULES, alertRuleSchema, alertRuleSetSchema } from '@/lib/alerts/rules';
import { acknowledge, createEngineState, evaluate } from '@/server/alerts/engine';
import { FakeFloor, MIN, Runner, SEC, T0, TZ, rule } from './engine-kit';

const byId = (id: string) => DEFAULT_RULES.find((r) => r.id === id)!;

describe('rule kinds', () => {
  it('AL6: per-agent alerts roll up into one team summary per rule and team, with the spoken text in both languages', () => {
    const floor = new FakeFloor().set('1', '3号组', 'wrap_up', T0).set('2', '3号组', 'wrap_up', T0).set('3', 'B', 'wrap_up', T0);
    const r = new Runner(floor, [byId('wrap-up-5m')]);
    r.advance(5 * MIN + SEC);
    const sA = r.summary('3号组')!;
    expect(sA.agents).toEqual(['1', '2']);
    expect(sA.message).toEqual({ key: 'wrap_up_long.team', params: { team: '3号组', count: 2, seconds: 300 } });
    expect(sA.speech).toEqual({ 'zh-CN': '3号组 有2名坐席话后处理超过5分钟', en: '3号组: 2 agents in wrap-up over 5 minutes' });
    expect(r.summary('B')?.speech.en).toBe('B: 1 agent in wrap-up over 5 minutes');
    // Opened in the same tick: each summary appears once, already complete, and is not "updated".
    expect(r.opened.filter((a) => a.id === sA.id)).toHaveLength(1);
    expect(r.updated).toHaveLength(0);
    const a1 = r.openAgent('1')!;
    expect(a1.summaryId).toBe(sA.id);
    expect(a1.speech['zh-CN']).toBe('3号组 坐席1（1）话后处理超过5分钟');

    // Acknowledged, then a new agent joins: the summary calls for attention again.
    acknowledge(r.state, sA.id, { id: 'u1', name: '王' }, r.now);
    floor.set('4', '3号组', 'wrap_up', r.now - 5 * MIN);
    r.advance(SEC);
    const joined = r.summary('3号组')!;
    expect(joined.message.params.count).toBe(3);
    expect(joined.acknowledged).toBeNull();
    expect(joined.attentionAt).toBe(r.now);
    expect(joined.id).toBe(sA.id);

    // Acknowledged again, then an agent leaves: fewer is no news, the acknowledgement stays.
    acknowledge(r.state, sA.id, { id: 'u1', name: '王' }, r.now);
    floor.set('1', '3号组', 'idle', r.now);
    r.advance(SEC);
    expect(r.summary('3号组')?.agents).toEqual(['2', '4']);
    expect(r.summary('3号组')?.acknowledged?.by.id).toBe('u1');
    floor.set('2', '3号组', 'idle', r.now).set('4', '3号组', 'idle', r.now);
    r.advance(SEC);
    expect(r.summary('3号组')).toBeUndefined();
    expect(r.closed.find((a) => a.id === sA.id)?.closeReason).toBe('cleared');
  });

  it('AL8: wrap-up over 5 minutes opens a warning and over 10 minutes a critical alert; submitting the form closes both', () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0);
    const r = new Runner(floor, DEFAULT_RULES);
    r.advance(5 * MIN);
    expect(r.openAgent('1')).toBeUndefined();
    r.advance(SEC);
    expect(r.openAgent('1', 'wrap-up-5m')?.severity).toBe('warning');
    r.advance(5 * MIN);
    expect(r.openAgent('1', 'wrap-up-10m')?.severity).toBe('critical');
    floor.set('1', 'A', 'idle', r.now);
    r.advance(SEC);
    expect(r.openAgent('1')).toBeUndefined();
    expect(r.closed.filter((a) => a.subject.kind === 'agent').map((a) => a.ruleId).sort()).toEqual(['wrap-up-10m', 'wrap-up-5m']);
  });

  it('AL9: idle over 5 minutes opens a warning (silent over lunch with the default quiet hours)', () => {
    const floor = new FakeFloor().set('1', 'A', 'idle', T0);
    const r = new Runner(floor, [byId('idle-5m')], T0, 'UTC');
    r.advance(5 * MIN + SEC);
    expect(r.openAgent('1')?.speech.en).toBe('A: 坐席1 (1) idle over 5 minutes');
    const lunch = Date.UTC(2025, 0, 6, 12, 30);
    const f2 = new FakeFloor().set('1', 'A', 'idle', lunch - 20 * MIN);
    const r2 = new Runner(f2, [byId('idle-5m')], lunch, 'UTC');
    r2.advance(SEC);
    expect(r2.open()).toEqual([]);
  });

  it('AL10: one call longer than 20 minutes opens an info alert', () => {
    const floor = new FakeFloor().set('1', 'A', 'on_call', T0 - 20 * MIN);
    const r = new Runner(floor, [byId('call-20m')]);
    r.advance(SEC);
    expect(r.openAgent('1')).toMatchObject({ severity: 'info', kind: 'call_long' });
    expect(r.openAgent('1')?.speech['zh-CN']).toBe('A 坐席1（1）通话超过20分钟');
  });

  it('AL11: a link not live for over 30 s opens feed lost (signed-out agents only on request); held back while links are down floor-wide', () => {
    const floor = new FakeFloor().set('1', 'A', 'idle', T0, 'backoff', T0).set('2', 'A', 'signed_out', T0, 'backoff', T0);
    const r = new Runner(floor, [byId('feed-lost-30s')]);
    r.advance(31 * SEC);
    expect(r.openAgent('1')?.speech.en).toBe('A: 坐席1 (1): feed lost for over 30 seconds');
    expect(r.openAgent('2')).toBeUndefined();
    const withOut = new Runner(floor, [rule({ kind: 'feed_lost', params: { thresholdSec: 30, includeSignedOut: true } })]);
    withOut.advance(31 * SEC);
    expect(withOut.openAgent('2')).toBeDefined();

    const f3 = new FakeFloor();
    for (let i = 0; i < 10; i++) f3.set(`${i}`, 'A', 'idle', T0, i < 3 ? 'backoff' : 'live', T0);
    const r3 = new Runner(f3, [byId('feed-lost-30s'), rule({ id: 'down', kind: 'links_down', params: { minPercent: 20, minAgents: 5 } })]);
    r3.advance(40 * SEC);
    expect(r3.open().map((a) => a.kind)).toEqual(['links_down']);
  });

  it('AL12: more than K agents of a team signed out during the shift opens an alert that follows who is signed out; outside the shift it is silent', () => {
    const floor = new FakeFloor();
    ['1', '2', '3'].forEach((e) => floor.set(e, 'A', 'signed_out', T0 - MIN));
    ['4', '5'].forEach((e) => floor.set(e, 'A', 'idle', T0 - MIN));
    const signedOut = rule({ kind: 'team_signed_out', params: { maxSignedOut: 1, shift: { start: '09:00', end: '18:00' } } });
    const r = new Runner(floor, [signedOut]);
    r.advance(SEC);
    const a = r.open()[0]!;
    expect(a).toMatchObject({ subject: { kind: 'team', team: 'A', summary: false }, agents: ['1', '2', '3'] });
    expect(a.speech['zh-CN']).toBe('A 班内有3名坐席签出');
    floor.set('1', 'A', 'idle', r.now);
    r.advance(SEC);
    expect(r.updated.at(-1)?.agents).toEqual(['2', '3']);
    expect(r.updated.at(-1)?.speech.en).toBe('A: 2 agents signed out during the shift');
    floor.set('2', 'A', 'idle', r.now);
    r.advance(SEC);
    expect(r.open()).toEqual([]);

    const evening = Date.UTC(2025, 0, 6, 19, 0);
    const f2 = new FakeFloor();
    ['1', '2', '3'].forEach((e) => f2.set(e, 'A', 'signed_out', evening - MIN));
    const r2 = new Runner(f2, [signedOut], evening);
    r2.advance(SEC);
    expect(r2.open()).toEqual([]);
  });

  it('AL13: team occupancy under P% for the sustained time opens an alert; too few agents signed in is not a measure', () => {
    const floor = new FakeFloor();
    ['1', '2', '3', '4'].forEach((e) => floor.set(e, 'A', 'idle', T0));
    ['5', '6'].forEach((e) => floor.set(e, 'B', 'idle', T0));
    const r = new Runner(floor, [byId('team-occupancy-60')]);
    r.advance(10 * MIN);
    expect(r.open()).toEqual([]);
    r.advance(SEC);
    const a = r.open()[0]!;
    expect(a.subject).toEqual({ kind: 'team', team: 'A', summary: false });
    expect(a.speech['zh-CN']).toBe('A 占用率低于60%已持续10分钟');
    expect(a.speech.en).toBe('A: occupancy under 60% for 10 minutes');
  });

  it('AL14: no call connected for N minutes while agents are signed in opens a critical floor alert, counted from when agents signed in', () => {
    const floor = new FakeFloor();
    ['1', '2'].forEach((e) => floor.set(e, 'A', 'signed_out', T0 - 60 * MIN));
    const r = new Runner(floor, [byId('floor-no-calls-10m')]);
    r.advance(20 * MIN);
    expect(r.open()).toEqual([]); // a closed floor takes no calls
    floor.set('1', 'A', 'idle', r.now); // T0+20m
    r.advance(5 * MIN);
    floor.call('A', r.now); // T0+25m
    r.advance(10 * MIN - SEC);
    expect(r.open()).toEqual([]);
    r.advance(SEC);
    const a = r.open()[0]!;
    expect(a).toMatchObject({ kind: 'floor_no_calls', severity: 'critical', subject: { kind: 'floor' }, teams: '*' });
    expect(a.speech['zh-CN']).toBe('全场已10分钟没有接通电话，请检查外呼系统');
    floor.call('A', r.now);
    r.advance(SEC);
    expect(r.open()).toEqual([]);
  });

  it('AL15: at least X% of links down opens a critical floor alert after 15 s; it closes below X minus the margin after the clear time', () => {
    const floor = new FakeFloor();
    for (let i = 0; i < 10; i++) floor.set(`${i}`, 'A', 'idle', T0);
    const down = (n: number): void => {
      for (let i = 0; i < 10; i++) floor.patch(`${i}`, { link: i < n ? 'backoff' : 'live' });
    };
    const r = new Runner(floor, [byId('links-down-20')]);
    down(1);
    r.advance(30 * SEC);
    expect(r.open()).toEqual([]);
    down(2);
    r.advance(15 * SEC);
    expect(r.open()).toEqual([]);
    r.advance(SEC);
    expect(r.open()[0]?.speech.en).toBe('20% of agent links are down (2/10): the call system may be failing');
    down(1); // 10 % < 20 - 5: clearing
    r.advance(20 * SEC);
    down(2); // back before the 30 s clear time: still the same alert
    r.advance(SEC);
    down(1);
    r.advance(30 * SEC);
    expect(r.closed).toHaveLength(0);
    r.advance(SEC); // clear for 30 s, counted from the first tick that saw it clear
    expect(r.opened).toHaveLength(1);
    expect(r.closed).toHaveLength(1);
  });

  it('AL22: 10 000 agents with nothing wrong cost one pass and create no tracks', () => {
    const floor = new FakeFloor();
    // 30 teams, three in four agents on a call: occupancy 75 %, nobody over any threshold.
    for (let i = 0; i < 10_000; i++) floor.set(String(100_000 + i), `T${i % 30}`, Math.floor(i / 30) % 4 === 0 ? 'idle' : 'on_call', T0 - 10 * SEC);
    const state = createEngineState();
    evaluate(state, floor, DEFAULT_RULES, T0, TZ);
    const started = performance.now();
    const ticks = 20;
    for (let t = 1; t <= ticks; t++) evaluate(state, floor, DEFAULT_RULES, T0 + t * 50, TZ);
    const perTick = (performance.now() - started) / ticks;
    for (const rt of state.runtimes.values()) expect(rt.tracks.size).toBe(0);
    // A few ms on the dev box; the bound only catches an accidental O(n^2) or per-agent allocation storm.
    expect(perTick).toBeLessThan(100);
    console.warn(`AL22: ${perTick.toFixed(2)} ms per tick at 10 000 agents, ${DEFAULT_RULES.length} rules`);
  });
});

describe('rules and text', () => {
  it('AL21: the shipped defaults are valid, enabled, unique and cover every kind; bad rules are refused with the field named', () => {
    expect(alertRuleSetSchema.safeParse(DEFAULT_RULES).success).toBe(true);
    expect(new Set(DEFAULT_RULES.map((r) => r.kind))).toEqual(new Set(ALERT_RULE_KINDS));
    expect(DEFAULT_RULES.every((r) => r.enabled)).toBe(true);
    const bad = alertRuleSchema.safeParse({ id: 'x', kind: 'idle_long', severity: 'loud', params: { thresholdSec: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['params.thresholdSec', 'severity']);
    expect(alertRuleSchema.safeParse({ id: 'x', kind: 'idle_long', severity: 'info', params: { thresholdSec: 5 }, quietHours: [{ start: '12:00', end: '12:00' }] }).success).toBe(false);
    expect(alertRuleSetSchema.safeParse([DEFAULT_RULES[0], DEFAULT_RULES[0]]).success).toBe(false);
  });

  it('AL6: durations read naturally in both languages', () => {
    const m = (seconds: number) => ({ key: 'wrap_up_long.team' as const, params: { team: 'T', count: 1, seconds } });
    expect(renderAlertText(m(30), 'zh-CN')).toBe('T 有1名坐席话后处理超过30秒');
    expect(renderAlertText(m(90), 'zh-CN')).toBe('T 有1名坐席话后处理超过1分30秒');
    expect(renderAlertText(m(3900), 'zh-CN')).toBe('T 有1名坐席话后处理超过1小时5分钟');
    expect(renderAlertText(m(90), 'en')).toBe('T: 1 agent in wrap-up over 1 minute 30 seconds');
    expect(renderAlertText(m(3600), 'en')).toBe('T: 1 agent in wrap-up over 1 hour');
  });
});
