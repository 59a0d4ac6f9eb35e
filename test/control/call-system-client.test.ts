import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/log';
import { createCallSystemClient, type CallSystemClientOptions } from '@/server/control/call-system-client';
import { captureStream, refusedUrl, startFakeCallSystem, type FakeCallSystem } from './control-test-kit';

const TOKEN = 'agent-token-XYZ-9876';
let cs: FakeCallSystem;

beforeEach(async () => {
  cs = await startFakeCallSystem();
});
afterEach(async () => {
  await cs.close();
});

const client = (o: Partial<CallSystemClientOptions> = {}) => createCallSystemClient({ baseUrl: cs.url, timeoutMs: 3000, ...o });

describe('call-system client', () => {
  it('CS1: the token goes in the query as access_token by default, body form-encoded', async () => {
    const r = await client().meeting(TOKEN, '8001');
    expect(r.outcome).toBe('ok');
    const req = cs.requests[0]!;
    expect(req.path).toBe('/admin/agent/meeting');
    expect(req.query.get('access_token')).toBe(TOKEN);
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req.params).toEqual({ tel: '8001' });
  });

  it('CS1: header placement sends Authorization: Bearer, json encoding sends JSON', async () => {
    await client({ tokenIn: 'header', bodyEncoding: 'json' }).addBlack(TOKEN, 'rec-1');
    const req = cs.requests[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.query.get('access_token')).toBeNull();
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(req.rawBody)).toEqual({ info_uuid: 'rec-1' });
  });

  it('CS1: a custom header name carries the raw token; cookie placement uses the configured name', async () => {
    await client({ tokenIn: 'header', tokenName: 'X-Token' }).hold(TOKEN);
    await client({ tokenIn: 'cookie', tokenName: 'sid' }).nextCall(TOKEN);
    expect(cs.requests[0]!.headers['x-token']).toBe(TOKEN);
    expect(cs.requests[1]!.headers.cookie).toBe(`sid=${TOKEN}`);
  });

  it('CS1: every endpoint posts its documented path and parameters', async () => {
    const c = client();
    await c.logon(TOKEN, '1001');
    await c.logout(TOKEN, '1001');
    await c.nextCall(TOKEN);
    await c.hold(TOKEN);
    await c.meeting(TOKEN, '13900001111');
    await c.addBlack(TOKEN, 'u-1');
    await c.getMsg(TOKEN);
    await c.sendSms(TOKEN, '13900001111', '你好');
    expect(cs.requests.map((r) => [r.path, r.params])).toEqual([
      ['/admin/agent/logon', { extno: '1001' }],
      ['/admin/agent/logout', { extno: '1001' }],
      ['/admin/agent/nextCall', {}],
      ['/admin/agent/hold', {}],
      ['/admin/agent/meeting', { tel: '13900001111' }],
      ['/admin/agent/addBlack', { info_uuid: 'u-1' }],
      ['/admin/agent/getMsg', {}],
      ['/admin/sms_api/send', { telephone: '13900001111', msg: '你好' }],
    ]);
  });

  it('CS2: code 0 is ok with data; getMsg returns the template text', async () => {
    cs.on('/admin/agent/getMsg', { kind: 'ok', data: '尊敬的客户您好' });
    const r = await client().getMsg(TOKEN);
    expect(r).toMatchObject({ outcome: 'ok', data: '尊敬的客户您好' });
  });

  it('CS2: a numeric-string code is accepted; getMsg without text data is failed', async () => {
    cs.on('/admin/agent/hold', { kind: 'raw', body: '{"msg":"success","code":"0","data":1}' });
    cs.on('/admin/agent/getMsg', { kind: 'ok', data: { nope: 1 } });
    expect((await client().hold(TOKEN)).outcome).toBe('ok');
    expect(await client().getMsg(TOKEN)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/expected data/) });
  });

  it('CS3: a non-zero code is refused with the call system msg as reason', async () => {
    cs.on('/admin/agent/hold', { kind: 'refuse', code: 1, msg: '当前没有通话' });
    expect(await client().hold(TOKEN)).toMatchObject({ outcome: 'refused', callSystemCode: 1, reason: '当前没有通话' });
    cs.on('/admin/agent/logon', { kind: 'status', status: 401, body: '{"msg":"访问令牌无效或已过期","code":401,"data":null}' });
    expect(await client().logon(TOKEN, '1001')).toMatchObject({ outcome: 'refused', callSystemCode: 401, reason: '访问令牌无效或已过期' });
  });

  it('CS4: connection refused is unreachable', async () => {
    const c = createCallSystemClient({ baseUrl: await refusedUrl(), timeoutMs: 3000 });
    expect(await c.hold(TOKEN)).toMatchObject({ outcome: 'unreachable', reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('CS4: an unresolvable host is unreachable', async () => {
    const c = createCallSystemClient({ baseUrl: 'http://no-such-host.invalid', timeoutMs: 3000 });
    expect((await c.hold(TOKEN)).outcome).toBe('unreachable');
  });

  it('CS4: HTTP 502/503/504 are unreachable', async () => {
    for (const status of [502, 503, 504]) {
      cs.on('/admin/agent/hold', { kind: 'status', status });
      expect((await client().hold(TOKEN)).outcome).toBe('unreachable');
    }
  });

  it('CS5: other 5xx, non-JSON and a wrong shape are failed with a clear reason', async () => {
    cs.on('/admin/agent/hold', { kind: 'status', status: 500 });
    expect(await client().hold(TOKEN)).toMatchObject({ outcome: 'failed', httpStatus: 500, reason: expect.stringMatching(/HTTP 500/) });
    cs.on('/admin/agent/hold', { kind: 'raw', body: '<html>Login</html>' });
    expect(await client().hold(TOKEN)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/not JSON/) });
    cs.on('/admin/agent/hold', { kind: 'raw', body: '{"status":"ok"}' });
    expect(await client().hold(TOKEN)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/envelope/) });
  });

  it('CS6: a timeout is unknown and the request is sent exactly once', async () => {
    cs.on('/admin/agent/logout', { kind: 'hang' });
    const r = await client({ timeoutMs: 150 }).logout(TOKEN, '1001');
    expect(r).toMatchObject({ outcome: 'unknown', reason: expect.stringMatching(/may or may not/) });
    // Give a retry every chance to show up before counting.
    await new Promise((res) => setTimeout(res, 100));
    expect(cs.count('/admin/agent/logout')).toBe(1);
  });

  it('CS7: the token never appears in a result or a log line, even when the call system echoes it', async () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ level: 'debug', destination: stream });
    cs.on('/admin/agent/hold', { kind: 'refuse', code: 7, msg: `token ${TOKEN} rejected for 13812345678` });
    cs.on('/admin/agent/nextCall', { kind: 'status', status: 500, body: `{"msg":"bad ${TOKEN}","code":500}` });
    const c = client({ logger });
    const results = [await c.hold(TOKEN), await c.nextCall(TOKEN)];
    const text = JSON.stringify(results) + lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('13812345678');
    expect(results[0]).toMatchObject({ outcome: 'refused', reason: 'token *** rejected for 138****5678' });
  });

  it('CS8: announcements use the admin token, msg and a comma list of extnos; path and names are configurable', async () => {
    await client({ adminToken: 'ADMIN-TOKEN-1' }).announce('今天下午三点开会', ['1001', '1002']);
    expect(cs.requests[0]!.path).toBe('/admin/message/send');
    expect(cs.requests[0]!.query.get('access_token')).toBe('ADMIN-TOKEN-1');
    expect(cs.requests[0]!.params).toEqual({ msg: '今天下午三点开会', extnos: '1001,1002' });
    await client({ adminToken: 'A2', paths: { announce: '/api/notice' }, announceParams: { msg: 'content', extnos: 'agents' } }).announce('x', ['7']);
    expect(cs.requests[1]!.path).toBe('/api/notice');
    expect(cs.requests[1]!.params).toEqual({ content: 'x', agents: '7' });
  });

  it('CS8: without an admin token an announcement fails before anything is sent', async () => {
    expect(await client().announce('x', ['1'])).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/CALL_SYSTEM_ADMIN_TOKEN/) });
    expect(cs.requests).toHaveLength(0);
  });
});
