import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordItem } from '@/server/store/record-items';
import { addReceipts, createAnnouncement, listAnnouncements, listReceipts } from '@/server/store/repos/announcements';
import { getCall, listCalls, mergeCallPatches, upsertCalls } from '@/server/store/repos/calls';
import {
  createApiToken,
  createDisplayLink,
  findActiveCredential,
  listCredentials,
  revokeCredential,
  touchCredential,
} from '@/server/store/repos/credentials';
import { advanceLastStates, clearLastStates, listOpenStates } from '@/server/store/repos/last-states';
import { deleteRosterOverride, listRosterOverrides, putRosterOverride } from '@/server/store/repos/roster-overrides';
import { listRollups } from '@/server/store/repos/rollups';
import { deleteSetting, getSetting, listSettings, putSetting, SETTING_KEYS } from '@/server/store/repos/settings';
import { appendTransitions, listTransitions, listTransitionsForDay } from '@/server/store/repos/transitions';
import {
  createSession,
  createUser,
  deleteSessionsBefore,
  findActiveSession,
  getUserByUsername,
  listUsers,
  revokeSession,
  revokeUserSessions,
  touchSession,
  updateUser,
} from '@/server/store/repos/users';
import { writeBatch } from '@/server/store/write-batch';
import { DRIVERS, hashOf, openTestDb, shanghai, truncateAll, type TestDb } from './helpers';

describe.each(DRIVERS)('repositories on %s', (driver) => {
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

  describe('transitions', () => {
    it('R1: appends a batch, skips rows already stored, and returns only the new ones', async () => {
      const at = shanghai('2025-03-10 09:00:00');
      const rows = [
        { extno: '1001', team: 'A', from: 'idle' as const, to: 'on_call' as const, at, prevDurationMs: 30_000 },
        { extno: '1002', team: 'B', from: 'on_call' as const, to: 'wrap_up' as const, at: at + 5, prevDurationMs: 90_000 },
      ];
      const first = await appendTransitions(t.db, rows);
      expect(first.map((r) => r.extno)).toEqual(['1001', '1002']);
      expect(first[0]).toMatchObject({ extno: '1001', team: 'A', from: 'idle', to: 'on_call', at, prevDurationMs: 30_000 });
      const again = await appendTransitions(t.db, [...rows, { ...rows[0]!, at: at + 60_000 }]);
      expect(again).toHaveLength(1);
      expect(again[0]?.at).toBe(at + 60_000);
    });

    it('R2: lists by centre-local day, extension and team', async () => {
      const late = shanghai('2025-03-10 23:59:59');
      const next = shanghai('2025-03-11 00:00:00');
      await appendTransitions(t.db, [
        { extno: '1001', team: 'A', from: 'idle', to: 'on_call', at: late, prevDurationMs: 1 },
        { extno: '1001', team: 'A', from: 'on_call', to: 'wrap_up', at: next, prevDurationMs: 1_000 },
        { extno: '1002', team: 'B', from: 'idle', to: 'on_call', at: late - 1000, prevDurationMs: 1 },
      ]);
      const day = await listTransitionsForDay(t.db, { day: '2025-03-10', timeZone: 'Asia/Shanghai' });
      expect(day.map((r) => [r.extno, r.at])).toEqual([
        ['1002', late - 1000],
        ['1001', late],
      ]);
      const byTeam = await listTransitionsForDay(t.db, { day: '2025-03-10', timeZone: 'Asia/Shanghai', team: 'A' });
      expect(byTeam.map((r) => r.extno)).toEqual(['1001']);
      // The same instants are one UTC day: 15:59:59Z and 16:00:00Z on 2025-03-10.
      const utc = await listTransitionsForDay(t.db, { day: '2025-03-10', timeZone: 'UTC', extno: '1001' });
      expect(utc).toHaveLength(2);
      const range = await listTransitions(t.db, { from: next, to: next + 1, extno: '1001' });
      expect(range.map((r) => r.to)).toEqual(['wrap_up']);
    });
  });

  describe('calls', () => {
    it('R3: upserts a call through connect, hold, end and wrap-up end; a replay changes nothing', async () => {
      const t0 = shanghai('2025-03-10 10:00:00');
      const base = { sessionId: 's-1', extno: '1001', team: 'A' };
      const first = await upsertCalls(t.db, [
        { ...base, projectId: 7, taskId: 3, city: '北京-北京', recordUuid: 'rec-1', connectedAt: t0, held: false },
      ]);
      expect(first.newlyConnected).toEqual([{ sessionId: 's-1', team: 'A', connectedAt: t0 }]);
      await upsertCalls(t.db, [{ ...base, held: true }]);
      await upsertCalls(t.db, [{ ...base, held: false, endedAt: t0 + 95_000 }]);
      await upsertCalls(t.db, [{ ...base, wrapEndedAt: t0 + 140_000, outcome: 'completed' }]);
      const replay = await upsertCalls(t.db, [{ ...base, connectedAt: t0 + 1, endedAt: t0 + 2, city: 'x' }]);
      expect(replay.newlyConnected).toEqual([]);
      expect(await getCall(t.db, 's-1')).toEqual({
        ...base,
        projectId: 7,
        taskId: 3,
        city: '北京-北京',
        recordUuid: 'rec-1',
        connectedAt: t0,
        endedAt: t0 + 95_000,
        wrapEndedAt: t0 + 140_000,
        held: true,
        outcome: 'completed',
      });
      expect((await listCalls(t.db, { from: t0, to: t0 + 1, extno: '1001' })).map((c) => c.sessionId)).toEqual(['s-1']);
    });

    it('R4: stores no phone number or customer name, only the record id', async () => {
      const cols = await t.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'calls'`,
      );
      const names = cols.rows.map((c) => c.column_name);
      expect(names).toContain('record_uuid');
      expect(names.filter((n) => /tel|phone|name/.test(n))).toEqual([]);
    });

    it('R5: merges several steps of one call in a batch with the upsert rules', () => {
      const base = { sessionId: 's', extno: '1', team: 'A' };
      expect(
        mergeCallPatches([
          { ...base, connectedAt: 1, held: false },
          { ...base, held: true },
          { ...base, held: false, endedAt: 5 },
          { ...base, endedAt: 9, wrapEndedAt: 7 },
        ]),
      ).toEqual([{ ...base, connectedAt: 1, held: true, endedAt: 5, wrapEndedAt: 7 }]);
    });
  });

  describe('write batch', () => {
    it('H11: a batch replayed after a lost commit acknowledgement adds nothing twice', async () => {
      const t0 = shanghai('2025-03-10 10:00:00');
      const batch: RecordItem[] = [
        { kind: 'transition', extno: '1001', team: 'A', from: 'idle', to: 'on_call', at: t0, prevDurationMs: 120_000 },
        {
          kind: 'call',
          phase: 'connect',
          sessionId: 's-9',
          extno: '1001',
          team: 'A',
          at: t0,
          projectId: 1,
          taskId: 2,
          city: null,
          recordUuid: 'r',
        },
        {
          kind: 'audit',
          eventId: '6a0f3c1e-1d2b-4c55-8f00-000000000001',
          at: t0,
          actorId: 'u1',
          actorName: '王芳',
          actorRole: 'team_lead',
          action: 'hold',
          result: 'ok',
        },
      ];
      const first = await writeBatch(t.db, batch);
      const second = await writeBatch(t.db, batch);
      expect(first).toEqual({ transitions: 1, calls: 1, audit: 1, receipts: 0 });
      expect(second).toEqual({ transitions: 0, calls: 1, audit: 0, receipts: 0 });
      const rollups = await listRollups(t.db, { from: t0 - 3_600_000, to: t0 + 3_600_000 });
      expect(rollups.reduce((s, r) => s + r.idleSeconds, 0)).toBe(120);
      expect(rollups.reduce((s, r) => s + r.callsConnected, 0)).toBe(1);
      expect(rollups.find((r) => r.minute === t0)?.maxIdleSeconds).toBe(120);
      const audit = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`);
      expect(audit.rows[0]?.n).toBe(1);
    });

    it('H11b: a batch that fails part-way leaves nothing behind', async () => {
      const t0 = shanghai('2025-03-10 10:00:00');
      await expect(
        writeBatch(t.db, [
          { kind: 'transition', extno: '1001', team: 'A', from: 'idle', to: 'on_call', at: t0, prevDurationMs: 1_000 },
          // No such announcement: the receipt's foreign key fails after the transition went in.
          { kind: 'receipt', announcementId: 999, extno: '1001', deliveredAt: t0 },
        ]),
      ).rejects.toMatchObject({ code: '23503' });
      expect(await listTransitions(t.db, { from: 0, to: t0 + 1 })).toEqual([]);
      expect(await listRollups(t.db, { from: 0, to: t0 + 1 })).toEqual([]);
      expect(await listOpenStates(t.db)).toEqual([]);
    });
  });

  it('R6: open states advance to the newest transition only, and can be cleared per agent', async () => {
    const t0 = shanghai('2025-03-10 10:00:00');
    await advanceLastStates(t.db, [
      { extno: '1001', team: 'A', from: 'idle', to: 'on_call', at: t0, prevDurationMs: 1 },
      { extno: '1001', team: 'A', from: 'on_call', to: 'wrap_up', at: t0 + 60_000, prevDurationMs: 60_000 },
      { extno: '1002', team: 'B', from: 'unknown', to: 'idle', at: t0, prevDurationMs: 0 },
    ]);
    // An older transition arriving late does not move the state back.
    await advanceLastStates(t.db, [{ extno: '1001', team: 'A', from: 'unknown', to: 'idle', at: t0 - 1, prevDurationMs: 0 }]);
    expect(await listOpenStates(t.db)).toEqual([
      { extno: '1001', team: 'A', status: 'wrap_up', since: t0 + 60_000 },
      { extno: '1002', team: 'B', status: 'idle', since: t0 },
    ]);
    expect(await listOpenStates(t.db, { team: 'B' })).toHaveLength(1);
    expect(await clearLastStates(t.db, ['1002'])).toBe(1);
    expect((await listOpenStates(t.db)).map((s) => s.extno)).toEqual(['1001']);
  });

  it('R7: announcements with receipts, one per agent, filtered by team', async () => {
    const t0 = shanghai('2025-03-10 10:00:00');
    const floor = await createAnnouncement(t.db, { body: '午餐时间调整', authorId: 'u1', authorName: '王芳', targetTeams: null, at: t0 });
    const teamB = await createAnnouncement(t.db, { body: 'B组开会', authorId: 'u1', authorName: '王芳', targetTeams: ['B'], at: t0 + 1000 });
    expect(floor).toMatchObject({ body: '午餐时间调整', targetTeams: null, createdAt: t0, receipts: 0 });
    expect(
      await addReceipts(t.db, [
        { announcementId: floor.id, extno: '1001', deliveredAt: t0 + 10 },
        { announcementId: floor.id, extno: '1002', deliveredAt: t0 + 20 },
        { announcementId: floor.id, extno: '1001', deliveredAt: t0 + 30 },
      ]),
    ).toBe(2);
    expect(await listReceipts(t.db, floor.id)).toEqual([
      { announcementId: floor.id, extno: '1001', deliveredAt: t0 + 10 },
      { announcementId: floor.id, extno: '1002', deliveredAt: t0 + 20 },
    ]);
    const forA = await listAnnouncements(t.db, { team: 'A' });
    expect(forA.map((a) => [a.id, a.receipts])).toEqual([[floor.id, 2]]);
    expect((await listAnnouncements(t.db)).map((a) => a.id)).toEqual([teamB.id, floor.id]);
  });

  it('R8: settings are key/value jsonb with per-team threshold keys', async () => {
    await putSetting(t.db, SETTING_KEYS.teamThresholds('A'), { wrapUpWarnSeconds: 60 }, 'u1');
    await putSetting(t.db, SETTING_KEYS.teamThresholds('B_%'), { wrapUpWarnSeconds: 90 }, 'u1');
    await putSetting(t.db, SETTING_KEYS.kpiOptions, { intervalMinutes: 15 }, null);
    await putSetting(t.db, SETTING_KEYS.teamThresholds('A'), { wrapUpWarnSeconds: 45 }, 'u2');
    expect(await getSetting(t.db, 'thresholds/team/A')).toMatchObject({ value: { wrapUpWarnSeconds: 45 }, updatedBy: 'u2' });
    expect((await listSettings(t.db, SETTING_KEYS.teamThresholdsPrefix)).map((s) => s.key)).toEqual([
      'thresholds/team/A',
      'thresholds/team/B_%',
    ]);
    expect(await deleteSetting(t.db, SETTING_KEYS.kpiOptions)).toBe(true);
    expect(await getSetting(t.db, SETTING_KEYS.kpiOptions)).toBeNull();
  });

  it('R9: users and sessions: create, look up case-insensitively, expire, revoke', async () => {
    const u = await createUser(t.db, { username: 'WangFang', displayName: '王芳', role: 'team_lead', teams: ['A'], passwordHash: 'h1' });
    await expect(createUser(t.db, { username: 'wangfang', displayName: 'x', role: 'viewer' })).rejects.toMatchObject({ code: '23505' });
    expect((await getUserByUsername(t.db, 'WANGFANG'))?.id).toBe(u.id);
    const now = Date.parse('2025-03-10T02:00:00Z');
    const th1 = hashOf('th-1');
    const s = await createSession(t.db, { userId: u.id, tokenHash: th1, expiresAt: now + 3_600_000, ip: '10.0.0.5' });
    expect(s.lastUsedAt).toBe(s.createdAt);
    const found = await findActiveSession(t.db, th1, now);
    expect(found?.user).toMatchObject({ id: u.id, displayName: '王芳', teams: ['A'] });
    expect(found?.session.id).toBe(s.id);
    await touchSession(t.db, s.id, now + 5);
    expect((await findActiveSession(t.db, th1, now))?.session.lastUsedAt).toBe(now + 5);
    expect(await findActiveSession(t.db, th1, now + 3_600_000)).toBeNull();
    await updateUser(t.db, u.id, { disabledAt: now }, now);
    expect(await findActiveSession(t.db, th1, now)).toBeNull();
    const back = await updateUser(t.db, u.id, { disabledAt: null, role: 'manager', passwordHash: null }, now + 1);
    expect(back).toMatchObject({ role: 'manager', passwordHash: null, disabledAt: null, teams: ['A'], updatedAt: now + 1 });
    expect(await revokeSession(t.db, s.id, now)).toBe(true);
    expect(await findActiveSession(t.db, th1, now)).toBeNull();
    const s2 = await createSession(t.db, { userId: u.id, tokenHash: hashOf('th-2'), expiresAt: now + 1 });
    expect(await revokeUserSessions(t.db, u.id, now)).toEqual([s2.id]);
    expect(await deleteSessionsBefore(t.db, now)).toBe(2);
    expect(await listUsers(t.db)).toHaveLength(1);
  });

  it('R10: display links and API tokens: hashed, scoped, expiring, revocable', async () => {
    const now = Date.parse('2025-03-10T02:00:00Z');
    const [dl1, at1] = [hashOf('dl-1'), hashOf('at-1')];
    const link = await createDisplayLink(t.db, {
      name: 'TV 3F',
      tokenHash: dl1,
      teams: ['A', 'B'],
      view: { density: 'compact' },
      expiresAt: now + 1000,
    });
    const token = await createApiToken(t.db, { name: 'export', tokenHash: at1, role: 'manager' });
    expect(link).toMatchObject({ teams: ['A', 'B'], view: { density: 'compact' }, tokenHash: dl1 });
    expect(token).toMatchObject({ role: 'manager', access: 'read', expiresAt: null, tokenHash: at1 });
    expect((await findActiveCredential(t.db, 'display_links', dl1, now))?.id).toBe(link.id);
    expect(await findActiveCredential(t.db, 'display_links', dl1, now + 1000)).toBeNull();
    expect(await findActiveCredential(t.db, 'display_links', at1, now)).toBeNull();
    await touchCredential(t.db, 'api_tokens', token.id, now);
    expect((await listCredentials(t.db, 'api_tokens'))[0]?.lastUsedAt).toBe(now);
    expect(await revokeCredential(t.db, 'api_tokens', token.id, now)).toBe(true);
    expect(await revokeCredential(t.db, 'api_tokens', token.id, now)).toBe(false);
    expect(await findActiveCredential(t.db, 'api_tokens', at1, now)).toBeNull();
  });

  it('R11: roster overrides: put, replace, delete', async () => {
    await putRosterOverride(t.db, { extno: '1001', name: '李雷', team: 'B' }, 'u1');
    await putRosterOverride(t.db, { extno: '1002', hidden: true, note: 'left' }, 'u1');
    await putRosterOverride(t.db, { extno: '1001', team: 'C' }, 'u2');
    expect((await listRosterOverrides(t.db)).map((o) => [o.extno, o.name, o.team, o.hidden, o.updatedBy])).toEqual([
      ['1001', null, 'C', false, 'u2'],
      ['1002', null, null, true, 'u1'],
    ]);
    expect(await deleteRosterOverride(t.db, '1002')).toBe(true);
    expect(await listRosterOverrides(t.db)).toHaveLength(1);
  });
});
