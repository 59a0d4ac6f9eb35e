import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { monitorUrl, openMonitor, post, refusedStatus, startSim, tokenOf, useCleanup } from './helpers';

const track = useCleanup();

describe('faults: sockets', () => {
  it('dropSockets closes with a close frame (1001 by default)', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    expect(sim.faults.dropSockets()).toBe(1);
    expect(await c.waitClose()).toBe(1001);
  });

  it('dropSockets in terminate mode closes without a close frame (1006 at the peer)', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    sim.faults.dropSockets({ mode: 'terminate' });
    expect(await c.waitClose()).toBe(1006);
  });

  it('dropSockets for some extensions leaves the others open', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const a = track(await openMonitor(sim, '1001'));
    const b = track(await openMonitor(sim, '1002'));
    expect(sim.faults.dropSockets({ extnos: ['1002'], code: 4000, reason: 'bye' })).toBe(1);
    expect(await b.waitClose()).toBe(4000);
    await a.roundTrip();
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    expect(sim.monitorSockets()).toBe(1);
  });

  it('sendRaw writes malformed text and binary frames to the chosen agents', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const a = track(await openMonitor(sim, '1001'));
    const b = track(await openMonitor(sim, '1002'));
    expect(sim.faults.sendRaw('{"method":"notice","status":', { extnos: ['1001'] })).toBe(1);
    expect(sim.faults.sendRaw(new Uint8Array([0xff, 0x00, 0x7b]), { extnos: ['1001'] })).toBe(1);
    await a.waitForCount(3);
    expect(a.received[1]).toEqual({ text: '{"method":"notice","status":', binary: null });
    expect(a.received[2]).toEqual({ text: null, binary: Buffer.from([0xff, 0x00, 0x7b]) });
    await b.roundTrip();
    expect(b.received).toHaveLength(1);
  });

  it('pauseFeed keeps sockets open but writes no frames; resumeFeed with resend pushes the state', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    await c.waitForCount(1);
    sim.faults.pauseFeed();
    sim.control.signIn('1001');
    sim.control.startCall('1001');
    sim.control.announce('公告');
    await c.roundTrip();
    expect(c.received).toHaveLength(1);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    sim.faults.resumeFeed({ resend: true });
    expect(await c.frameAt(1)).toMatchObject({ method: 'notice', status: 2 });
  });

  it('refuseTokens refuses the listed agents (upgrade and REST), then all, then none', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    sim.faults.refuseTokens(['1002']);
    expect(await refusedStatus(monitorUrl(sim, tokenOf(sim, '1002')))).toBe(401);
    expect((await post(sim, '/admin/agent/getMsg', {}, { token: tokenOf(sim, '1002') })).status).toBe(401);
    track(await openMonitor(sim, '1001'));
    sim.faults.refuseTokens('all');
    expect(await refusedStatus(monitorUrl(sim, tokenOf(sim, '1001')))).toBe(401);
    sim.faults.refuseTokens(null);
    track(await openMonitor(sim, '1002'));
    expect(sim.monitorSockets()).toBe(2);
  });
});

describe('faults: REST', () => {
  it('setRestFault answers one endpoint with 5xx and no effect, the others normally', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const token = tokenOf(sim, '1001');
    sim.faults.setRestFault('/admin/agent/logon', { status: 503 });
    const res = await post(sim, '/admin/agent/logon', { extno: '1001' }, { token });
    expect(res.status).toBe(503);
    expect(sim.control.status('1001')).toBe(0);
    expect((await post(sim, '/admin/agent/getMsg', {}, { token })).body.code).toBe(0);
    sim.faults.setRestFault('/admin/agent/logon', null);
    expect((await post(sim, '/admin/agent/logon', { extno: '1001' }, { token })).body.code).toBe(0);
  });

  it("setRestFault('*') fails every endpoint until cleared", async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const token = tokenOf(sim, '1001');
    sim.faults.setRestFault('*', { status: 500 });
    expect((await post(sim, '/admin/agent/getMsg', {}, { token })).status).toBe(500);
    expect((await post(sim, '/admin/message/send', { msg: 'x' }, { token: sim.adminToken })).status).toBe(500);
    sim.faults.clearRestFaults();
    expect((await post(sim, '/admin/agent/getMsg', {}, { token })).status).toBe(200);
  });

  it('a delay fault answers no sooner than the delay, then normally', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    sim.faults.setRestFault('/admin/agent/getMsg', { delayMs: 300 });
    const started = performance.now();
    const res = await post(sim, '/admin/agent/getMsg', {}, { token: tokenOf(sim, '1001') });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.body.code).toBe(0);
  });
});

describe('faults: server stop and restart', () => {
  it('stops the whole server, keeps the floor, and listens again on the same port', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    sim.control.signIn('1001');
    await sim.faults.stopServer();
    expect(await c.waitClose()).toBe(1001);
    expect(sim.faults.serverRunning).toBe(false);
    await expect(fetch(`${sim.url}/admin/agent/getMsg`, { method: 'POST' })).rejects.toThrow();
    await sim.faults.restartServer();
    const again = track(await openMonitor(sim, '1001'));
    expect(await again.frameAt(0)).toMatchObject({ method: 'notice', status: 1 });
    expect(new URL(sim.url).port).toBe(String(sim.port));
  });

  it('stopServer in terminate mode drops sockets without a close frame', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    await sim.faults.stopServer({ mode: 'terminate' });
    expect(await c.waitClose()).toBe(1006);
    await sim.faults.restartServer();
    track(await openMonitor(sim, '1001'));
  });
});
