/**
 * KPI queries on hand-made transitions with answers worked out by hand (comments give the sums).
 * Rows go in through writeBatch, the recorder's own path, so rollups are the ones derived on write.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentDayKpis, intervalKpis } from '@/server/store/repos/kpi-queries';
import { writeBatch } from '@/server/store/write-batch';
import { DRIVERS, connect, openTestDb, shanghai, steps, truncateAll, type TestDb } from './helpers';

const TZ = 'Asia/Shanghai';

describe.each(DRIVERS)('KPI queries on %s', (driver) => {
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

  async function floorMorning(): Promise<void> {
    await writeBatch(t.db, [
      ...steps('1001', 'A', [
        ['2025-03-10 09:00:00', 'idle'],
        ['2025-03-10 09:10:00', 'on_call'],
        ['2025-03-10 09:12:00', 'wrap_up'],
        ['2025-03-10 09:13:00', 'idle'],
        ['2025-03-10 09:20:00', 'on_call'],
        ['2025-03-10 09:25:00', 'wrap_up'],
        ['2025-03-10 09:26:00', 'idle'],
        ['2025-03-10 09:30:00', 'signed_out'],
      ]),
      connect('s1', '1001', 'A', '2025-03-10 09:10:00'),
      connect('s2', '1001', 'A', '2025-03-10 09:20:00'),
    ]);
    // A second batch: 1002's talk straddles 09:15; it is still idle (open state) at "now".
    await writeBatch(t.db, [
      ...steps('1002', 'B', [
        ['2025-03-10 09:05:00', 'idle'],
        ['2025-03-10 09:14:00', 'on_call'],
        ['2025-03-10 09:16:00', 'wrap_up'],
        ['2025-03-10 09:16:30', 'idle'],
      ]),
      connect('s3', '1002', 'B', '2025-03-10 09:14:00'),
    ]);
  }

  it('K1: 15-minute floor intervals: average agents by status, calls, talk, wrap-up, occupancy, longest idle', async () => {
    await floorMorning();
    const now = shanghai('2025-03-10 09:40:00');
    const r = await intervalKpis(t.db, { day: '2025-03-10', timeZone: TZ, now });
    expect(r.intervals).toHaveLength(96);
    expect(r.start).toBe(shanghai('2025-03-10 00:00:00'));
    const [b0900, b0915, b0930, b0945] = r.intervals.slice(36, 40);
    expect(b0900?.start).toBe(shanghai('2025-03-10 09:00:00'));
    // idle 600+120 (1001) + 540 (1002); on call 120 + 60; wrap 60.
    expect(b0900).toMatchObject({ elapsedSeconds: 900, idleSeconds: 1260, onCallSeconds: 180, wrapUpSeconds: 60 });
    expect(b0900).toMatchObject({ callsConnected: 2, talkCount: 1, avgTalkSeconds: 120, avgWrapSeconds: 60, longestIdleSeconds: 600 });
    expect(b0900?.occupancy).toBeCloseTo(240 / 1500, 10);
    expect(b0900?.agents.idle).toBeCloseTo(1.4, 10);
    expect(b0900?.agents.onCall).toBeCloseTo(0.2, 10);
    expect(b0900?.agents.signedIn).toBeCloseTo(1500 / 900, 10);
    // idle 300+240 (1001) + 810 open (1002, 09:16:30-09:30); talks ended: 300 and 120; wraps: 60 and 30.
    expect(b0915).toMatchObject({ idleSeconds: 1350, onCallSeconds: 360, wrapUpSeconds: 90, callsConnected: 1 });
    expect(b0915).toMatchObject({ avgTalkSeconds: 210, avgWrapSeconds: 45, longestIdleSeconds: 420, occupancy: 0.25 });
    // 09:30-09:40 elapsed: 1002 idle all along; its running wait (since 09:16:30) is the longest.
    expect(b0930).toMatchObject({ elapsedSeconds: 600, idleSeconds: 600, occupancy: 0, longestIdleSeconds: 1410 });
    expect(b0930?.agents.idle).toBe(1);
    expect(b0945).toMatchObject({ elapsedSeconds: 0, idleSeconds: 0, occupancy: null, avgTalkSeconds: null });
    expect(b0945?.agents.idle).toBe(0);
    const earlier = r.intervals.slice(0, 36).concat(r.intervals.slice(40));
    expect(earlier.every((b) => b.idleSeconds === 0 && b.callsConnected === 0)).toBe(true);
  });

  it('K2: a team filter keeps that team only (rollups and open states)', async () => {
    await floorMorning();
    const now = shanghai('2025-03-10 09:40:00');
    const a = await intervalKpis(t.db, { day: '2025-03-10', timeZone: TZ, team: 'A', now });
    expect(a.intervals[36]).toMatchObject({ idleSeconds: 720, onCallSeconds: 120, wrapUpSeconds: 60, callsConnected: 1 });
    expect(a.intervals[38]).toMatchObject({ idleSeconds: 0, occupancy: null });
    const b = await intervalKpis(t.db, { day: '2025-03-10', timeZone: TZ, team: 'B', now, intervalMinutes: 60 });
    expect(b.intervals).toHaveLength(24);
    // 09:00-10:00 so far (40 min): idle 540 + 1410, on call 120, wrap 30.
    expect(b.intervals[9]).toMatchObject({ elapsedSeconds: 2400, idleSeconds: 1950, onCallSeconds: 120, wrapUpSeconds: 30 });
  });

  it('K3: per-agent day table: signed-in time, calls, talk, wrap-up, idle, occupancy, longest wrap-up', async () => {
    await floorMorning();
    const rows = await agentDayKpis(t.db, { day: '2025-03-10', timeZone: TZ, now: shanghai('2025-03-10 09:40:00') });
    expect(rows).toEqual([
      {
        extno: '1001',
        team: 'A',
        idleSeconds: 1260,
        onCallSeconds: 420,
        wrapUpSeconds: 120,
        signedInSeconds: 1800,
        calls: 2,
        avgTalkSeconds: 210,
        occupancy: 0.3,
        longestWrapSeconds: 60,
        longestIdleSeconds: 600,
      },
      {
        extno: '1002',
        team: 'B',
        idleSeconds: 1950,
        onCallSeconds: 120,
        wrapUpSeconds: 30,
        signedInSeconds: 2100,
        calls: 1,
        avgTalkSeconds: 120,
        occupancy: 150 / 2100,
        longestWrapSeconds: 30,
        longestIdleSeconds: 1410,
      },
    ]);
    const teamB = await agentDayKpis(t.db, { day: '2025-03-10', timeZone: TZ, team: 'B', now: shanghai('2025-03-10 09:40:00') });
    expect(teamB.map((r) => r.extno)).toEqual(['1002']);
  });

  it('K5: a running state counts only in the day it runs in, never in a day not yet begun or already over', async () => {
    await floorMorning();
    const now = shanghai('2025-03-10 09:40:00');
    for (const day of ['2025-03-09', '2025-03-11']) {
      expect(await agentDayKpis(t.db, { day, timeZone: TZ, now })).toEqual([]);
      const r = await intervalKpis(t.db, { day, timeZone: TZ, now });
      expect(r.intervals.every((b) => b.idleSeconds === 0 && b.longestIdleSeconds === 0)).toBe(true);
    }
  });

  describe('K4: day boundaries follow the centre time zone', () => {
    beforeEach(async () => {
      // Idle 23:50 -> 00:20 across Shanghai midnight, then a call, wrap-up, sign-out.
      await writeBatch(t.db, [
        ...steps('2001', 'C', [
          ['2025-03-10 23:50:00', 'idle'],
          ['2025-03-11 00:20:00', 'on_call'],
          ['2025-03-11 00:25:00', 'wrap_up'],
          ['2025-03-11 00:26:00', 'signed_out'],
        ]),
        connect('s9', '2001', 'C', '2025-03-11 00:20:00'),
      ]);
    });
    const now = shanghai('2025-03-12 12:00:00');

    it('K4a: the state is split at local midnight between the two days', async () => {
      const d10 = await agentDayKpis(t.db, { day: '2025-03-10', timeZone: TZ, now });
      expect(d10).toEqual([
        expect.objectContaining({ extno: '2001', idleSeconds: 600, onCallSeconds: 0, calls: 0, longestIdleSeconds: 0 }),
      ]);
      const d11 = await agentDayKpis(t.db, { day: '2025-03-11', timeZone: TZ, now });
      expect(d11).toEqual([
        expect.objectContaining({ idleSeconds: 1200, onCallSeconds: 300, wrapUpSeconds: 60, calls: 1, longestIdleSeconds: 1800 }),
      ]);
      expect(d11[0]?.occupancy).toBeCloseTo(360 / 1560, 10);
    });

    it('K4b: intervals start at local midnight, not UTC midnight', async () => {
      const d10 = await intervalKpis(t.db, { day: '2025-03-10', timeZone: TZ, team: 'C', now });
      expect(d10.intervals[95]).toMatchObject({ start: shanghai('2025-03-10 23:45:00'), idleSeconds: 600 });
      expect(d10.intervals.reduce((s, b) => s + b.idleSeconds, 0)).toBe(600);
      const d11 = await intervalKpis(t.db, { day: '2025-03-11', timeZone: TZ, team: 'C', now });
      expect(d11.intervals[0]).toMatchObject({ idleSeconds: 900, longestIdleSeconds: 0 });
      expect(d11.intervals[1]).toMatchObject({ idleSeconds: 300, onCallSeconds: 300, wrapUpSeconds: 60, callsConnected: 1 });
      expect(d11.intervals[1]).toMatchObject({ longestIdleSeconds: 1800, avgTalkSeconds: 300, avgWrapSeconds: 60 });
      // In UTC the whole episode (15:50Z-16:26Z) is one day.
      const utc = await agentDayKpis(t.db, { day: '2025-03-10', timeZone: 'UTC', now });
      expect(utc[0]).toMatchObject({ idleSeconds: 1800, calls: 1 });
    });

    it('K4c: a day with a DST change has 92 or 100 quarter hours', async () => {
      const spring = await intervalKpis(t.db, { day: '2025-03-09', timeZone: 'America/New_York', now });
      const autumn = await intervalKpis(t.db, { day: '2025-11-02', timeZone: 'America/New_York', now });
      expect(spring.intervals).toHaveLength(92);
      expect(autumn.intervals).toHaveLength(100);
    });
  });
});
