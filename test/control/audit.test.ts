import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '@/lib/control/audit';
import { MemoryAuditStore } from '@/server/control/audit';
import { auditToCsv, CSV_BOM } from '@/server/control/audit-csv';

let n = 0;
function rec(patch: Partial<AuditRecord> = {}): AuditRecord {
  n++;
  return {
    id: `a-${n}`,
    at: 1_700_000_000_000 + n * 1000,
    actor: { id: 'u-1', name: '王经理', role: 'manager' },
    action: 'hold',
    target: { extno: '1001', team: 'A' },
    params: {},
    statusBefore: 'on_call',
    result: 'ok',
    requestId: `r-${n}`,
    durationMs: 12,
    ...patch,
  };
}

describe('audit store', () => {
  it('AU1: append-only: stored rows are frozen copies', async () => {
    const store = new MemoryAuditStore(10);
    const r = rec();
    await store.append(r);
    r.result = 'failed';
    const [stored] = (await store.query({ limit: 1 })).records;
    expect(stored!.result).toBe('ok');
    expect(Object.isFrozen(stored)).toBe(true);
  });

  it('AU1: the ring keeps the newest `capacity` rows', async () => {
    const store = new MemoryAuditStore(5);
    for (let i = 0; i < 12; i++) await store.append(rec({ requestId: `ring-${i}` }));
    const page = await store.query({ limit: 100 });
    expect(page.records.map((r) => r.requestId)).toEqual(['ring-11', 'ring-10', 'ring-9', 'ring-8', 'ring-7']);
    expect(page.nextCursor).toBeNull();
    expect(store.size).toBe(5);
  });

  it('AU2: filters by actor, extno, action, result and time; pages newest first with a cursor', async () => {
    const store = new MemoryAuditStore(100);
    const base = rec().at;
    for (let i = 0; i < 30; i++) {
      await store.append(
        rec({
          at: base + i * 1000,
          actor: { id: i % 2 ? 'u-odd' : 'u-even', name: 'x', role: 'team_lead' },
          target: { extno: i % 3 === 0 ? '2001' : '1001', team: 'A' },
          action: i % 5 === 0 ? 'send_sms' : 'hold',
          result: i === 7 ? 'refused' : 'ok',
          requestId: `q-${i}`,
        }),
      );
    }
    expect((await store.query({ limit: 100, actor: 'u-odd' })).records).toHaveLength(15);
    expect((await store.query({ limit: 100, extno: '2001' })).records).toHaveLength(10);
    expect((await store.query({ limit: 100, action: 'send_sms' })).records).toHaveLength(6);
    expect((await store.query({ limit: 100, result: 'refused' })).records.map((r) => r.requestId)).toEqual(['q-7']);
    expect((await store.query({ limit: 100, from: base + 10_000, to: base + 13_000 })).records.map((r) => r.requestId)).toEqual(['q-12', 'q-11', 'q-10']);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ limit: 7, actor: 'u-even', ...(cursor ? { cursor } : {}) });
      seen.push(...page.records.map((r) => r.requestId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => `q-${28 - i * 2}`));
  });

  it('AU2: a team lead scope sees their teams rows and their own', async () => {
    const store = new MemoryAuditStore(100);
    await store.append(rec({ target: { extno: '1001', team: 'A' }, requestId: 's-a' }));
    await store.append(rec({ target: { extno: '2001', team: 'B' }, requestId: 's-b' }));
    await store.append(rec({ action: 'announce', target: { extno: '', team: '*' }, actor: { id: 'lead', name: 'L', role: 'team_lead' }, requestId: 's-own' }));
    const page = await store.query({ limit: 10, scope: { teams: ['A'], actorId: 'lead' } });
    expect(page.records.map((r) => r.requestId)).toEqual(['s-own', 's-a']);
  });

  it('AU3: CSV starts with a UTF-8 BOM, has a header, CRLF rows, Chinese text intact', async () => {
    const csv = auditToCsv([rec({ params: { msg: '您好，回访' }, actor: { id: 'u', name: '王经理', role: 'manager' } })], { timeZone: 'Asia/Shanghai' });
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('id,time,time_utc,actor_id,actor_name,actor_role,action,extno,team,session_id,params,status_before,result,code,reason,request_id,duration_ms');
    expect(lines[1]).toContain('王经理');
    expect(lines[1]).toContain('"{""msg"":""您好，回访""}"');
    expect(lines[2]).toBe('');
  });

  it('AU3: cells are quoted and formula-looking cells neutralised', async () => {
    const csv = auditToCsv([rec({ reason: '=HYPERLINK("x")', params: {}, target: { extno: '1001', team: 'A,B' } })], { bom: false });
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('"A,B"');
  });

  it('AU3: times are written in the centre time zone and in UTC', async () => {
    const csv = auditToCsv([rec({ at: Date.UTC(2024, 0, 31, 16, 30, 5) })], { timeZone: 'Asia/Shanghai', bom: false });
    expect(csv.split('\r\n')[1]).toContain('2024-02-01 00:30:05,2024-01-31T16:30:05.000Z');
  });
});
