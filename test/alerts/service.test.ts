/**
 * The alert service on fake timers: the engine runs every second, acknowledgements and the
 * history, CSV export, and rule edits. Rule ids: docs/alerts.md.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '@/lib/alerts/rules';
import { MemoryAlertStore } from '@/server/alerts/alert-store';
import { alertHistoryToCsv } from '@/server/alerts/csv';
import { MemoryRuleStore } from '@/server/alerts/rule-store';
import { createAlertService, type AlertChanges, type AlertService } from '@/server/alerts/service';
import { FakeFloor, SEC, T0, rule } from './engine-kit';

const lead = { id: 'u1', name: '王班长' };
let service: AlertService | null = null;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(async () => {
  await service?.close();
  service = null;
  vi.useRealTimers();
});

async function start(floor: FakeFloor, rules = [rule({ id: 'wrap', kind: 'wrap_up_long', params: { thresholdSec: 5 } })]) {
  const changes: AlertChanges[] = [];
  const alertStore = new MemoryAlertStore();
  service = createAlertService({
    agents: () => floor.agents,
    callsQuietSince: (teams) => floor.callsQuietSince(teams),
    timeZone: 'UTC',
    ruleStore: new MemoryRuleStore(rules),
    alertStore,
    idPrefix: 's-',
  });
  service.onChange((c) => changes.push(c));
  await service.ready;
  return { service, changes };
}

describe('alert service', () => {
  it('AL20: runs every second; the history records opened, acknowledged (by whom) and closed, newest first', async () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0);
    const { service: s, changes } = await start(floor);
    vi.advanceTimersByTime(5 * SEC);
    expect(s.open()).toEqual([]);
    vi.advanceTimersByTime(SEC);
    const agentAlert = s.open().find((a) => a.subject.kind === 'agent')!;
    expect(agentAlert.openedAt).toBe(T0 + 6 * SEC);
    expect(changes.at(-1)?.opened).toHaveLength(2); // the agent alert and its team summary

    const ack = await s.acknowledge(agentAlert.id, lead);
    expect(ack.ok && ack.data.acknowledged).toEqual({ by: lead, at: T0 + 6 * SEC });
    expect(changes.at(-1)?.updated.map((a) => a.id)).toEqual([agentAlert.id]);
    // A second acknowledgement changes nothing and records nothing.
    expect((await s.acknowledge(agentAlert.id, { id: 'u2', name: 'x' })).ok).toBe(true);

    floor.set('1', 'A', 'idle', Date.now());
    vi.advanceTimersByTime(SEC);
    expect(s.open()).toEqual([]);
    await s.flush();
    const page = await s.history({ limit: 50, level: 'agent' });
    expect(page.entries.map((e) => [e.event, e.actor?.id ?? null])).toEqual([
      ['closed', null],
      ['acknowledged', 'u1'],
      ['opened', null],
    ]);
    expect(page.entries[0]!.alert).toMatchObject({ closedAt: T0 + 7 * SEC, closeReason: 'cleared', acknowledged: { by: lead } });
    expect((await s.history({ limit: 50 })).entries).toHaveLength(5); // + the summary's opened and closed

    const csv = alertHistoryToCsv((await s.history({ limit: 50 })).entries, { timeZone: 'Asia/Shanghai' });
    expect(csv.startsWith('\uFEFFtime,time_utc,event,alert_id')).toBe(true);
    expect(csv).toContain('2025-01-06 18:00:06'); // opened at 10:00:06 UTC, in Shanghai time
    expect(csv).toContain('A 坐席1（1）话后处理超过5秒');
    expect(csv.split('\r\n')).toHaveLength(1 + 5 + 1);
  });

  it('AL19: acknowledging a closed alert answers ALERT_CLOSED, an unknown one ALERT_NOT_FOUND, one outside the caller\'s teams FORBIDDEN', async () => {
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0);
    const { service: s } = await start(floor);
    vi.advanceTimersByTime(6 * SEC);
    const a = s.open()[0]!;
    expect(await s.acknowledge(a.id, lead, () => false)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    floor.set('1', 'A', 'idle', Date.now());
    vi.advanceTimersByTime(SEC);
    expect(await s.acknowledge(a.id, lead)).toMatchObject({ ok: false, code: 'ALERT_CLOSED' });
    expect(await s.acknowledge('s-zzz', lead)).toMatchObject({ ok: false, code: 'ALERT_NOT_FOUND' });
  });

  it('AL21: rules are validated; deleting a rule closes its alerts at once; the memory store starts with the defaults', async () => {
    expect((await new MemoryRuleStore().load()).rules.map((r) => r.id)).toEqual(DEFAULT_RULES.map((r) => r.id));
    const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0);
    const { service: s, changes } = await start(floor);
    vi.advanceTimersByTime(6 * SEC);
    expect(s.open()).toHaveLength(2);

    const bad = await s.replaceRules([{ id: 'x', kind: 'idle_long', severity: 'warning', params: {} }], lead);
    expect(bad).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(!bad.ok && bad.message).toMatch(/^0\.params\.thresholdSec/);
    expect(await s.putRule({ ...DEFAULT_RULES[0] }, lead, 'other-id')).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await s.deleteRule('nope', lead)).toMatchObject({ ok: false, code: 'RULE_NOT_FOUND' });

    const put = await s.putRule({ id: 'idle', kind: 'idle_long', severity: 'info', params: { thresholdSec: 60 } }, lead, 'idle');
    expect(put.ok && put.data.rules.map((r) => r.id)).toEqual(['wrap', 'idle']);
    expect(put.ok && put.data.updatedBy).toEqual(lead);
    expect(s.open()).toHaveLength(2); // the untouched rule keeps its alerts

    const del = await s.deleteRule('wrap', lead);
    expect(del.ok).toBe(true);
    expect(s.open()).toEqual([]);
    expect(changes.at(-1)?.closed.map((a) => a.closeReason)).toEqual(['rule_changed', 'rule_changed']);
  });
});
