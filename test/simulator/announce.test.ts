import { describe, expect, it } from 'vitest';
import { openMonitor, post, startSim, tokenOf, useCleanup } from './helpers';

const track = useCleanup();
const SEND = '/admin/message/send';

describe('announcements: POST /admin/message/send', () => {
  it('sends a message frame to every socket of every agent when extnos is empty', async () => {
    const sim = await startSim(track, { agents: 5, dynamics: false, tickMs: 0 });
    const clients = [
      track(await openMonitor(sim, '1001')),
      track(await openMonitor(sim, '1001')),
      track(await openMonitor(sim, '1003')),
      track(await openMonitor(sim, '1005')),
    ];
    const res = await post(sim, SEND, { msg: '今天下午三点开会', extnos: '' }, { token: sim.adminToken });
    expect(res).toEqual({ status: 200, body: { msg: 'success', code: 0, data: { sent: 4 } } });
    for (const c of clients) expect(await c.frameAt(1)).toEqual({ method: 'message', msg: '今天下午三点开会' });
    expect(sim.records.announcements).toEqual([{ at: expect.any(Number), msg: '今天下午三点开会', extnos: null, sent: 4 }]);
  });

  it('sends only to the listed extensions', async () => {
    const sim = await startSim(track, { agents: 5, dynamics: false, tickMs: 0 });
    const a = track(await openMonitor(sim, '1001'));
    const b = track(await openMonitor(sim, '1002'));
    const c = track(await openMonitor(sim, '1004'));
    const res = await post(sim, SEND, { msg: '注意话术', extnos: '1002, 1004,9999' }, { token: sim.adminToken, placement: 'bearer' });
    expect(res.body).toMatchObject({ code: 0, data: { sent: 2 } });
    expect(await b.frameAt(1)).toEqual({ method: 'message', msg: '注意话术' });
    expect(await c.frameAt(1)).toEqual({ method: 'message', msg: '注意话术' });
    await a.roundTrip();
    expect(a.received).toHaveLength(1);
  });

  it('takes extnos as a JSON array too', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const a = track(await openMonitor(sim, '1003'));
    const res = await post(sim, SEND, { msg: '午休', extnos: ['1003'] }, { token: sim.adminToken, json: true });
    expect(res.body.data).toEqual({ sent: 1 });
    expect(await a.frameAt(1)).toEqual({ method: 'message', msg: '午休' });
  });

  it('uses the adminToken option when given', async () => {
    const sim = await startSim(track, { agents: 2, dynamics: false, adminToken: 'admin-secret-123' });
    expect(sim.adminToken).toBe('admin-secret-123');
    expect((await post(sim, SEND, { msg: '测试' }, { token: 'admin-secret-123', placement: 'cookie' })).body.code).toBe(0);
  });

  it('refuses an agent token, and no token, with 401', async () => {
    // On change only: a 1 s tick on a slow machine would be a second frame unrelated to the rule.
    const sim = await startSim(track, { agents: 2, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    expect((await post(sim, SEND, { msg: '测试' }, { token: tokenOf(sim, '1001') })).status).toBe(401);
    expect((await post(sim, SEND, { msg: '测试' }, { token: null })).status).toBe(401);
    await c.roundTrip();
    expect(c.received).toHaveLength(1);
  });

  it('requires msg', async () => {
    const sim = await startSim(track, { agents: 2, dynamics: false, tickMs: 0 });
    const res = await post(sim, SEND, { extnos: '1001' }, { token: sim.adminToken });
    expect(res.body).toMatchObject({ code: 2, msg: '缺少参数msg' });
  });
});
