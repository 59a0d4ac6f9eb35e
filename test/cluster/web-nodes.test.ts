/**
 * What web nodes share through Redis besides the gateways' change stream (rules CL1, CL2, CL6, CL7 in
 * docs/behaviour-rules.md): a small still floor (the simulator moves agents only when told), one
 * gateway, two web node processes, a private redis-server and a private PostgreSQL database.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@/lib/alerts/types';
import { SOCKET_PATH } from '@/lib/protocol';
import type { ThresholdSettings } from '@/lib/settings/thresholds';
import type { Simulator } from '@/server/simulator/index';
import { waitUntil } from '../integration/live-harness';
import { BoardMirror } from '../realtime/board-mirror';
import type { ClientSocket } from '../realtime/helpers';
import { type NodeProcess, type StillFloor, signIn, startNode, startStillFloor } from './cluster-kit';
import type { PrivateRedis } from './redis-server';

const PASSWORD = 'cluster-web-nodes-password-1';
let floor: StillFloor;
let sim: Simulator;
let redis: PrivateRedis;
const nodes = new Map<string, NodeProcess>();
const sockets: ClientSocket[] = [];
let cookie: string;

function board(node: string): BoardMirror {
  const socket = io(nodes.get(node)!.url, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, extraHeaders: { cookie } }) as ClientSocket;
  sockets.push(socket);
  return new BoardMirror(socket);
}

/** The open alerts a board on `node` holds, by id, kept as the alert events say. */
function alertBoard(node: string): Map<string, Alert> {
  const alerts = new Map<string, Alert>();
  const socket = board(node).socket;
  socket.on('alert:snapshot', (s) => {
    alerts.clear();
    for (const a of s.alerts) alerts.set(a.id, a);
  });
  socket.on('alert:opened', (b) => b.alerts.forEach((a) => alerts.set(a.id, a)));
  socket.on('alert:updated', (b) => b.alerts.forEach((a) => alerts.set(a.id, a)));
  socket.on('alert:closed', (b) => b.alerts.forEach((a) => alerts.delete(a.id)));
  return alerts;
}

const byRule = (alerts: Map<string, Alert>, ruleId: string): Alert | undefined => [...alerts.values()].find((a) => a.ruleId === ruleId);

async function act(node: string, extno: string, action: string, params: Record<string, unknown> = {}): Promise<{ ok: boolean; code?: string; message?: string }> {
  const url = nodes.get(node)!.url;
  const res = await fetch(`${url}/api/agents/${extno}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ requestId: randomUUID(), ...params }),
  });
  return (await res.json()) as { ok: boolean; code?: string; message?: string };
}

type ApiAnswer = { ok: boolean; code?: string; data?: { rules?: { id: string }[] } };

/** A JSON request to `node` as the signed-in admin. */
async function api(node: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: ApiAnswer }> {
  const url = nodes.get(node)!.url;
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: url, cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as ApiAnswer };
}

/** Every colour-threshold table a board on `node` has been sent, in order. */
function thresholdBoard(node: string): ThresholdSettings[] {
  const seen: ThresholdSettings[] = [];
  board(node).socket.on('settings:thresholds', (t) => seen.push(t));
  return seen;
}
const latestTeams = (seen: ThresholdSettings[]): string[] => Object.keys(seen.at(-1)?.teams ?? {});

beforeAll(async () => {
  floor = await startStillFloor({ agents: 12, seed: 3 });
  ({ sim, redis } = floor);
  const common = {
    CALL_SYSTEM_URL: sim.url,
    CALL_SYSTEM_ADMIN_TOKEN: sim.adminToken,
    ROSTER_FILE: floor.rosterFile,
    REDIS_URL: redis.url,
    DATABASE_URL: floor.db.url,
    FLOORBOARD_ADMIN_PASSWORD: PASSWORD,
    LEASE_TTL_MS: '4000',
    DATA_DIR: floor.dir,
  };
  // web1 migrates the fresh database before the others start.
  nodes.set('web1', await startNode('web1', { ...common, FLOORBOARD_ROLE: 'web' }));
  const [g1, web2] = await Promise.all([
    startNode('g1', { ...common, FLOORBOARD_ROLE: 'gateway', GATEWAY_ID: 'g1', HISTORY: 'off' }),
    startNode('web2', { ...common, FLOORBOARD_ROLE: 'web' }),
  ]);
  nodes.set('g1', g1).set('web2', web2);
  cookie = await signIn(nodes.get('web1')!.url, 'admin', PASSWORD);
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([...nodes.values()].map((n) => n.stop()));
  await floor?.close();
}, 60_000);

describe('web nodes share controls and alerts through Redis', () => {
  it('CL1: a pending sign-out set on one web node shows on both, survives the gateway republishing the agent, and is carried out when the call ends', async () => {
    const extno = sim.roster[0]!.extno;
    const [one, two] = [board('web1'), board('web2')];
    sim.control.startCall(extno);
    const seen = (m: BoardMirror, pred: (v: NonNullable<ReturnType<typeof m.agents.get>>) => boolean) => {
      const v = m.agents.get(extno);
      return v !== undefined && pred(v);
    };
    await waitUntil(() => [one, two].every((m) => seen(m, (v) => v.status === 'on_call' && v.link === 'live')), 'the call on both boards', 30_000);

    const requested = await act('web1', extno, 'logout', { mode: 'after_call' });
    expect(requested, JSON.stringify(requested)).toMatchObject({ ok: true });
    await waitUntil(() => [one, two].every((m) => seen(m, (v) => v.pendingSignOut)), 'the pending sign-out on both boards', 10_000);

    // The gateway publishes the agent again (its link dropped and came back): the flag stays.
    sim.faults.dropSockets({ extnos: [extno], mode: 'terminate' });
    await waitUntil(() => [one, two].every((m) => seen(m, (v) => v.link !== 'live')), 'the relink seen on both boards', 15_000);
    await waitUntil(() => [one, two].every((m) => seen(m, (v) => v.link === 'live')), 'the agent live again', 15_000);
    expect([one, two].map((m) => m.agents.get(extno)!.pendingSignOut)).toEqual([true, true]);

    // The call ends: web1, which took the request, signs the agent out; both boards clear the flag.
    sim.control.endCall(extno);
    await waitUntil(() => sim.control.status(extno) === 0, 'the agent signed out by web1', 15_000);
    await waitUntil(() => [one, two].every((m) => seen(m, (v) => v.status === 'signed_out' && !v.pendingSignOut)), 'signed out, flag cleared on both boards', 15_000);
  }, 120_000);

  it('CL2: an alert acknowledged on one web node shows acknowledged on the boards of the other', async () => {
    const [one, two] = [alertBoard('web1'), alertBoard('web2')];
    // A third of the floor cut off (tokens refused, sockets dropped): links-down-20 opens on both
    // nodes, each from its own copy of the floor, after the rule's 15 s.
    const cut = sim.roster.slice(8, 12).map((r) => r.extno);
    sim.faults.refuseTokens(cut);
    sim.faults.dropSockets({ extnos: cut, mode: 'terminate' });
    try {
      await waitUntil(() => byRule(one, 'links-down-20') !== undefined && byRule(two, 'links-down-20') !== undefined, 'links-down-20 open on both boards', 45_000);
      const alert = byRule(one, 'links-down-20')!;
      const url = nodes.get('web1')!.url;
      const res = await fetch(`${url}/api/alerts/${alert.id}/ack`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, cookie },
        body: JSON.stringify({ requestId: randomUUID() }),
      });
      expect(res.status).toBe(200);
      await waitUntil(() => [one, two].every((b) => byRule(b, 'links-down-20')?.acknowledged != null), 'the acknowledgement on the boards of both nodes', 10_000);
      expect(byRule(two, 'links-down-20')!.acknowledged!.by).toEqual(byRule(one, 'links-down-20')!.acknowledged!.by);
    } finally {
      sim.faults.refuseTokens(null);
    }
  }, 90_000);

  it('CL4: after an outage long enough for the gateway to let its agents go, a Redis that comes back empty does not restart today\'s counters', async () => {
    const extno = sim.roster[3]!.extno;
    const [one, two] = [board('web1'), board('web2')];
    sim.control.startCall(extno);
    sim.control.endCall(extno, { wrapUp: false });
    sim.control.startCall(extno);
    sim.control.endCall(extno, { wrapUp: false });
    const view = (m: BoardMirror) => m.agents.get(extno);
    await waitUntil(() => [one, two].every((m) => (view(m)?.today.calls ?? 0) >= 2 && view(m)?.link === 'live'), 'two calls today on both boards', 20_000);
    const calls = view(one)!.today.calls;
    const talk = view(one)!.today.talkSeconds;

    const g1 = nodes.get('g1')!;
    const fencedBefore = g1.log.filter((l) => l.includes('leases unconfirmed')).length;
    await redis.stop();
    await waitUntil(() => g1.log.filter((l) => l.includes('leases unconfirmed')).length > fencedBefore, 'the gateway closing its links (self-fenced)', 15_000);
    await waitUntil(() => [one, two].every((m) => view(m)?.link === 'stale'), 'the agent stale on both boards', 15_000);
    await redis.start(); // empty: no fb:floor to seed from
    await waitUntil(() => [one, two].every((m) => view(m)?.link === 'live'), 'the agent live again on both boards', 30_000);
    for (const m of [one, two]) {
      expect(view(m)!.today.calls).toBe(calls);
      expect(view(m)!.today.talkSeconds).toBeGreaterThanOrEqual(talk);
    }
  }, 90_000);

  it('CL6: an alert rule added on one web node runs in the alert engine of the other, and its removal stops it there', async () => {
    const alerts = alertBoard('web2');
    const extno = sim.roster[6]!.extno;
    const rule = { id: 'cl6-call-1s', kind: 'call_long', severity: 'info', params: { thresholdSec: 1 } };
    const added = await api('web1', 'PUT', `/api/alert-rules/${rule.id}`, rule);
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    sim.control.startCall(extno);
    try {
      await waitUntil(() => byRule(alerts, rule.id) !== undefined, 'the new rule\'s alert opened by the engine of web2', 20_000);
      const removed = await api('web1', 'DELETE', `/api/alert-rules/${rule.id}`);
      expect(removed.status).toBe(200);
      await waitUntil(() => byRule(alerts, rule.id) === undefined, 'the alert closed on web2 once the rule is gone', 10_000);
      const listed = (await api('web2', 'GET', '/api/alert-rules')).json.data?.rules?.map((r) => r.id);
      expect(listed).toContain('links-down-20');
      expect(listed).not.toContain(rule.id);
    } finally {
      sim.control.endCall(extno, { wrapUp: false });
    }
  }, 60_000);

  it('CL6: colour thresholds saved on one web node reach the boards of the other and the boards that connect there later', async () => {
    const open = thresholdBoard('web2');
    await waitUntil(() => open.length > 0, 'the table sent on connect', 10_000);
    const saved = await api('web1', 'PUT', '/api/settings/thresholds', { teams: { 'cl6-team': { idle: [10, 20, 30] } } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    await waitUntil(() => latestTeams(open).includes('cl6-team'), 'the new table on the open board of web2', 10_000);
    const later = thresholdBoard('web2');
    await waitUntil(() => later.length > 0, 'the table sent on connect', 10_000);
    expect(later[0]!.teams['cl6-team']).toEqual({ idle: [10, 20, 30] });
  }, 30_000);

  it('CL6: thresholds saved while Redis is unreachable reach the other web node once Redis is back', async () => {
    const open = thresholdBoard('web2');
    await waitUntil(() => open.length > 0, 'the table sent on connect', 10_000);
    await redis.stop();
    try {
      const saved = await api('web1', 'PUT', '/api/settings/thresholds', { teams: { 'cl6-outage': { wrap_up: [5, 50, 500] } } });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    } finally {
      await redis.start();
    }
    await waitUntil(() => latestTeams(open).includes('cl6-outage'), 'the table saved during the outage on the board of web2', 30_000);
    expect(open.at(-1)!.teams).toEqual({ 'cl6-outage': { wrap_up: [5, 50, 500] } });
  }, 60_000);

  it('CL7: a pending sign-out taken on one web node is cancelled from the other, and is then not carried out', async () => {
    const extno = sim.roster[9]!.extno;
    const [one, two] = [board('web1'), board('web2')];
    sim.control.startCall(extno);
    await waitUntil(() => [one, two].every((m) => m.agents.get(extno)?.status === 'on_call'), 'the call on both boards', 20_000);
    const requested = await act('web1', extno, 'logout', { mode: 'after_call' });
    expect(requested, JSON.stringify(requested)).toMatchObject({ ok: true });
    await waitUntil(() => [one, two].every((m) => m.agents.get(extno)?.pendingSignOut === true), 'the pending sign-out on both boards', 10_000);

    const cancelled = await act('web2', extno, 'cancel_signout');
    expect(cancelled, JSON.stringify(cancelled)).toMatchObject({ ok: true, data: { data: { pendingSignOut: false } } });
    await waitUntil(() => [one, two].every((m) => m.agents.get(extno)?.pendingSignOut === false), 'the flag cleared on both boards', 10_000);
    expect(await act('web2', extno, 'cancel_signout')).toMatchObject({ ok: false, code: 'NO_PENDING_SIGNOUT' });

    sim.control.endCall(extno, { wrapUp: false });
    await waitUntil(() => [one, two].every((m) => m.agents.get(extno)?.status !== 'on_call'), 'the call over on both boards', 15_000);
    expect(sim.control.status(extno)).not.toBe(0);
    expect([one, two].map((m) => m.agents.get(extno)!.status)).not.toContain('signed_out');
  }, 60_000);

  it('CL7: the late result of a sign-out after the call reaches the requester\'s boards on the other web node', async () => {
    const extno = sim.roster[10]!.extno;
    const two = board('web2');
    const results: { requestId: string; extno: string; ack: { ok: boolean } }[] = [];
    two.socket.on('control:result', (r) => results.push(r));
    sim.control.startCall(extno);
    await waitUntil(() => two.agents.get(extno)?.status === 'on_call', 'the call on the board of web2', 20_000);
    const requestId = randomUUID();
    const url = nodes.get('web1')!.url;
    const res = await fetch(`${url}/api/agents/${extno}/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify({ requestId, mode: 'after_call' }),
    });
    expect(res.status).toBe(200);
    sim.control.endCall(extno, { wrapUp: false });
    await waitUntil(() => results.some((r) => r.requestId === requestId), 'control:result on the board of web2', 15_000);
    expect(results.find((r) => r.requestId === requestId)).toMatchObject({ extno, ack: { ok: true } });
    expect(sim.control.status(extno)).toBe(0);
  }, 60_000);

  // Last: it kills web1.
  it('CL1: a pending sign-out whose web node died is cleared from the boards of the other (nobody would carry it out)', async () => {
    const extno = sim.roster[5]!.extno;
    const two = board('web2');
    sim.control.startCall(extno);
    await waitUntil(() => two.agents.get(extno)?.status === 'on_call', 'the call on the board of web2', 20_000);
    const requested = await act('web1', extno, 'logout', { mode: 'after_call' });
    expect(requested, JSON.stringify(requested)).toMatchObject({ ok: true });
    await waitUntil(() => two.agents.get(extno)?.pendingSignOut === true, 'the pending sign-out on the board of web2', 10_000);
    // Both web nodes' liveness keys written again since the Redis restart above (CL4).
    const probe = new Redis(redis.url);
    try {
      for (let i = 0; i < 150 && (await probe.keys('fb:web:*')).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await probe.keys('fb:web:*')).toHaveLength(2);
    } finally {
      probe.disconnect();
    }
    await nodes.get('web1')!.kill9();
    // CL7: a cancel while web1's liveness key still runs gets no answer from it: a clear "may still happen".
    expect(await act('web2', extno, 'cancel_signout')).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN' });
    await waitUntil(() => two.agents.get(extno)?.pendingSignOut === false, 'the flag cleared once web1 is known dead', 40_000);
    expect(await act('web2', extno, 'cancel_signout')).toMatchObject({ ok: false, code: 'NO_PENDING_SIGNOUT' });
    expect(two.agents.get(extno)!.status).toBe('on_call');
  }, 90_000);
});
