/**
 * The `AuditStore` contract (server/control/audit.ts): MemoryAuditStore, PgAuditStore and the
 * write-behind wrapper must give the same answers to the same calls. Test ids AUC-*.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_RESULTS, type AuditRecord } from '@/lib/control/audit';
import type { AuditQuery, AuditStore } from '@/server/control/audit';
import { auditToCsv } from '@/server/control/audit-csv';
import { T0, type StoreTarget } from './target';

export function auditRecord(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: `rec-${String(i).padStart(4, '0')}`,
    at: T0 + i * 1000,
    actor: { id: `u${i % 3}`, name: `组长${i % 3}`, role: 'team_lead' },
    action: i % 2 === 0 ? 'hold' : 'meeting',
    target: { extno: `10${i % 4}`, team: i % 4 < 2 ? '销售一组' : 'B', sessionId: `s-${i}` },
    params: { note: 'a,"quoted" =cmd', n: i, flag: true, none: null },
    statusBefore: 'on_call',
    result: AUDIT_RESULTS[i % AUDIT_RESULTS.length]!,
    ...(i % 6 === 0 ? {} : { code: 'CALL_SYSTEM_REFUSED', reason: `原因 ${i}` }),
    requestId: `req-${i}`,
    durationMs: 17 + i,
    ...over,
  };
}

async function all(store: AuditStore, q: Omit<AuditQuery, 'limit' | 'cursor'>, limit = 4): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let cursor: string | undefined;
  for (let round = 0; round < 100; round++) {
    const page = await store.query({ ...q, limit, ...(cursor ? { cursor } : {}) });
    expect(page.records.length).toBeLessThanOrEqual(limit);
    out.push(...page.records);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

const ids = (records: readonly AuditRecord[]): string[] => records.map((r) => r.id);

export function auditStoreContract(name: string, target: StoreTarget<AuditStore>): void {
  describe(`AuditStore contract: ${name}`, () => {
    let store: AuditStore;
    beforeAll(() => target.setup(), 120_000);
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });

    it('AUC-1: a record comes back exactly as appended, for every result of the control model', async () => {
      const records = AUDIT_RESULTS.map((_, i) => auditRecord(i));
      for (const r of records) await store.append(r);
      const page = await store.query({ limit: 50 });
      expect(page.records).toEqual([...records].reverse());
      expect(new Set(page.records.map((r) => r.result))).toEqual(new Set(AUDIT_RESULTS));
    });

    it('AUC-2: an auth event, a system actor and an announcement row (no agent, no session) round trip', async () => {
      const login = auditRecord(1, { action: 'login', actor: { id: 'u9', name: 'admin', role: 'admin' }, target: { extno: '', team: '' }, statusBefore: null, params: {} });
      const system = auditRecord(2, { actor: { id: 'u1', name: '组长', role: 'system' }, target: { extno: '1001', team: 'A' } });
      // i = 6: result ok, no code or reason.
      const announce = auditRecord(6, { at: T0 + 3000, action: 'announce', target: { extno: '', team: '*' }, statusBefore: null });
      for (const r of [login, system, announce]) await store.append(r);
      expect((await store.query({ limit: 10 })).records).toEqual([announce, system, login]);
    });

    it('AUC-3: newest first, and cursor paging visits every record once', async () => {
      for (let i = 0; i < 15; i++) await store.append(auditRecord(i));
      const seen = await all(store, {});
      expect(ids(seen)).toEqual(Array.from({ length: 15 }, (_, i) => auditRecord(14 - i).id));
    });

    it('AUC-4: filters by actor, agent, action, result and time (from inclusive, to exclusive), with paging', async () => {
      for (let i = 0; i < 24; i++) await store.append(auditRecord(i));
      const expectIds = (pred: (i: number) => boolean) =>
        Array.from({ length: 24 }, (_, k) => 23 - k)
          .filter(pred)
          .map((i) => auditRecord(i).id);
      expect(ids(await all(store, { actor: 'u1' }))).toEqual(expectIds((i) => i % 3 === 1));
      expect(ids(await all(store, { extno: '102' }))).toEqual(expectIds((i) => i % 4 === 2));
      expect(ids(await all(store, { action: 'hold', result: 'ok' }))).toEqual(expectIds((i) => i % 6 === 0));
      expect(ids(await all(store, { result: 'refused' }))).toEqual(expectIds((i) => i % 6 === 1));
      expect(ids(await all(store, { from: T0 + 5000, to: T0 + 9000 }))).toEqual(expectIds((i) => i >= 5 && i < 9));
    });

    it("AUC-5: a team lead's scope keeps rows on their teams' agents and rows they wrote", async () => {
      for (let i = 0; i < 12; i++) await store.append(auditRecord(i));
      const scoped = await all(store, { scope: { teams: ['销售一组'], actorId: 'u2' } });
      expect(ids(scoped)).toEqual(
        Array.from({ length: 12 }, (_, k) => 11 - k)
          .filter((i) => i % 4 < 2 || i % 3 === 2)
          .map((i) => auditRecord(i).id),
      );
    });

    it('AUC-6: records survive a reopen of the storage; CSV is the shared audit CSV of the records', async () => {
      for (let i = 0; i < 3; i++) await store.append(auditRecord(i));
      const again = await target.reopen();
      const { records } = await again.query({ limit: 10 });
      expect(ids(records)).toEqual(['rec-0002', 'rec-0001', 'rec-0000']);
      expect(again.toCsv(records)).toBe(auditToCsv(records, { timeZone: 'Asia/Shanghai' }));
    });
  });
}
