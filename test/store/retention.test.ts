import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendAudit } from '@/server/store/repos/audit';
import { deleteOlderThan, startRetentionJob } from '@/server/store/repos/retention';
import { writeBatch } from '@/server/store/write-batch';
import type { RecordItem } from '@/server/store/record-items';
import { DAY_MS } from '@/server/store/sql-time';
import { DRIVERS, openTestDb, silentLog, type TestDb } from './helpers';

const NOW = Date.parse('2025-06-01T00:00:00Z');

/** One agent's call at `at`: 3 transitions, a call row, rollup minutes, one audit row. */
function dayOfHistory(extno: string, at: number): RecordItem[] {
  return [
    { kind: 'transition', extno, team: 'A', from: 'idle', to: 'on_call', at, prevDurationMs: 30_000 },
    { kind: 'transition', extno, team: 'A', from: 'on_call', to: 'wrap_up', at: at + 60_000, prevDurationMs: 60_000 },
    { kind: 'call', phase: 'connect', sessionId: `${extno}-${at}`, extno, team: 'A', at, projectId: 1, taskId: 1, city: null, recordUuid: null },
    { kind: 'call', phase: 'end', sessionId: `${extno}-${at}`, extno, team: 'A', at: at + 60_000 },
  ];
}

async function counts(t: TestDb): Promise<Record<string, number>> {
  const r = await t.db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM agent_transitions) AS transitions, (SELECT count(*)::int FROM calls) AS calls,
            (SELECT count(*)::int FROM team_minute_rollups) AS rollups, (SELECT count(*)::int FROM audit_log) AS audit`,
  );
  return r.rows[0] ?? {};
}

describe.each(DRIVERS)('retention on %s', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('H15: deletes transitions, calls, rollups and audit older than N days in bounded batches, keeps the rest', async () => {
    const old = NOW - 91 * DAY_MS;
    const recent = NOW - 89 * DAY_MS;
    // 12 old calls (24 transitions) and 2 recent ones.
    for (let i = 0; i < 12; i++) await writeBatch(t.db, dayOfHistory(String(100 + i), old + i * 120_000));
    for (let i = 0; i < 2; i++) await writeBatch(t.db, dayOfHistory(String(200 + i), recent + i * 120_000));
    await appendAudit(
      t.db,
      [old, old + 1, recent].map((at) => ({ at, actorId: 'u', actorName: 'u', actorRole: 'manager', action: 'logout', result: 'ok' as const })),
    );
    // A call whose connect was never recorded ages by its last update (now() in the database).
    await writeBatch(t.db, [{ kind: 'call', phase: 'end', sessionId: 'orphan', extno: '1', team: 'A', at: recent }]);
    const before = await counts(t);
    const kept = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM team_minute_rollups WHERE minute >= $1::timestamptz`, [
      new Date(NOW - 90 * DAY_MS).toISOString(),
    ]);
    const keptRollups = kept.rows[0]?.n ?? -1;
    // Two recent calls two minutes apart: idle, talk and talk-end minutes, one shared (5 rows).
    expect(keptRollups).toBe(5);

    const r = await deleteOlderThan(t.db, { days: 90, now: NOW, batchSize: 5 });
    expect(r.cutoff).toBe(NOW - 90 * DAY_MS);
    expect(r.deleted).toMatchObject({ agent_transitions: 24, calls: 12, audit_log: 2 });
    expect(r.deleted.team_minute_rollups).toBe((before.rollups ?? 0) - keptRollups);
    // Batches of 5: transitions 5+5+5+5+4, calls 5+5+2, orphans 0, rollups 5 x 5 then 0, audit 2, alert history 0.
    expect(r.batches).toBe(5 + 3 + 1 + 6 + 1 + 1);
    expect(await counts(t)).toEqual({ transitions: 4, calls: 3, rollups: keptRollups, audit: 1 });

    const again = await deleteOlderThan(t.db, { days: 90, now: NOW });
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
  });

  it('H15b: the retention job runs at once and then on its interval, and stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const runs: unknown[] = [];
    const log = { ...silentLog, info: (o: unknown) => runs.push(o), error: (o: unknown) => runs.push(o) } as unknown as typeof silentLog;
    try {
      const stop = startRetentionJob(t.db, log, { days: 90, intervalMs: 60_000 });
      await vi.advanceTimersByTimeAsync(0);
      await vi.waitFor(() => expect(runs).toHaveLength(1));
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(runs).toHaveLength(2));
      stop();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(runs).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
