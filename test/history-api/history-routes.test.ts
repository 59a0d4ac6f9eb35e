/**
 * The history API over HTTP on a real server (port 0) and a PGlite store seeded through the
 * recorder's own write path, with answers worked out by hand. The HTTP guard (view_history) is
 * covered by test/auth/permissions.test.ts; here `teamsOf` stands in for the principal's teams.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryAgents, HistoryIntervals, HistorySummary, HistoryTimeline } from '@/lib/history/types';
import { registerHistoryRoutes } from '@/server/history-api/index';
import { Router } from '@/server/http/routes';
import type { Queryable } from '@/server/store/db';
import { writeBatch } from '@/server/store/write-batch';
import { connect, openTestDb, shanghai, silentLog, steps, truncateAll, type TestDb } from '../store/helpers';

describe('history API', () => {
  let t: TestDb;
  let server: Server;
  let base = '';
  let now = shanghai('2025-03-11 09:20:00');
  let store: { db: Queryable } | null = null;

  beforeAll(async () => {
    t = await openTestDb('pglite');
    const router = new Router();
    registerHistoryRoutes(router, {
      store: () => store,
      // The test's principal: x-teams "A,B" or "*".
      teamsOf: (req) => {
        const v = String(req.headers['x-teams'] ?? '*');
        return v === '*' ? '*' : v.split(',').filter(Boolean);
      },
      timeZone: 'Asia/Shanghai',
      log: silentLog,
      nameOf: (extno) => (extno === '1001' ? '王芳' : null),
      now: () => now,
    });
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      void router.handle(req, res, url).then((name) => {
        if (name === null) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
  });
  beforeEach(async () => {
    await truncateAll(t.db);
    store = { db: t.db };
    now = shanghai('2025-03-11 09:20:00');
    // Yesterday: 1001 (A) idle 09:00, call 09:05-09:10 and 09:25-09:30; signed out 09:40.
    // Today: 1001 (A) idle 09:00, call 09:10-09:12, wrap to 09:13, idle (open); 1002 (B) idle 09:05 (open).
    await writeBatch(t.db, [
      ...steps('1001', 'A', [
        ['2025-03-10 09:00:00', 'idle'],
        ['2025-03-10 09:05:00', 'on_call'],
        ['2025-03-10 09:10:00', 'idle'],
        ['2025-03-10 09:25:00', 'on_call'],
        ['2025-03-10 09:30:00', 'idle'],
        ['2025-03-10 09:40:00', 'signed_out'],
      ]),
      connect('y1', '1001', 'A', '2025-03-10 09:05:00'),
      connect('y2', '1001', 'A', '2025-03-10 09:25:00'),
    ]);
    await writeBatch(t.db, [
      ...steps('1001', 'A', [
        ['2025-03-11 09:00:00', 'idle'],
        ['2025-03-11 09:10:00', 'on_call'],
        ['2025-03-11 09:12:00', 'wrap_up'],
        ['2025-03-11 09:13:00', 'idle'],
      ]),
      connect('t1', '1001', 'A', '2025-03-11 09:10:00'),
      ...steps('1002', 'B', [['2025-03-11 09:05:00', 'idle']]),
    ]);
  });

  const get = (path: string, teams = '*') => fetch(`${base}${path}`, { headers: { 'x-teams': teams } });

  it('HA-1: intervals of a day in 15 minutes, the running states counted up to now', async () => {
    const res = await get('/api/history/intervals?day=2025-03-11');
    expect(res.status).toBe(200);
    const body = (await res.json()) as HistoryIntervals;
    expect(body.intervals).toHaveLength(96);
    const b0900 = body.intervals[36]!;
    expect(b0900.start).toBe(shanghai('2025-03-11 09:00:00'));
    // 1001: idle 600 + 120 (open from 09:13 to 09:15); call 120; wrap 60. 1002: idle 600 (open).
    expect(b0900).toMatchObject({ idleSeconds: 1320, onCallSeconds: 120, wrapUpSeconds: 60, callsConnected: 1, avgTalkSeconds: 120 });
    expect(b0900.occupancy).toBeCloseTo(180 / 1500, 10);
    // 09:15-09:20 elapsed of the interval in progress: both agents idle the whole 300 s.
    expect(body.intervals[37]).toMatchObject({ elapsedSeconds: 300, idleSeconds: 600, agents: { idle: 2, signedIn: 2 } });
    expect(body.intervals[38]).toMatchObject({ elapsedSeconds: 0, idleSeconds: 0 });
  });

  it('HA-2: a team lead sees only their teams; another team is 403 TEAM_FORBIDDEN', async () => {
    const mine = (await (await get('/api/history/intervals?day=2025-03-11', 'B')).json()) as HistoryIntervals;
    expect(mine.intervals[36]).toMatchObject({ idleSeconds: 600, onCallSeconds: 0, callsConnected: 0 });
    const other = await get('/api/history/agents?day=2025-03-11&team=A', 'B');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'TEAM_FORBIDDEN' });
    const agents = (await (await get('/api/history/agents?day=2025-03-11', 'B')).json()) as HistoryAgents;
    expect(agents.agents.map((a) => a.extno)).toEqual(['1002']);
  });

  it('HA-3: the summary compares today until now with yesterday until the same time of day', async () => {
    const body = (await (await get('/api/history/summary?day=2025-03-11&team=A')).json()) as HistorySummary;
    expect(body.current.until).toBe(shanghai('2025-03-11 09:20:00'));
    expect(body.previous.until).toBe(shanghai('2025-03-10 09:20:00'));
    // Today 1001: idle 600 + 420 (09:13-09:20), call 120, wrap 60; one call.
    expect(body.current).toMatchObject({ callsConnected: 1, idleSeconds: 1020, onCallSeconds: 120, wrapUpSeconds: 60 });
    // Yesterday until 09:20: idle 300 + 600, one call of 300 s; the 09:25 call is after the cut.
    expect(body.previous).toMatchObject({ callsConnected: 1, idleSeconds: 900, onCallSeconds: 300, avgTalkSeconds: 300 });
  });

  it('HA-4: the per-agent table: signed-in time, calls, talk, wrap-up, idle, occupancy, longest wrap-up, names from the roster', async () => {
    const body = (await (await get('/api/history/agents?day=2025-03-11')).json()) as HistoryAgents;
    expect(body.agents).toHaveLength(2);
    expect(body.agents[0]).toMatchObject({
      extno: '1001',
      name: '王芳',
      team: 'A',
      calls: 1,
      onCallSeconds: 120,
      wrapUpSeconds: 60,
      idleSeconds: 1020,
      signedInSeconds: 1200,
      longestWrapSeconds: 60,
      avgTalkSeconds: 120,
    });
    expect(body.agents[0]!.occupancy).toBeCloseTo(180 / 1200, 10);
    expect(body.agents[1]).toMatchObject({ extno: '1002', name: null, idleSeconds: 900, calls: 0, occupancy: 0 });
  });

  it('HA-5: CSV exports are UTF-8 with a BOM, CRLF rows, centre-local times, Chinese headers on request', async () => {
    const res = await get('/api/history/agents.csv?day=2025-03-11&lang=zh-CN');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('agents-2025-03-11.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('分机,姓名,班组,签入时长 （秒）,接通数,通话时长 （秒）,话后处理时长 （秒）,空闲时长 （秒）,平均通话时长 （秒）,占用率 （%）,最长话后处理 （秒）,最长空闲 （秒）');
    expect(lines[1]).toBe('1001,王芳,A,1200,1,120,60,1020,120,15.0,60,600');
    const intervals = await (await get('/api/history/intervals.csv?day=2025-03-11')).text();
    const rows = intervals.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]!.startsWith('Start,End,Agents signed in (avg)')).toBe(true);
    expect(rows[37]!.startsWith('2025-03-11 09:00:00,2025-03-11 09:15:00,')).toBe(true);
  });

  it('HA-6: an agent timeline is the day as status segments, the running one open up to now', async () => {
    const body = (await (await get('/api/history/agents/1001/timeline?day=2025-03-11')).json()) as HistoryTimeline;
    expect(body.segments.map((s) => [s.status, s.open])).toEqual([
      ['idle', false],
      ['on_call', false],
      ['wrap_up', false],
      ['idle', true],
    ]);
    expect(body.segments[3]).toMatchObject({ from: shanghai('2025-03-11 09:13:00'), to: now });
    const hidden = await get('/api/history/agents/1001/timeline?day=2025-03-11', 'B');
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ code: 'UNKNOWN_AGENT' });
  });

  it('HA-7: bad query strings are 400 BAD_QUERY naming the field', async () => {
    for (const q of ['day=2025-02-30', 'day=yesterday', 'interval=7', 'day=2025-03-11&day=2025-03-10']) {
      const res = await get(`/api/history/intervals?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'BAD_QUERY' });
    }
    expect((await get('/api/history/agents/10%2701/timeline')).status).toBe(400);
  });

  it('HA-8: no store (off or still opening) or a failing one is 503 HISTORY_UNAVAILABLE', async () => {
    store = null;
    const off = await get('/api/history/summary');
    expect(off.status).toBe(503);
    expect(await off.json()).toMatchObject({ code: 'HISTORY_UNAVAILABLE' });
    store = { db: { query: () => Promise.reject(new Error('connection lost')) } as unknown as Queryable };
    const failing = await get('/api/history/agents');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ code: 'HISTORY_UNAVAILABLE' });
  });
});
