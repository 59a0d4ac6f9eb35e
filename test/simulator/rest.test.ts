import { describe, expect, it } from 'vitest';
import { post, startSim, tokenOf, useCleanup, type Placement } from './helpers';

const track = useCleanup();

async function floor() {
  const sim = await startSim(track, { agents: 4, dynamics: false, tickMs: 0 });
  return { sim, token: tokenOf(sim, '1001'), other: tokenOf(sim, '1002') };
}

describe('REST: authentication', () => {
  it.each<Placement>(['query', 'bearer', 'header', 'cookie'])('accepts the agent token as %s', async (placement) => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/logon', { extno: '1001' }, { token, placement });
    expect(res).toEqual({ status: 200, body: { msg: 'success', code: 0, data: 1 } });
    expect(sim.control.status('1001')).toBe(1);
  });

  it('answers 401 with a reason when no token is presented', async () => {
    const { sim } = await floor();
    const res = await post(sim, '/admin/agent/getMsg', {}, { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 401, msg: '缺少访问令牌' });
  });

  it('answers 401 with a reason for an unknown token', async () => {
    const { sim } = await floor();
    const res = await post(sim, '/admin/agent/getMsg', {}, { token: 'deadbeef' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(401);
    expect(res.body.msg).toMatch(/令牌/);
  });

  it('does not let the admin token act as an agent', async () => {
    const { sim } = await floor();
    const res = await post(sim, '/admin/agent/getMsg', {}, { token: sim.adminToken });
    expect(res.status).toBe(401);
  });
});

describe('REST: routing and bodies', () => {
  it('answers 404 to an unknown path', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/teleport', {}, { token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(404);
  });

  it('answers 405 to a method other than POST', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/getMsg', {}, { token, method: 'GET' });
    expect(res.status).toBe(405);
  });

  it('refuses a body over the size limit with 413', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/sms_api/send', {}, { token, rawBody: `msg=${'x'.repeat(70 * 1024)}&telephone=13812345678` });
    expect(res.status).toBe(413);
    expect(sim.records.sms).toHaveLength(0);
  });

  it('accepts JSON bodies, numbers included', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/logon', { extno: 1001 }, { token, json: true });
    expect(res.body.code).toBe(0);
    expect(sim.control.status('1001')).toBe(1);
  });

  it('refuses a JSON body that is not an object with 400', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/logon', {}, { token, rawBody: '[1,2', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(sim.control.status('1001')).toBe(0);
  });

  it('logs every request with path, extension and parameters, never the token', async () => {
    const { sim, token } = await floor();
    await post(sim, '/admin/agent/logon', { extno: '1001' }, { token });
    await post(sim, '/admin/agent/nextCall', {}, { token, placement: 'bearer' });
    await post(sim, '/admin/agent/getMsg', {}, { token: 'nope' });
    expect(sim.records.requests.map((r) => [r.path, r.extno, r.params, r.httpStatus, r.code])).toEqual([
      ['/admin/agent/logon', '1001', { extno: '1001' }, 200, 0],
      ['/admin/agent/nextCall', '1001', {}, 200, 1],
      ['/admin/agent/getMsg', null, {}, 401, 401],
    ]);
    expect(JSON.stringify(sim.records.requests)).not.toContain(token);
  });
});

describe('REST: logon and logout', () => {
  it('logon requires extno', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/logon', {}, { token });
    expect(res).toMatchObject({ status: 200, body: { code: 2, msg: '缺少参数extno' } });
  });

  it("logon refuses an extno that is not the token's agent", async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/logon', { extno: '1002' }, { token });
    expect(res.body.code).toBe(1);
    expect(sim.control.status('1002')).toBe(0);
    expect(sim.control.status('1001')).toBe(0);
  });

  it('logon refuses when the agent is already signed in', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    const res = await post(sim, '/admin/agent/logon', { extno: '1001' }, { token });
    expect(res.body).toMatchObject({ code: 1, msg: expect.stringContaining('已签入') });
  });

  it('logout signs the agent out', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    const res = await post(sim, '/admin/agent/logout', { extno: '1001' }, { token });
    expect(res.body.code).toBe(0);
    expect(sim.control.status('1001')).toBe(0);
  });

  it('logout during a call ends the call', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    sim.control.startCall('1001');
    const res = await post(sim, '/admin/agent/logout', { extno: '1001' }, { token });
    expect(res.body.code).toBe(0);
    expect(sim.control.status('1001')).toBe(0);
    expect(sim.control.call('1001')).toBeNull();
    expect(sim.truth.agent('1001').callsConnected).toBe(1);
  });

  it('logout refuses when signed out, or without extno, or for another agent', async () => {
    const { sim, token } = await floor();
    expect((await post(sim, '/admin/agent/logout', { extno: '1001' }, { token })).body.code).toBe(1);
    sim.control.signIn('1001');
    expect((await post(sim, '/admin/agent/logout', {}, { token })).body.code).toBe(2);
    expect((await post(sim, '/admin/agent/logout', { extno: '1002' }, { token })).body.code).toBe(1);
    expect(sim.control.status('1001')).toBe(1);
  });
});

describe('REST: call handling', () => {
  it('nextCall leaves wrap-up for idle', async () => {
    const { sim, token } = await floor();
    sim.control.setStatus('1001', 3);
    expect((await post(sim, '/admin/agent/nextCall', {}, { token })).body.code).toBe(0);
    expect(sim.control.status('1001')).toBe(1);
  });

  it('nextCall is refused outside wrap-up', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    sim.control.startCall('1001');
    const res = await post(sim, '/admin/agent/nextCall', {}, { token });
    expect(res.body).toMatchObject({ code: 1, msg: expect.stringContaining('事务') });
    expect(sim.control.status('1001')).toBe(2);
  });

  it('hold toggles the held flag of the open call', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    sim.control.startCall('1001');
    expect((await post(sim, '/admin/agent/hold', {}, { token })).body).toEqual({ msg: 'success', code: 0, data: 1 });
    expect(sim.control.call('1001')?.held).toBe(true);
    expect((await post(sim, '/admin/agent/hold', {}, { token })).body.data).toBe(0);
    expect(sim.control.call('1001')?.held).toBe(false);
  });

  it('hold is refused with no call', async () => {
    const { sim, token } = await floor();
    sim.control.setStatus('1001', 3);
    expect((await post(sim, '/admin/agent/hold', {}, { token })).body).toMatchObject({ code: 1, msg: expect.stringContaining('没有通话') });
  });

  it('meeting brings tel into the open call and records the participant', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    const sessionId = sim.control.startCall('1001');
    expect((await post(sim, '/admin/agent/meeting', { tel: '1004' }, { token })).body.code).toBe(0);
    expect(sim.records.meetings).toEqual([{ at: expect.any(Number), extno: '1001', sessionId, tel: '1004' }]);
  });

  it('meeting is refused with no call, and without tel', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    expect((await post(sim, '/admin/agent/meeting', { tel: '1004' }, { token })).body.code).toBe(1);
    sim.control.startCall('1001');
    expect((await post(sim, '/admin/agent/meeting', {}, { token })).body).toMatchObject({ code: 2, msg: '缺少参数tel' });
    expect(sim.records.meetings).toHaveLength(0);
  });
});

describe('REST: customer actions', () => {
  it('addBlack records the customer record id', async () => {
    const { sim, token } = await floor();
    sim.control.signIn('1001');
    const sessionId = sim.control.startCall('1001');
    const infoUuid = sim.control.call('1001')?.infoUuid;
    expect((await post(sim, '/admin/agent/addBlack', { info_uuid: infoUuid }, { token })).body.code).toBe(0);
    expect(sim.records.blacklist).toEqual([{ at: expect.any(Number), extno: '1001', infoUuid, sessionId }]);
  });

  it('addBlack requires info_uuid', async () => {
    const { sim, token } = await floor();
    expect((await post(sim, '/admin/agent/addBlack', {}, { token })).body).toMatchObject({ code: 2, msg: '缺少参数info_uuid' });
    expect(sim.records.blacklist).toHaveLength(0);
  });

  it('getMsg returns the SMS template text in data', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/agent/getMsg', {}, { token });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toEqual(expect.stringMatching(/^【.+】.+/));
    expect(res.body.data).toContain(sim.roster[0]?.name);
  });

  it('sms_api/send records the SMS', async () => {
    const { sim, token } = await floor();
    const res = await post(sim, '/admin/sms_api/send', { telephone: '13812345678', msg: '您好，资料已发送' }, { token, json: true });
    expect(res.body.code).toBe(0);
    expect(sim.records.sms).toEqual([{ at: expect.any(Number), extno: '1001', telephone: '13812345678', msg: '您好，资料已发送' }]);
  });

  it('sms_api/send requires telephone and msg, and a phone number', async () => {
    const { sim, token } = await floor();
    expect((await post(sim, '/admin/sms_api/send', { msg: '你好' }, { token })).body).toMatchObject({ code: 2, msg: '缺少参数telephone' });
    expect((await post(sim, '/admin/sms_api/send', { telephone: '13812345678' }, { token })).body).toMatchObject({ code: 2, msg: '缺少参数msg' });
    expect((await post(sim, '/admin/sms_api/send', { telephone: 'abc', msg: '你好' }, { token })).body.code).toBe(2);
    expect(sim.records.sms).toHaveLength(0);
  });
});
