import { describe, expect, it } from 'vitest';
import { orderAgents, sameGroups, shareGroups, type AgentGroup, type ViewSpec } from '@/lib/client/ordering';
import { T0, agent } from './fixtures';

const base: ViewSpec = { teams: [], statuses: [], query: '', sort: 'attention', group: 'none' };
const now = T0 + 600_000;

const floor = [
  agent('1003', { team: 'B', name: '王芳' }),
  agent('1001', { team: 'A', name: '李娜', status: 'on_call', stateSince: now - 5000 }),
  agent('1002', { team: 'A', name: '张伟', status: 'wrap_up', stateSince: now - 200_000 }),
  agent('1004', { team: 'B', name: '刘洋', status: 'idle', stateSince: now - 10_000 }),
];

describe('ordering', () => {
  it('agents needing attention rise to the top; the rest stay in extension order', () => {
    const [g] = orderAgents(floor, base, now);
    // 1003 has been idle since T0 (600 s): long idle; 1002 wrap-up overrun comes first.
    expect(g?.ids).toEqual(['1002', '1003', '1001', '1004']);
  });

  it('sorts by time in state, longest first', () => {
    const [g] = orderAgents(floor, { ...base, sort: 'time' }, now);
    expect(g?.ids).toEqual(['1003', '1002', '1004', '1001']);
  });

  it('sorts by extension numerically', () => {
    const [g] = orderAgents([agent('900'), agent('1000'), agent('95')], { ...base, sort: 'extno' }, now);
    expect(g?.ids).toEqual(['95', '900', '1000']);
  });

  it('groups by team, attention first within each team', () => {
    const groups = orderAgents(floor, { ...base, group: 'team' }, now);
    expect(groups.map((g) => [g.key, g.ids])).toEqual([
      ['team:A', ['1002', '1001']],
      ['team:B', ['1003', '1004']],
    ]);
  });

  it('orders teams by their lowest extension (roster order), not by name', () => {
    const groups = orderAgents(
      [agent('8101', { team: '三组' }), agent('8001', { team: '一组' }), agent('8051', { team: '二组' })],
      { ...base, group: 'team' },
      now,
    );
    expect(groups.map((g) => g.key)).toEqual(['team:一组', 'team:二组', 'team:三组']);
  });

  it('groups by status in reading order, lost feeds in their own group', () => {
    const groups = orderAgents(
      [...floor, agent('1005', { status: 'on_call', link: 'backoff' })],
      { ...base, group: 'status', sort: 'extno' },
      now,
    );
    expect(groups.map((g) => g.key)).toEqual(['status:idle', 'status:on_call', 'status:wrap_up', 'status:no_data']);
  });

  it('filters by team, status and name or extension prefix', () => {
    expect(orderAgents(floor, { ...base, teams: ['B'] }, now)[0]?.ids).toEqual(['1003', '1004']);
    expect(orderAgents(floor, { ...base, statuses: ['on_call'] }, now)[0]?.ids).toEqual(['1001']);
    expect(orderAgents(floor, { ...base, query: '张' }, now)[0]?.ids).toEqual(['1002']);
    expect(orderAgents(floor, { ...base, query: '100' }, now)[0]?.ids.length).toBe(4);
  });

  it('sameGroups detects an unchanged order so the grid can keep its reference', () => {
    const a = orderAgents(floor, base, now);
    const b = orderAgents(floor, base, now + 1000);
    expect(a).not.toBe(b);
    expect(sameGroups(a, b)).toBe(true);
    expect(sameGroups(a, orderAgents(floor, { ...base, sort: 'time' }, now))).toBe(false);
  });
});

describe('re-ordering re-renders only the teams that moved', () => {
  it('a team whose order did not change keeps its group object; a changed one is new; nothing changed returns the old list', () => {
    const spec: ViewSpec = { ...base, group: 'team' };
    const before = orderAgents(floor, spec, now);
    // Agent 1004 (team B) overruns wrap-up and rises above 1003: team B re-orders, team A does not.
    const after = orderAgents(
      floor.map((a) => (a.extno === '1004' ? { ...a, status: 'wrap_up' as const, stateSince: now - 400_000 } : a)),
      spec,
      now,
    );
    const shared = shareGroups(before, after);
    const byKey = (gs: readonly AgentGroup[], key: string) => gs.find((g) => g.key === key);
    const teamA = before.find((g) => g.key.endsWith('A'))!.key;
    const teamB = before.find((g) => g.key.endsWith('B'))!.key;
    expect(byKey(shared, teamA)).toBe(byKey(before, teamA));
    expect(sameGroups([byKey(before, teamB)!], [byKey(after, teamB)!])).toBe(false);
    expect(byKey(shared, teamB)).toBe(byKey(after, teamB));
    expect(shareGroups(before, orderAgents(floor, spec, now))).toBe(before);
  });
});
