import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/log';
import { captureStream, CUSTOMER_PHONE, startFakeCallSystem, TOKENS, type FakeCallSystem } from './control-test-kit';
import { startControlServer, type ControlServer } from './http-kit';

const MEETING_PHONE = '13900001111';
const SECRETS = [...Object.values(TOKENS), 'ADMIN-SECRET-1'];
let cs: FakeCallSystem;
let srv: ControlServer;
let lines: string[];

beforeEach(async () => {
  cs = await startFakeCallSystem();
  const capture = captureStream();
  lines = capture.lines;
  srv = await startControlServer(cs.url, createLogger({ level: 'trace', destination: capture.stream }), 1000);
});
afterEach(async () => {
  await srv.close();
  await cs.close();
});

describe('no secret leaves the server', () => {
  it('C12: a session of actions leaks no agent token and no unmasked phone number', async () => {
    const post = (path: string, body: Record<string, unknown>, user: 'manager' | 'leadA' | 'viewer' = 'manager') =>
      srv.request('POST', path, { user, body: { requestId: randomUUID(), ...body } });

    await post('/api/agents/1001/get_msg', {});
    await post('/api/agents/1001/send_sms', { msg: '您好，这是回访短信' });
    await post('/api/agents/1001/meeting', { tel: MEETING_PHONE });
    await post('/api/agents/1001/add_black', {});
    await post('/api/agents/1001/hold', {});
    await post('/api/agents/1001/logout', { mode: 'after_call' });
    await post('/api/agents/1001/cancel_signout', {});
    await post('/api/agents/1002/hold', {}, 'viewer');
    await post('/api/agents/1002/send_sms', { msg: 'x', telephone: CUSTOMER_PHONE });
    // The call system echoes the token and the customer's number in its refusals.
    cs.on('/admin/agent/logon', { kind: 'refuse', code: 9, msg: `invalid token ${TOKENS['1001']} for ${CUSTOMER_PHONE}` });
    await post('/api/agents/1001/logon', {});
    cs.on('/admin/sms_api/send', { kind: 'status', status: 500, body: `{"msg":"send to ${CUSTOMER_PHONE} failed","code":500}` });
    await post('/api/agents/1001/send_sms', { msg: '第二条' });
    cs.on('/admin/agent/nextCall', { kind: 'hang' });
    await post('/api/agents/1001/next_call', {});
    cs.on('/admin/message/send', { kind: 'refuse', code: 1, msg: `bad admin token ADMIN-SECRET-1` });
    await srv.request('POST', '/api/announcements', { user: 'manager', body: { requestId: randomUUID(), text: '通知', audience: { kind: 'floor' } } });
    await srv.request('GET', '/api/announcements', { user: 'manager' });
    await srv.request('GET', '/api/audit?limit=500', { user: 'manager' });
    const csv = await srv.request('GET', '/api/audit.csv', { user: 'manager' });
    const records = (await srv.audit.query({ limit: 1000 })).records;

    // The secrets really were in play: the call system got the token and the number.
    expect(cs.requests.some((r) => r.query.get('access_token') === TOKENS['1001'])).toBe(true);
    expect(cs.requests.some((r) => r.params.telephone === CUSTOMER_PHONE)).toBe(true);
    expect(cs.requests.some((r) => r.params.tel === MEETING_PHONE)).toBe(true);
    expect(records.length).toBe(13);
    expect(lines.length).toBeGreaterThanOrEqual(13);

    const everything = [...srv.bodies, ...lines, JSON.stringify(records), csv.text].join('\n');
    for (const secret of [...SECRETS, CUSTOMER_PHONE, MEETING_PHONE]) expect(everything).not.toContain(secret);
    // Masked forms are what remains.
    expect(everything).toContain('138****5678');
    expect(everything).toContain('139****1111');
  });
});
