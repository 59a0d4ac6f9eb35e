/**
 * Issue #7 end to end: with HISTORY=on, what used to live in memory (audit trail, announcements
 * with receipts, alert rules, alert history, per-team colour thresholds) survives a restart of
 * Floorboard on embedded PGlite under DATA_DIR; with HISTORY=off the memory stores stay.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertHistoryPage } from '@/lib/alerts/types';
import type { AnnouncementView } from '@/lib/control/announce';
import type { AuditPage } from '@/lib/control/audit';
import type { ThresholdSettings } from '@/lib/settings/thresholds';
import type { Floorboard } from '@/server/index';
import { MemoryAuditStore } from '@/server/control/audit';
import { call, PASSWORD, signIn } from '../auth/helpers';
import { api, boardClient, startLive, waitUntil } from './live-harness';

let app: Floorboard | null = null;
let dir: string | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function json<T>(res: Response | Promise<Response>): Promise<{ ok: boolean; data: T; code?: string }> {
  return (await (await res).json()) as { ok: boolean; data: T; code?: string };
}

/** Rule and settings edits are for people with a password, never API tokens: a manager's session. */
async function asManager(a: Floorboard): Promise<(method: string, path: string, body: unknown) => Promise<{ status: number; ok: boolean }>> {
  const username = `mgr${Math.random().toString(36).slice(2, 8)}`;
  const created = await a.auth.auth.users.create({ username, displayName: '经理', role: 'manager', teams: [], password: PASSWORD });
  expect(created.ok).toBe(true);
  const cookie = await signIn(a.url, username);
  return async (method, path, body) => {
    const r = await call(a.url, method, path, { body, cookie });
    return { status: r.status, ok: r.json.ok === true };
  };
}

const send = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const IDLE_RULE = { id: 'idle-1s', kind: 'idle_long', severity: 'warning', params: { thresholdSec: 1 } };

async function start(): Promise<Floorboard> {
  const started = await startLive({ SIM_AGENTS: '6', SIM_TEAMS: '2', HISTORY: 'on', DATA_DIR: dir! }, { simulator: { dynamics: false } });
  await waitUntil(() => started.floor.health().linksLive === 6, 'links live', 15_000);
  return started;
}

describe('records kept in the history database', () => {
  it('P-1: an audit record, an announcement with receipts, a rule edit, alert history and thresholds survive a restart (PGlite)', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'floorboard-persist-'));
    app = await start();
    const sim = app.simulator!;
    const extno = sim.roster[0]!.extno;
    const team = sim.roster[0]!.team;
    const members = sim.roster.filter((r) => r.team === team).length;

    // An action (audited), which also leaves the agent idle for the alert rule below.
    const acted = await json(api(app, `/api/agents/${extno}/logon`, send('POST', { requestId: randomUUID() })));
    expect(acted.ok).toBe(true);
    const [audited] = (await json<AuditPage>(api(app, `/api/audit?extno=${extno}`))).data.records;
    expect(audited).toMatchObject({ action: 'logon', result: 'ok' });

    const sent = await json<AnnouncementView>(api(app, '/api/announcements', send('POST', { requestId: randomUUID(), text: '下午三点开例会', audience: { kind: 'teams', teams: [team] } })));
    expect(sent.ok).toBe(true);
    const announcementId = sent.data.id;
    const delivered = async (a: Floorboard) => (await json<AnnouncementView>(api(a, `/api/announcements/${announcementId}`))).data.delivered;
    await eventually(async () => (await delivered(app!)) === members, 'N of N delivered');

    const manager = await asManager(app);
    expect((await manager('PUT', `/api/alert-rules/${IDLE_RULE.id}`, IDLE_RULE)).ok).toBe(true);
    const opened = async (a: Floorboard) => (await json<{ history: AlertHistoryPage }>(api(a, `/api/alerts?ruleId=${IDLE_RULE.id}&event=opened`))).data.history.entries;
    await eventually(async () => (await opened(app!)).length > 0, 'an alert of the edited rule');
    const alertIds = (await opened(app)).map((e) => e.alert.id);
    expect(alertIds.length).toBeGreaterThan(0);

    const teams = { [team]: { idle: [5, 10, 20] } };
    expect((await manager('PUT', '/api/settings/thresholds', { teams })).ok).toBe(true);

    await app.close();
    app = null;
    app = await start();

    const audit = (await json<AuditPage>(api(app, `/api/audit?extno=${extno}&action=logon`))).data.records;
    expect(audit.map((r) => r.id)).toContain(audited!.id);
    const settingsAudit = (await json<AuditPage>(api(app, '/api/audit?action=settings_update'))).data.records;
    expect(settingsAudit[0]).toMatchObject({ result: 'ok', target: { team } });

    const list = (await json<AnnouncementView[]>(api(app, '/api/announcements'))).data;
    expect(list.find((a) => a.id === announcementId)).toMatchObject({ text: '下午三点开例会', total: members, delivered: members });

    const rules = (await json<{ rules: { id: string }[] }>(api(app, '/api/alert-rules'))).data.rules;
    expect(rules.map((r) => r.id)).toContain(IDLE_RULE.id);
    const history = (await opened(app)).map((e) => e.alert.id);
    for (const id of alertIds) expect(history).toContain(id);

    expect((await json<ThresholdSettings>(api(app, '/api/settings/thresholds'))).data.teams).toEqual(teams);
    const board = boardClient(app);
    try {
      const pushed = await new Promise<ThresholdSettings>((resolve) => board.on('settings:thresholds', resolve));
      expect(pushed.teams).toEqual(teams);
    } finally {
      board.close();
    }
    expect(Object.values(app.persist!.stats()).every((s) => s.dropped === 0 && s.rejected === 0)).toBe(true);
  }, 180_000);

  it('P-2: with HISTORY=off the memory stores serve as before and nothing is persisted', async () => {
    app = await startLive({ SIM_AGENTS: '3' });
    expect(app.persist).toBeNull();
    expect(app.control.control.audit).toBeInstanceOf(MemoryAuditStore);
    const manager = await asManager(app);
    expect((await manager('PUT', '/api/settings/thresholds', { teams: { A: { wrap_up: [10, 20, 30] } } })).ok).toBe(true);
    expect((await json<ThresholdSettings>(api(app, '/api/settings/thresholds'))).data.teams).toEqual({ A: { wrap_up: [10, 20, 30] } });
    expect((await manager('PUT', '/api/settings/thresholds', { teams: { A: { idle: [30, 20, 10] } } })).status).toBe(400);
    // An API token never edits settings (people with a password only).
    expect((await api(app, '/api/settings/thresholds', send('PUT', { teams: {} }))).status).toBe(403);
  }, 60_000);
});
