/**
 * The alerts REST API on a real HTTP server at port 0, with the server's own Router.
 * The actor comes from an injected `actorFor` (here: an `x-test-role` header). Rule ids: docs/alerts.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertHistoryPage } from '@/lib/alerts/types';
import type { Actor, Role } from '@/lib/control/actor';
import { createAlertHttpHandlers, registerAlertRoutes } from '@/server/alerts/http-handlers';
import { MemoryRuleStore, type RuleSet } from '@/server/alerts/rule-store';
import { createAlertService, type AlertService } from '@/server/alerts/service';
import { Router } from '@/server/http/routes';
import { FakeFloor, SEC, T0, rule } from './engine-kit';

let http: Server | null = null;
let service: AlertService | null = null;
afterEach(async () => {
  await service?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = null;
  service = null;
});

interface Body<T> {
  ok: boolean;
  code?: string;
  message?: string;
  data: T;
}
type AlertsData = { open: Alert[]; history: AlertHistoryPage | null };

function actorFrom(role: string | undefined, teams: string | undefined): Actor | null {
  if (!role) return null;
  return { id: `${role}-1`, name: role, role: role as Role, teams: teams ? teams.split(',') : '*' };
}

async function start() {
  let now = T0;
  const floor = new FakeFloor().set('1', 'A', 'wrap_up', T0).set('2', 'B', 'wrap_up', T0);
  service = createAlertService({
    agents: () => floor.agents,
    callsQuietSince: (t) => floor.callsQuietSince(t),
    timeZone: 'Asia/Shanghai',
    ruleStore: new MemoryRuleStore([rule({ id: 'wrap', kind: 'wrap_up_long', params: { thresholdSec: 5 } })]),
    intervalMs: 0,
    now: () => now,
  });
  await service.ready;
  now += 6 * SEC;
  service.tick();
  const router = new Router();
  registerAlertRoutes(
    router,
    createAlertHttpHandlers({ service, actorFor: (req) => actorFrom(req.headers['x-test-role'] as string | undefined, req.headers['x-test-teams'] as string | undefined) }),
  );
  http = createServer((req, res) => {
    void router.handle(req, res, new URL(req.url ?? '/', 'http://x'));
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const call = async <T = unknown>(method: string, path: string, opts: { role?: string; teams?: string; body?: unknown; type?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.role) headers['x-test-role'] = opts.role;
    if (opts.teams) headers['x-test-teams'] = opts.teams;
    if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
    const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    // Buffer keeps a BOM that res.text() would strip.
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    return { status: res.status, text, json: res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Body<T>) : null };
  };
  return { service, call };
}

describe('alerts HTTP API', () => {
  it('AL20: GET /api/alerts answers open alerts and history scoped to the actor; the CSV export has a BOM', async () => {
    const { call } = await start();
    expect((await call('GET', '/api/alerts')).status).toBe(401);
    const all = await call<AlertsData>('GET', '/api/alerts', { role: 'manager' });
    expect(all.status).toBe(200);
    expect(all.json!.data.open).toHaveLength(4); // two agents, two team summaries
    expect(all.json!.data.history!.entries).toHaveLength(4);
    const lead = await call<AlertsData>('GET', '/api/alerts?level=agent', { role: 'team_lead', teams: 'B' });
    expect(lead.json!.data.open.map((a) => a.agents)).toEqual([['2']]);
    expect(lead.json!.data.history!.entries.map((e) => e.alert.agents)).toEqual([['2']]);
    expect((await call('GET', '/api/alerts?severity=loud', { role: 'manager' })).json).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const openOnly = await call<AlertsData>('GET', '/api/alerts?state=open', { role: 'viewer' });
    expect(openOnly.json!.data.history).toBeNull();

    const csv = await call('GET', '/api/alerts.csv?event=opened', { role: 'team_lead', teams: 'A' });
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 2);
    expect((await call('GET', '/api/alerts.csv', { role: 'viewer' })).status).toBe(403);
  });

  it('AL19: POST /api/alerts/:id/ack acknowledges as the session user; viewers, other teams and unknown ids are refused with stable codes', async () => {
    const { service: s, call } = await start();
    const a = s.open('*').find((x) => x.subject.kind === 'agent' && x.subject.extno === '1')!;
    expect((await call('POST', `/api/alerts/${a.id}/ack`, { role: 'viewer', body: {} })).json).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call('POST', `/api/alerts/${a.id}/ack`, { role: 'team_lead', teams: 'B', body: {} })).status).toBe(403);
    expect((await call('POST', `/api/alerts/${a.id}/ack`, { role: 'manager', body: {}, type: 'text/plain' })).status).toBe(415);
    expect((await call('POST', '/api/alerts/nope/ack', { role: 'manager', body: {} })).json).toMatchObject({ code: 'ALERT_NOT_FOUND' });
    const ok = await call<Alert>('POST', `/api/alerts/${a.id}/ack`, { role: 'team_lead', teams: 'A', body: { requestId: 'r1' } });
    expect(ok.status).toBe(200);
    expect(ok.json!.data.acknowledged?.by).toEqual({ id: 'team_lead-1', name: 'team_lead' });
  });

  it('AL21: rules are read by anyone signed in and changed by managers only, validated', async () => {
    const { call } = await start();
    const got = await call<RuleSet>('GET', '/api/alert-rules', { role: 'viewer' });
    expect(got.json!.data.rules.map((r) => r.id)).toEqual(['wrap']);
    const idle = { id: 'idle', kind: 'idle_long', severity: 'warning', params: { thresholdSec: 300 } };
    expect((await call('PUT', '/api/alert-rules', { role: 'team_lead', body: [idle] })).status).toBe(403);
    const bad = await call('PUT', '/api/alert-rules', { role: 'manager', body: [{ ...idle, kind: 'nap' }] });
    expect(bad.status).toBe(400);
    expect(bad.json!.code).toBe('BAD_REQUEST');
    // What GET answered can be edited and PUT back as it is.
    const put = await call<RuleSet>('PUT', '/api/alert-rules', { role: 'manager', body: { ...got.json!.data, rules: [...got.json!.data.rules, idle] } });
    expect(put.json!.data.rules.map((r) => r.id)).toEqual(['wrap', 'idle']);
    expect((await call<RuleSet>('PUT', '/api/alert-rules/idle', { role: 'admin', body: { ...idle, severity: 'critical' } })).json!.data.rules[1]?.severity).toBe('critical');
    expect((await call('DELETE', '/api/alert-rules/idle', { role: 'manager' })).status).toBe(200);
    expect((await call('DELETE', '/api/alert-rules/idle', { role: 'manager' })).json).toMatchObject({ code: 'RULE_NOT_FOUND' });
  });
});
