/**
 * The control path against the embedded call-system simulator (docs/simulator.md): the same
 * client, pipeline and announcements as production, over real HTTP and monitor sockets.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AnnouncementReceipts } from '@/lib/control/announce';
import { STATUS_BY_CODE } from '@/lib/domain/status';
import { createAnnouncements } from '@/server/control/announcements';
import { MemoryAuditStore } from '@/server/control/audit';
import { createCallSystemClient, type CallSystemClientOptions } from '@/server/control/call-system-client';
import type { AgentTarget } from '@/server/control/floor-read';
import { PendingSignOutWatcher } from '@/server/control/pending-signout';
import { createControlPipeline, type ControlFloorEvent } from '@/server/control/pipeline';
import { startSimulator, type Simulator } from '@/server/simulator/index';
import { actors, waitFor } from './control-test-kit';

let sim: Simulator;
const sockets = new Map<string, WebSocket>();

beforeEach(async () => {
  sim = await startSimulator({ agents: 4, teams: 2, dynamics: false, tickMs: 0, seed: 3 });
});
afterEach(async () => {
  for (const ws of sockets.values()) ws.terminate();
  sockets.clear();
  await sim.close();
});

function setup(clientOptions: Partial<CallSystemClientOptions> = {}) {
  const audit = new MemoryAuditStore(1000);
  const events: ControlFloorEvent[] = [];
  const pending = new Set<string>();
  // The floor as the reducer would show it, read from the simulator's truth.
  const agent = (extno: string): AgentTarget | undefined => {
    const entry = sim.roster.find((r) => r.extno === extno);
    if (!entry) return undefined;
    const c = sim.control.call(extno);
    return {
      extno,
      name: entry.name,
      team: entry.team,
      status: STATUS_BY_CODE[sim.control.status(extno)],
      link: sockets.has(extno) ? 'live' : 'backoff',
      pendingSignOut: pending.has(extno),
      call: c ? { sessionId: c.sessionId, recordUuid: c.infoUuid, telephone: c.telephone, held: c.held, ended: c.endedAt !== null } : null,
      token: entry.token,
    };
  };
  const client = createCallSystemClient({ baseUrl: sim.url, timeoutMs: 3000, adminToken: sim.adminToken, ...clientOptions });
  const applyControl = (e: ControlFloorEvent) => {
    events.push(e);
    if (e.change.pendingSignOut === true) pending.add(e.extno);
    if (e.change.pendingSignOut === false) pending.delete(e.extno);
  };
  const pipeline = createControlPipeline({ client, agent, applyControl, audit });
  const watcher = new PendingSignOutWatcher(pipeline);
  const receipts: AnnouncementReceipts[] = [];
  const announcements = createAnnouncements({
    client,
    agents: () => sim.roster.map((r) => agent(r.extno)!),
    audit,
    onChange: (r) => receipts.push(r),
    notifyEveryMs: 20,
  });
  return { pipeline, watcher, announcements, audit, events, receipts, run: (a: string, extno: string, params?: object) => pipeline.act(actors.manager, { action: a, extno, requestId: randomUUID(), ...(params ? { params } : {}) }) };
}

/** A monitor socket like the gateway's, feeding `message` frames to the receipts. */
async function monitor(extno: string, onMessage: (extno: string, msg: string) => void): Promise<void> {
  const token = sim.roster.find((r) => r.extno === extno)!.token;
  const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/agent/monitor?${token}`);
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { method: string; msg?: string };
    if (frame.method === 'message' && frame.msg !== undefined) onMessage(extno, frame.msg);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  sockets.set(extno, ws);
}

describe('control path against the simulator', () => {
  it('SIM1: logon and logout change the agent status; a second logon is refused with the reason', async () => {
    const { run } = setup();
    expect(await run('logon', '1001')).toMatchObject({ ok: true });
    expect(sim.control.status('1001')).toBe(1);
    const again = await run('logon', '1001');
    expect(again).toMatchObject({ ok: false, code: 'CALL_SYSTEM_REFUSED' });
    expect(!again.ok && again.message.length).toBeGreaterThan('The call system refused: '.length);
    expect(await run('logout', '1001', { mode: 'now' })).toMatchObject({ ok: true });
    expect(sim.control.status('1001')).toBe(0);
  });

  it('SIM2: hold, meeting, addBlack, getMsg and sms act on the open call', async () => {
    const { run } = setup({ tokenIn: 'header', bodyEncoding: 'json' });
    sim.control.signIn('1002');
    sim.control.startCall('1002');
    const call = sim.control.call('1002')!;
    expect(await run('hold', '1002')).toMatchObject({ ok: true, data: { data: { held: true } } });
    expect(sim.control.call('1002')!.held).toBe(true);
    expect(await run('meeting', '1002', { tel: '8001' })).toMatchObject({ ok: true });
    expect(sim.records.meetings).toEqual([expect.objectContaining({ extno: '1002', sessionId: call.sessionId, tel: '8001' })]);
    expect(await run('add_black', '1002')).toMatchObject({ ok: true });
    expect(sim.records.blacklist).toEqual([expect.objectContaining({ extno: '1002', infoUuid: call.infoUuid })]);
    const tpl = await run('get_msg', '1002');
    expect(tpl).toMatchObject({ ok: true, data: { data: { template: expect.stringMatching(/^【星海科技】/) } } });
    expect(await run('send_sms', '1002', { msg: '改过的短信' })).toMatchObject({ ok: true });
    expect(sim.records.sms).toEqual([expect.objectContaining({ extno: '1002', telephone: call.telephone, msg: '改过的短信' })]);
  });

  it('SIM3: sign-out after the call is carried out when the call ends', async () => {
    const { pipeline, watcher, audit } = setup();
    sim.control.signIn('1003');
    sim.control.startCall('1003');
    const lead = { ...actors.leadA, teams: [sim.roster.find((r) => r.extno === '1003')!.team] };
    expect(await pipeline.act(lead, { action: 'logout', extno: '1003', requestId: randomUUID(), params: { mode: 'after_call' } })).toMatchObject({
      ok: true,
      data: { data: { pendingSignOut: true } },
    });
    expect(sim.control.status('1003')).toBe(2);
    sim.control.endCall('1003');
    await watcher.statusChanged('1003', 'wrap_up');
    expect(sim.control.status('1003')).toBe(0);
    expect((await audit.query({ limit: 1 })).records[0]).toMatchObject({
      action: 'logout',
      result: 'ok',
      actor: { role: 'system', name: `system (pending sign-out by ${lead.name})` },
    });
  });

  it('SIM4: a 503 is unreachable; a late answer is unknown and sent once', async () => {
    const { run } = setup({ timeoutMs: 300 });
    sim.control.signIn('1004');
    sim.faults.setRestFault('/admin/agent/nextCall', { status: 503 });
    expect(await run('next_call', '1004')).toMatchObject({ ok: false, code: 'CALL_SYSTEM_UNREACHABLE' });
    sim.faults.setRestFault('/admin/agent/logout', { delayMs: 1000 });
    expect(await run('logout', '1004', { mode: 'now' })).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN' });
    await waitFor(() => sim.records.requests.some((r) => r.path === '/admin/agent/logout'), 3000);
    expect(sim.records.requests.filter((r) => r.path === '/admin/agent/logout')).toHaveLength(1);
  });

  it('SIM5: an announcement reaches the open monitor sockets: receipts N of M, resend to the rest', async () => {
    const { announcements, receipts } = setup();
    const onMessage = (extno: string, msg: string) => announcements.onMessage(extno, msg, Date.now());
    await monitor('1001', onMessage);
    await monitor('1002', onMessage);
    const sent = await announcements.send(actors.manager, { requestId: randomUUID(), text: '下午三点开会', audience: { kind: 'floor' } });
    if (!sent.ok) throw new Error(sent.message);
    await waitFor(() => receipts.at(-1)?.delivered === 2);
    expect(receipts.at(-1)).toMatchObject({ total: 4, undelivered: [{ extno: '1003', reason: 'link_down' }, { extno: '1004', reason: 'link_down' }] });
    await monitor('1003', onMessage);
    expect(await announcements.resend(actors.manager, sent.data.id, { requestId: randomUUID() })).toMatchObject({ ok: true });
    await waitFor(() => receipts.at(-1)?.delivered === 3);
    expect(sim.records.announcements.map((a) => a.extnos)).toEqual([
      ['1001', '1002', '1003', '1004'],
      ['1003', '1004'],
    ]);
    announcements.close();
  });
});
