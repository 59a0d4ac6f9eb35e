import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, queryAudit, type AuditEntry } from '@/server/store/repos/audit';
import { CSV_BOM, csvCell, exportAuditCsv } from '@/server/store/repos/audit-csv';
import { DRIVERS, openTestDb, shanghai, truncateAll, type TestDb } from './helpers';

const T0 = shanghai('2025-03-10 10:00:00');

function entry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0 + Math.floor(i / 2) * 1000, // pairs share a timestamp: the cursor must break ties
    actorId: i % 3 === 0 ? 'u-lead' : 'u-mgr',
    actorName: i % 3 === 0 ? '王芳' : 'Manager, "Ops"',
    actorRole: i % 3 === 0 ? 'team_lead' : 'manager',
    action: i % 2 === 0 ? 'logout' : 'hold',
    targetExtno: `10${String(i).padStart(2, '0')}`,
    targetTeam: i % 2 === 0 ? 'A' : 'B',
    params: { reason: 'break', n: i },
    statusBefore: 'idle',
    result: i === 5 ? 'failed' : 'ok',
    code: i === 5 ? 'UPSTREAM_TIMEOUT' : null,
    reason: i === 5 ? 'call system did not answer\nin 5 s' : null,
    requestId: `req-${i}`,
    durationMs: 100 + i,
    ...over,
  };
}

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const chunk of it) s += chunk;
  return s;
}

describe.each(DRIVERS)('audit log on %s', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await truncateAll(t.db);
  });

  it('A1: appends entries; an entry with a stored event id is not written twice', async () => {
    const e = entry(1, { eventId: '0b6c2f4e-8a35-4a8e-9c61-5b0d1f2e3a4b' });
    expect(await appendAudit(t.db, [e, entry(2)])).toBe(2);
    expect(await appendAudit(t.db, [e])).toBe(0);
    const page = await queryAudit(t.db, {});
    expect(page.rows).toHaveLength(2);
    expect(page.rows[1]).toMatchObject({
      eventId: e.eventId,
      at: e.at,
      actorName: 'Manager, "Ops"',
      params: { reason: 'break', n: 1 },
      result: 'ok',
      durationMs: 101,
    });
  });

  it('A2: pages newest first with a cursor that neither skips nor repeats rows sharing a time', async () => {
    await appendAudit(t.db, Array.from({ length: 11 }, (_, i) => entry(i)));
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await queryAudit(t.db, {}, { limit: 3, cursor });
      seen.push(...page.rows.map((r) => Number(r.params.n)));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    const times = (await queryAudit(t.db, {}, { limit: 20 })).rows.map((r) => r.at);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('A3: filters by time, actor, action, target, team scope, result and request id', async () => {
    await appendAudit(t.db, Array.from({ length: 11 }, (_, i) => entry(i)));
    const q = async (f: Parameters<typeof queryAudit>[1]) => (await queryAudit(t.db, f, { limit: 100 })).rows.map((r) => r.params.n);
    expect(await q({ from: T0 + 2000, to: T0 + 3000 })).toEqual([5, 4]);
    expect(await q({ actorId: 'u-lead' })).toEqual([9, 6, 3, 0]);
    expect(await q({ action: 'hold', targetTeam: 'B', result: 'failed' })).toEqual([5]);
    expect(await q({ targetExtno: '1007' })).toEqual([7]);
    expect(await q({ teams: ['B'] })).toEqual([9, 7, 5, 3, 1]);
    expect(await q({ teams: [] })).toEqual([]);
    expect(await q({ requestId: 'req-10' })).toEqual([10]);
  });

  it('A4: exports CSV with a UTF-8 BOM, local times, quoting and formula-safe cells, across pages', async () => {
    await appendAudit(t.db, [
      ...Array.from({ length: 6 }, (_, i) => entry(i)),
      entry(6, { actorName: '=HYPERLINK("x")', params: {} }),
    ]);
    const csv = await collect(exportAuditCsv(t.db, {}, { timeZone: 'Asia/Shanghai', pageSize: 2 }));
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'time,actor_id,actor_name,actor_role,action,target_extno,target_team,target_session_id,params,status_before,result,code,reason,request_id,duration_ms',
    );
    // 7 rows + header + the empty string after the final CRLF; row 5 has a quoted newline.
    expect(csv.slice(1).match(/\r\n/g)).toHaveLength(8);
    expect(lines[1]).toBe(`2025-03-10 10:00:03,u-lead,"'=HYPERLINK(""x"")",team_lead,logout,1006,A,,{},idle,ok,,,req-6,106`);
    expect(csv).toContain('"Manager, ""Ops"""');
    expect(csv).toContain('"call system did not answer\nin 5 s"');
    expect(csv).toContain('2025-03-10 10:00:00,u-lead,王芳');
  });

  it('A5: a CSV cell keeps numbers as they are and guards text that Excel would evaluate', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5+1')).toBe("'-5+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
