/**
 * The control path through the real server: HTTP and Socket.IO actions reach the simulator with
 * the agent's own token, change the floor, are audited, and announcements collect receipts.
 * Rule ids: docs/control-api.md.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Floorboard } from '@/server/index';
import { applyReceipts } from '@/components/announcements/receipts';
import { ControlChannel, type LateResult } from '@/lib/client/control-channel';
import type { AnnouncementView } from '@/lib/control/announce';
import { api, boardClient, startLive, waitUntil } from './live-harness';

let app: Floorboard | null = null;
const sockets: { close(): void }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
  app = null;
});

async function act(extno: string, action: string, params: Record<string, unknown> = {}, requestId = randomUUID()) {
  const res = await api(app!, `/api/agents/${extno}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestId, ...params }),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; code?: string; data?: unknown } };
}

/** Two agents, live links, the first on a call that stays up until the test ends it. */
async function startWithAgentOnCall() {
  app = await startLive({ SIM_AGENTS: '2' }, { simulator: { dynamics: false } });
  const sim = app.simulator!;
  const e = sim.roster[0]!.extno;
  await waitUntil(() => app!.floor.health().linksLive === 2, 'links live');
  sim.control.signIn(e, { keep: true });
  sim.control.startCall(e, { keep: true });
  await waitUntil(() => app!.floor.agent(e)?.status === 'on_call', 'on call');
  return { app, sim, e };
}

describe('control path through the server', () => {
  it('C1: sign in, hold, three-way, blacklist and the SMS template over HTTP act on the simulator and are audited', async () => {
    app = await startLive({ SIM_AGENTS: '4' }, { simulator: { dynamics: false } });
    const sim = app.simulator!;
    const e = sim.roster[0]!.extno;
    await waitUntil(() => app!.floor.health().linksLive === 4, 'links live');

    expect((await act(e, 'logon')).body.ok).toBe(true);
    await waitUntil(() => app!.floor.agent(e)?.status === 'idle', 'idle on the board');

    // No call yet: hold is refused by Floorboard itself, never reaching the call system.
    const before = sim.records.requests.length;
    const refused = await act(e, 'hold');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NO_OPEN_CALL');
    expect(sim.records.requests.length).toBe(before);

    sim.control.startCall(e, { keep: true });
    await waitUntil(() => app!.floor.agent(e)?.call !== null, 'call open');
    expect((await act(e, 'hold')).body.ok).toBe(true);
    await waitUntil(() => app!.floor.agent(e)?.call?.held === true, 'held shown');
    expect((await act(e, 'meeting', { tel: '8001' })).body.ok).toBe(true);
    expect(sim.records.meetings.at(-1)).toMatchObject({ tel: '8001' });
    expect((await act(e, 'add_black')).body.ok).toBe(true);
    expect(sim.records.blacklist.at(-1)?.infoUuid).toBe(app.floor.agent(e)!.call!.record.uuid);

    // A double submit with one request id reaches the call system once.
    const rid = randomUUID();
    const n = sim.records.requests.length;
    const [a, b] = await Promise.all([act(e, 'get_msg', {}, rid), act(e, 'get_msg', {}, rid)]);
    expect(a.body).toEqual(b.body);
    expect(sim.records.requests.length).toBe(n + 1);

    const audit = (await (await api(app, `/api/audit?extno=${e}`)).json()) as { ok: boolean; data: { records: { action: string; result: string }[] } };
    expect(audit.ok).toBe(true);
    const actions = audit.data.records.map((r) => `${r.action}:${r.result}`);
    expect(actions).toEqual(expect.arrayContaining(['logon:ok', 'hold:invalid', 'hold:ok', 'meeting:ok', 'add_black:ok', 'get_msg:ok']));
    const csv = await (await api(app, '/api/audit.csv')).arrayBuffer();
    expect(Buffer.from(csv).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('C9: a sign-out after the call is pending on the tile and carried out when the call ends', async () => {
    const { app: live, sim, e } = await startWithAgentOnCall();

    const board = boardClient(live);
    sockets.push(board);
    const results: unknown[] = [];
    board.on('control:result', (r) => results.push(r));
    await new Promise<void>((resolve) => board.on('floor:snapshot', () => resolve()));
    const ack = await new Promise<{ ok: boolean }>((resolve) =>
      board.emit('control:act', { action: 'logout', extno: e, requestId: randomUUID(), params: { mode: 'after_call' } }, resolve),
    );
    expect(ack.ok).toBe(true);
    await waitUntil(() => app!.floor.agent(e)?.pendingSignOut === true, 'pending sign-out shown');
    expect(sim.control.status(e)).toBe(2);

    sim.control.endCall(e, { wrapUp: true });
    await waitUntil(() => sim.control.status(e) === 0, 'signed out by the call system', 5_000);
    await waitUntil(() => app!.floor.agent(e)?.status === 'signed_out' && !app!.floor.agent(e)!.pendingSignOut, 'board shows it');
    await waitUntil(() => results.length === 1, 'the requester is told');
  });

  it('A1: an announcement to one team reaches N of N, with receipts pushed to boards', async () => {
    app = await startLive({ SIM_AGENTS: '12', SIM_TEAMS: '3' }, { simulator: { dynamics: false } });
    const sim = app.simulator!;
    await waitUntil(() => app!.floor.health().linksLive === 12, 'links live');
    const team = sim.roster[0]!.team;
    const members = sim.roster.filter((r) => r.team === team).length;
    const board = boardClient(app);
    sockets.push(board);
    const receipts: { delivered: number; total: number }[] = [];
    board.on('announce:receipts', (r) => receipts.push(r as { delivered: number; total: number }));
    await new Promise<void>((resolve) => board.on('floor:snapshot', () => resolve()));

    const res = await api(app, '/api/announcements', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: randomUUID(), text: '下午三点开例会', audience: { kind: 'teams', teams: [team] } }),
    });
    const body = (await res.json()) as { ok: boolean; data: { id: string } };
    expect(body.ok).toBe(true);
    await waitUntil(() => receipts.some((r) => r.delivered === members && r.total === members), 'N of N delivered', 5_000);
  });

  it('C14: the browser channel acts over the board socket; with the socket down it yields to REST, whose re-send of the same requestId gets the first result', async () => {
    app = await startLive({ SIM_AGENTS: '2' }, { simulator: { dynamics: false } });
    const sim = app.simulator!;
    const e = sim.roster[0]!.extno;
    await waitUntil(() => app!.floor.health().linksLive === 2, 'links live');
    const board = boardClient(app);
    sockets.push(board);
    await new Promise<void>((resolve) => board.on('floor:snapshot', () => resolve()));
    const channel = new ControlChannel();
    channel.attach(board);

    const requestId = randomUUID();
    const before = sim.records.requests.length;
    const viaSocket = await channel.act({ action: 'get_msg', extno: e, requestId });
    expect(viaSocket).toMatchObject({ ok: true, data: { requestId, action: 'get_msg', extno: e } });
    expect(sim.records.requests.length).toBe(before + 1);

    board.disconnect();
    expect(channel.isConnected()).toBe(false);
    expect(await channel.act({ action: 'get_msg', extno: e, requestId })).toBeNull();
    const viaRest = await act(e, 'get_msg', {}, requestId);
    expect(viaRest.body).toEqual(viaSocket);
    expect(sim.records.requests.length).toBe(before + 1);
  });

  it('C10: the late result of a sign-out after the call reaches the page once, as done, even over two sockets of one user', async () => {
    const { app: live, sim, e } = await startWithAgentOnCall();
    const channel = new ControlChannel();
    const heard: LateResult[] = [];
    channel.onResult((r) => heard.push(r));
    for (let i = 0; i < 2; i++) {
      const board = boardClient(live);
      sockets.push(board);
      await new Promise<void>((resolve) => board.on('floor:snapshot', () => resolve()));
      channel.attach(board);
    }
    const requestId = randomUUID();
    const ack = await channel.act({ action: 'logout', extno: e, requestId, params: { mode: 'after_call' } });
    expect(ack).toMatchObject({ ok: true, data: { data: { pendingSignOut: true } } });
    expect(channel.lateResult(e)).toBeUndefined();

    sim.control.endCall(e, { wrapUp: true });
    await waitUntil(() => heard.length === 1, 'the late result');
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toHaveLength(1);
    expect(channel.lateResult(e)).toMatchObject({ requestId, extno: e, action: 'logout', ack: { ok: true } });
  });

  it('A1: pushed receipts fold into the announcement the page shows until N of N, with no polling', async () => {
    app = await startLive({ SIM_AGENTS: '6', SIM_TEAMS: '2' }, { simulator: { dynamics: false } });
    const sim = app.simulator!;
    await waitUntil(() => app!.floor.health().linksLive === 6, 'links live');
    const team = sim.roster[0]!.team;
    const board = boardClient(app);
    sockets.push(board);
    await new Promise<void>((resolve) => board.on('floor:snapshot', () => resolve()));
    const channel = new ControlChannel();
    channel.attach(board);
    let view: AnnouncementView | null = null;
    const early: Parameters<typeof applyReceipts>[1][] = [];
    channel.onReceipts((r) => (view ? (view = applyReceipts(view, r)) : early.push(r)));

    const res = await api(app, '/api/announcements', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: randomUUID(), text: '五点交班', audience: { kind: 'teams', teams: [team] } }),
    });
    let sent = ((await res.json()) as { data: AnnouncementView }).data;
    for (const r of early) sent = applyReceipts(sent, r);
    view = sent;
    await waitUntil(() => view!.delivered === view!.total, 'N of N from pushes', 5_000);
    expect(view!.recipients.every((p) => p.deliveredAt !== null && p.reason === null)).toBe(true);
  });
});
