/**
 * The recorder against real databases that go away and come back (H7, H8, H11).
 *
 * How the outage is made, per driver:
 * - postgres: the pool talks to the server through a TCP proxy (tcp-proxy.ts); down() resets
 *   every connection and refuses new ones, as a crashed or restarting server does, and up()
 *   accepts again. We do NOT stop the shared cluster with pg_ctlcluster: other helpers' tests
 *   use the same server at the same time, and a stop would fail their runs. A second test kills
 *   our own backends with pg_terminate_backend (server-side, SQLSTATE 57P01), picked out by a
 *   per-test application_name so no other session is touched.
 * - pglite: the database is in this process and cannot be stopped, so a wrapper (faulty-db.ts)
 *   fails every call while "down", with the error a lost connection gives.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/server/store/db';
import { migrate } from '@/server/store/migrate';
import type { RecordItem } from '@/server/store/record-items';
import { createRecorder, type Recorder, type RecorderAlarm } from '@/server/store/recorder';
import { faulty, type FaultyDb } from './faulty-db';
import { DRIVERS, dropSchema, openTestDb, PG_URL, randomSchema, silentLog, truncateAll, waitFor, type DriverName } from './helpers';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const CYCLE = { idleMs: 40_000, talkMs: 90_000, wrapMs: 20_000 };
const T0 = Date.parse('2025-03-10T01:00:00Z');

/** `agents` agents each doing `cycles` calls (idle 40 s, talk 90 s, wrap-up 20 s), in time order. */
function workload(agents: number, cycles: number): RecordItem[] {
  const items: RecordItem[] = [];
  for (let a = 0; a < agents; a++) {
    const extno = String(2000 + a);
    const team = `T${a % 3}`;
    let t = T0 + a * 1000;
    items.push({ kind: 'transition', extno, team, from: 'unknown', to: 'idle', at: t, prevDurationMs: 0 });
    for (let c = 0; c < cycles; c++) {
      const sessionId = `${extno}-${c}`;
      t += CYCLE.idleMs;
      items.push({ kind: 'transition', extno, team, from: 'idle', to: 'on_call', at: t, prevDurationMs: CYCLE.idleMs });
      items.push({ kind: 'call', phase: 'connect', sessionId, extno, team, at: t, projectId: 1, taskId: 2, city: null, recordUuid: `r-${sessionId}` });
      t += CYCLE.talkMs;
      items.push({ kind: 'transition', extno, team, from: 'on_call', to: 'wrap_up', at: t, prevDurationMs: CYCLE.talkMs });
      items.push({ kind: 'call', phase: 'end', sessionId, extno, team, at: t });
      t += CYCLE.wrapMs;
      items.push({ kind: 'transition', extno, team, from: 'wrap_up', to: 'idle', at: t, prevDurationMs: CYCLE.wrapMs });
      items.push({ kind: 'call', phase: 'wrap_end', sessionId, extno, team, at: t });
    }
  }
  // Interleave agents as the live path would (stable: per-agent order is kept).
  return items.sort((x, y) => itemAt(x) - itemAt(y));
}

function itemAt(i: RecordItem): number {
  return i.kind === 'receipt' ? i.deliveredAt : i.at;
}

/** Everything the workload must leave in the database, exactly once. */
async function expectWorkloadStored(db: Db, agents: number, cycles: number): Promise<void> {
  const one = async (sql: string) => (await db.query<Record<string, number>>(sql)).rows[0];
  expect(await one(`SELECT count(*)::int AS n FROM agent_transitions`)).toEqual({ n: agents * (1 + 3 * cycles) });
  expect(
    await one(`SELECT count(*)::int AS n, count(connected_at)::int AS c, count(ended_at)::int AS e,
      count(wrap_ended_at)::int AS w, count(*) FILTER (WHERE outcome = 'completed')::int AS o FROM calls`),
  ).toEqual({ n: agents * cycles, c: agents * cycles, e: agents * cycles, w: agents * cycles, o: agents * cycles });
  const calls = agents * cycles;
  expect(
    await one(`SELECT sum(idle_seconds)::float8 AS idle, sum(on_call_seconds)::float8 AS talk_time,
      sum(wrap_up_seconds)::float8 AS wrap_time, sum(calls_connected)::int AS calls, sum(talk_count)::int AS talks,
      sum(wrap_count)::int AS wraps, sum(talk_seconds)::float8 AS talk FROM team_minute_rollups`),
  ).toEqual({
    idle: (calls * CYCLE.idleMs) / 1000,
    talk_time: (calls * CYCLE.talkMs) / 1000,
    wrap_time: (calls * CYCLE.wrapMs) / 1000,
    calls,
    talks: calls,
    wraps: calls,
    talk: (calls * CYCLE.talkMs) / 1000,
  });
  expect(await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'idle')::int AS idle FROM agent_last_state`)).toEqual({
    n: agents,
    idle: agents,
  });
}

interface Harness {
  db: Db;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  /** Only on postgres: the application_name our pool uses. */
  applicationName?: string;
}

async function harness(driver: DriverName): Promise<Harness> {
  if (driver === 'pglite') {
    const t = await openTestDb('pglite');
    const db: FaultyDb = faulty(t.db);
    return {
      db,
      down: async () => {
        db.down = true;
      },
      up: async () => {
        db.down = false;
      },
      close: () => t.close(),
    };
  }
  const proxy: TcpProxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  const schema = randomSchema();
  const applicationName = `floorboard_test_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_URL);
  url.port = String(proxy.port);
  const db = await openDb({
    databaseUrl: url.toString(),
    dataDir: 'memory://',
    log: silentLog,
    schema,
    applicationName,
    connectTimeoutMs: 1_000,
  });
  await migrate(db, silentLog);
  return {
    db,
    applicationName,
    down: () => proxy.down(),
    up: () => proxy.up(),
    async close() {
      await db.close();
      await proxy.close();
      await dropSchema(schema);
    },
  };
}

describe.each(DRIVERS)('recorder outage on %s', (driver) => {
  let h: Harness;
  let rec: Recorder | null = null;
  let alarms: RecorderAlarm[];
  const makeRecorder = (over: { capacity?: number } = {}) =>
    createRecorder({
      db: h.db,
      log: silentLog,
      flushIntervalMs: 10,
      batchSize: 100,
      retryBaseMs: 20,
      retryMaxMs: 200,
      onAlarm: (a) => alarms.push(a),
      ...over,
    });

  beforeAll(async () => {
    h = await harness(driver);
  });
  afterAll(async () => {
    await rec?.close(1_000);
    await h?.close();
  });
  beforeEach(async () => {
    await rec?.close(1_000);
    rec = null;
    alarms = [];
    await h.up();
    await truncateAll(h.db);
  });

  it('H7: the database goes down mid-stream and comes back: every item is written exactly once', async () => {
    const items = workload(20, 10);
    const half = Math.floor(items.length / 2);
    rec = makeRecorder();
    for (const item of items.slice(0, half)) rec.record(item);
    expect(await rec.flush(20_000)).toBe(true);

    await h.down();
    for (const item of items.slice(half)) rec.record(item);
    const r = rec;
    await waitFor(() => r.stats().consecutiveFailures >= 3, 10_000, 'retries during the outage');
    expect(r.stats()).toMatchObject({ failing: true, queued: items.length - half, dropped: 0 });

    await h.up();
    expect(await r.flush(20_000)).toBe(true);
    expect(r.stats()).toMatchObject({ failing: false, queued: 0, written: items.length, dropped: 0, rejected: 0 });
    expect(alarms.map((a) => a.type)).toEqual(['write_failing', 'write_recovered']);
    await expectWorkloadStored(h.db, 20, 10);
  });

  it('H8: while the database is down a full queue drops and counts by kind; what was queued is written after', async () => {
    rec = makeRecorder({ capacity: 50 });
    await h.down();
    const items = workload(4, 4); // 52 transitions + 48 call steps, time-ordered
    for (const item of items) rec.record(item);
    const dropped = items.slice(50);
    const s = rec.stats();
    expect(s.queued).toBe(50);
    expect(s.dropped).toBe(items.length - 50);
    expect(s.droppedByKind).toEqual({
      transition: dropped.filter((i) => i.kind === 'transition').length,
      call: dropped.filter((i) => i.kind === 'call').length,
      audit: 0,
      receipt: 0,
    });
    expect(alarms.filter((a) => a.type === 'queue_full')).toHaveLength(1);
    await h.up();
    expect(await rec.flush(20_000)).toBe(true);
    const n = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM agent_transitions`);
    expect(n.rows[0]?.n).toBe(items.slice(0, 50).filter((i) => i.kind === 'transition').length);
    expect(rec.stats()).toMatchObject({ written: 50, queued: 0 });
  });
});

describe.each(DRIVERS)('recorder with a batch failing half-way on %s', (driver) => {
  it('H11c: a transaction broken after some statements is rolled back and replayed without double counting', async () => {
    const t = await openTestDb(driver);
    const db = faulty(t.db);
    const rec = createRecorder({ db, log: silentLog, flushIntervalMs: 10, batchSize: 500, retryBaseMs: 10, retryMaxMs: 50 });
    try {
      // Statement 3 of a batch: after the transitions, open states and the call lookup went in.
      db.failOnStatement = 3;
      for (const item of workload(5, 6)) rec.record(item);
      expect(await rec.flush(20_000)).toBe(true);
      expect(db.failures).toBe(1);
      await expectWorkloadStored(db, 5, 6);
    } finally {
      await rec.close(1_000);
      await t.close();
    }
  });
});

describe('recorder on postgres with its backends terminated', () => {
  it('H7b: pg_terminate_backend on our connections mid-stream loses nothing', async () => {
    const h = await harness('postgres');
    const admin = await openDb({ databaseUrl: PG_URL, dataDir: 'memory://', log: silentLog });
    const rec = createRecorder({ db: h.db, log: silentLog, flushIntervalMs: 5, batchSize: 50, retryBaseMs: 10, retryMaxMs: 100 });
    let killed = 0;
    try {
      const items = workload(20, 10);
      for (let i = 0; i < items.length; i += 60) {
        for (const item of items.slice(i, i + 60)) rec.record(item);
        if ((i / 60) % 3 === 1) {
          // Only sessions with this test's application_name: nobody else's work is touched.
          const r = await admin.query<{ ok: boolean }>(
            `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`,
            [h.applicationName],
          );
          killed += r.rows.filter((x) => x.ok).length;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(await rec.flush(20_000)).toBe(true);
      expect(killed).toBeGreaterThan(0);
      expect(rec.stats()).toMatchObject({ written: items.length, dropped: 0, rejected: 0, queued: 0 });
      await expectWorkloadStored(h.db, 20, 10);
    } finally {
      await rec.close(1_000);
      await admin.close();
      await h.close();
    }
  });
});
