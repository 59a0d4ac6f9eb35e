/**
 * The `AlertStore` contract (server/alerts/alert-store.ts): MemoryAlertStore, PgAlertStore and
 * the write-behind wrapper give the same history pages for the same calls. Test ids ALC-*.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertHistoryEntry, AlertSubject } from '@/lib/alerts/types';
import type { AlertHistoryFilter, AlertStore } from '@/server/alerts/alert-store';
import { T0, type StoreTarget } from './target';

const SUBJECTS: { subject: AlertSubject; teams: Alert['teams']; agents: string[] }[] = [
  { subject: { kind: 'agent', extno: '1001', name: '张三', team: 'A' }, teams: ['A'], agents: ['1001'] },
  { subject: { kind: 'team', team: 'B', summary: true }, teams: ['B'], agents: ['2001', '2002'] },
  { subject: { kind: 'floor' }, teams: '*', agents: [] },
  { subject: { kind: 'floor' }, teams: ['C'], agents: [] },
];

export function alertEntry(i: number): AlertHistoryEntry {
  const s = SUBJECTS[i % SUBJECTS.length]!;
  const event = (['opened', 'acknowledged', 'closed'] as const)[i % 3]!;
  const alert: Alert = {
    id: `al-${i}`,
    ruleId: i % 2 === 0 ? 'wrap-up-5m' : 'feed-lost-30s',
    kind: i % 2 === 0 ? 'wrap_up_long' : 'feed_lost',
    severity: i % 5 === 0 ? 'critical' : 'warning',
    subject: s.subject,
    teams: s.teams,
    agents: s.agents,
    summaryId: null,
    openedAt: T0 + i * 1000,
    attentionAt: T0 + i * 1000,
    acknowledged: event === 'acknowledged' ? { by: { id: 'u1', name: '组长' }, at: T0 + i * 1000 } : null,
    closedAt: event === 'closed' ? T0 + i * 1000 : null,
    closeReason: event === 'closed' ? 'cleared' : null,
    message: { key: 'wrap_up_long.agent', params: { name: '张三', seconds: 301 } },
    speech: { 'zh-CN': '张三 话后处理超时', en: 'Zhang San wrap-up overdue' },
  };
  return { at: T0 + i * 1000, event, actor: event === 'acknowledged' ? { id: 'u1', name: '组长' } : null, alert };
}

async function all(store: AlertStore, f: AlertHistoryFilter, limit = 3): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let round = 0; round < 100; round++) {
    const page = await store.query({ ...f, limit, ...(cursor ? { cursor } : {}) });
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    out.push(...page.entries.map((e) => `${e.alert.id}:${e.event}`));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

export function alertStoreContract(name: string, target: StoreTarget<AlertStore>): void {
  describe(`AlertStore contract: ${name}`, () => {
    let store: AlertStore;
    const N = 20;
    const expected = (pred: (e: AlertHistoryEntry) => boolean): string[] =>
      Array.from({ length: N }, (_, k) => alertEntry(N - 1 - k))
        .filter(pred)
        .map((e) => `${e.alert.id}:${e.event}`);
    beforeAll(() => target.setup(), 120_000);
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });

    it('ALC-1: entries come back as appended (the alert as it was, the actor), newest first', async () => {
      const entries = [alertEntry(0), alertEntry(1), alertEntry(2)];
      await store.append(entries);
      expect((await store.query({ limit: 10 })).entries).toEqual([...entries].reverse());
    });

    it('ALC-2: cursor paging visits every entry once, across several appends', async () => {
      for (let i = 0; i < N; i += 4) await store.append(Array.from({ length: 4 }, (_, k) => alertEntry(i + k)));
      expect(await all(store, {})).toEqual(expected(() => true));
    });

    it('ALC-3: filters by event, rule, kind, severity, level, agent and time', async () => {
      await store.append(Array.from({ length: N }, (_, i) => alertEntry(i)));
      expect(await all(store, { event: 'closed' })).toEqual(expected((e) => e.event === 'closed'));
      expect(await all(store, { ruleId: 'feed-lost-30s', severity: 'critical' })).toEqual(expected((e) => e.alert.ruleId === 'feed-lost-30s' && e.alert.severity === 'critical'));
      expect(await all(store, { kind: 'wrap_up_long', level: 'team' })).toEqual(expected((e) => e.alert.kind === 'wrap_up_long' && e.alert.subject.kind === 'team'));
      expect(await all(store, { extno: '2002' })).toEqual(expected((e) => e.alert.agents.includes('2002')));
      expect(await all(store, { from: T0 + 4000, to: T0 + 9000 })).toEqual(expected((e) => e.at >= T0 + 4000 && e.at < T0 + 9000));
    });

    it("ALC-4: a team filter keeps the team's alerts and floor alerts it may see; a lead's scope keeps what their teams may see", async () => {
      await store.append(Array.from({ length: N }, (_, i) => alertEntry(i)));
      const floorFor = (e: AlertHistoryEntry, team: string) => e.alert.subject.kind === 'floor' && (e.alert.teams === '*' || e.alert.teams.includes(team));
      expect(await all(store, { team: 'B' })).toEqual(expected((e) => (e.alert.subject.kind === 'team' && e.alert.subject.team === 'B') || floorFor(e, 'B')));
      expect(await all(store, { team: 'C' })).toEqual(expected((e) => floorFor(e, 'C')));
      expect(await all(store, { scope: ['A'] })).toEqual(expected((e) => e.alert.teams === '*' || e.alert.teams.includes('A')));
    });

    it('ALC-5: the history survives a reopen of the storage', async () => {
      await store.append([alertEntry(0), alertEntry(1)]);
      const again = await target.reopen();
      expect((await again.query({ limit: 10 })).entries).toEqual([alertEntry(1), alertEntry(0)]);
    });
  });
}
