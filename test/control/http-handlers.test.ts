import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCallSystem, type FakeCallSystem } from './control-test-kit';
import { startControlServer, type ControlServer } from './http-kit';

let cs: FakeCallSystem;
let srv: ControlServer;
beforeEach(async () => {
  cs = await startFakeCallSystem();
  srv = await startControlServer(cs.url, undefined, 1000);
});
afterEach(async () => {
  await srv.close();
  await cs.close();
});

describe('HTTP surface', () => {
  it('C13: POST /api/agents/{extno}/{action} runs the action with params from the body', async () => {
    const r = await srv.request('POST', '/api/agents/1001/meeting', { user: 'manager', body: { requestId: randomUUID(), tel: '8001' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, data: { action: 'meeting', extno: '1001' } });
    expect(cs.requests[0]!.params).toEqual({ tel: '8001' });
    const k = await srv.request('POST', '/api/agents/1001/next-call', { user: 'manager', body: { requestId: randomUUID() } });
    expect(k.json).toMatchObject({ ok: true, data: { action: 'next_call' } });
  });

  it.each([
    ['no session', { body: { requestId: 'x' } }, '/api/agents/1001/hold', 401, 'UNAUTHORIZED'],
    ['viewer', { user: 'viewer', body: { requestId: randomUUID() } }, '/api/agents/1001/hold', 403, 'FORBIDDEN'],
    ['bad params', { user: 'manager', body: { requestId: randomUUID(), tel: 'x' } }, '/api/agents/1001/meeting', 400, 'BAD_REQUEST'],
    ['unknown action', { user: 'manager', body: { requestId: randomUUID() } }, '/api/agents/1001/explode', 400, 'BAD_REQUEST'],
    ['unknown agent', { user: 'manager', body: { requestId: randomUUID() } }, '/api/agents/9999/logon', 404, 'UNKNOWN_AGENT'],
    ['no open call', { user: 'manager', body: { requestId: randomUUID() } }, '/api/agents/1002/hold', 409, 'NO_OPEN_CALL'],
    ['not JSON', { user: 'manager', raw: '{', type: 'application/json' }, '/api/agents/1001/hold', 400, 'BAD_REQUEST'],
    ['a form post', { user: 'manager', raw: 'requestId=x', type: 'application/x-www-form-urlencoded' }, '/api/agents/1001/hold', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an array body', { user: 'manager', body: [] }, '/api/agents/1001/hold', 400, 'BAD_REQUEST'],
    ['over 16 KiB', { user: 'manager', body: { requestId: randomUUID(), msg: 'x'.repeat(17 * 1024) } }, '/api/agents/1001/send_sms', 413, 'PAYLOAD_TOO_LARGE'],
  ] as const)('C13: %s answers its status and stable code without calling the call system', async (_n, opts, path, status, code) => {
    const r = await srv.request('POST', path, opts);
    expect(r.status).toBe(status);
    expect(r.json).toMatchObject({ ok: false, code });
    expect(cs.requests).toHaveLength(0);
  });

  it('C13: call-system outcomes map to 422 / 502 / 504', async () => {
    cs.on('/admin/agent/logon', { kind: 'refuse', code: 1, msg: '已签入' });
    cs.on('/admin/agent/hold', { kind: 'status', status: 503 });
    cs.on('/admin/agent/nextCall', { kind: 'hang' });
    const post = (p: string) => srv.request('POST', p, { user: 'manager', body: { requestId: randomUUID() } });
    expect(await post('/api/agents/1001/logon')).toMatchObject({ status: 422, json: { code: 'CALL_SYSTEM_REFUSED', message: expect.stringContaining('已签入') } });
    expect(await post('/api/agents/1001/hold')).toMatchObject({ status: 502, json: { code: 'CALL_SYSTEM_UNREACHABLE' } });
    expect(await post('/api/agents/1001/next_call')).toMatchObject({ status: 504, json: { code: 'OUTCOME_UNKNOWN' } });
  });

  it('C13: a GET on an action route is 405', async () => {
    expect((await srv.request('GET', '/api/agents/1001/hold', { user: 'manager' })).status).toBe(405);
  });

  it('C13: announcements: POST, GET list, GET one, resend', async () => {
    const sent = await srv.request('POST', '/api/announcements', { user: 'leadA', body: { requestId: randomUUID(), text: '开会', audience: { kind: 'teams', teams: ['A'] } } });
    expect(sent).toMatchObject({ status: 200, json: { ok: true, data: { total: 2, delivered: 0 } } });
    const id = (sent.json as { data: { id: string } }).data.id;
    srv.announcements.onMessage('1001', '开会', Date.now());
    expect(await srv.request('GET', '/api/announcements?limit=5', { user: 'leadA' })).toMatchObject({ status: 200, json: { ok: true, data: [{ id, delivered: 1 }] } });
    expect(await srv.request('GET', `/api/announcements/${id}`, { user: 'manager' })).toMatchObject({ status: 200, json: { data: { id } } });
    expect(await srv.request('GET', `/api/announcements/${id}`, { user: 'leadB' })).toMatchObject({ status: 404 });
    const again = await srv.request('POST', `/api/announcements/${id}/resend`, { user: 'leadA', body: { requestId: randomUUID() } });
    expect(again).toMatchObject({ status: 200, json: { data: { sends: [{}, { recipients: 1 }] } } });
    expect(cs.requests[1]!.params.extnos).toBe('1002');
    expect((await srv.request('GET', '/api/announcements?limit=0', { user: 'leadA' })).status).toBe(400);
  });

  it('C13: GET /api/audit filters, pages, and scopes a team lead to their teams', async () => {
    for (const [user, extno] of [['manager', '1001'], ['manager', '2001'], ['leadA', '1002']] as const) {
      await srv.request('POST', `/api/agents/${extno}/logon`, { user, body: { requestId: randomUUID() } });
    }
    const all = await srv.request('GET', '/api/audit?limit=2', { user: 'manager' });
    expect(all).toMatchObject({ status: 200, json: { ok: true, data: { records: [{ target: { extno: '1002' } }, { target: { extno: '2001' } }], nextCursor: expect.any(String) } } });
    const cursor = (all.json as { data: { nextCursor: string } }).data.nextCursor;
    expect(await srv.request('GET', `/api/audit?limit=2&cursor=${cursor}`, { user: 'manager' })).toMatchObject({ json: { data: { records: [{ target: { extno: '1001' } }], nextCursor: null } } });
    const lead = await srv.request('GET', '/api/audit', { user: 'leadA' });
    expect((lead.json as { data: { records: { target: { team: string } }[] } }).data.records.map((r) => r.target.team)).toEqual(['A', 'A']);
    expect(await srv.request('GET', '/api/audit?result=ok&extno=2001', { user: 'manager' })).toMatchObject({ json: { data: { records: [{ target: { extno: '2001' } }] } } });
    expect(await srv.request('GET', '/api/audit?from=2024-01-01T00:00:00Z&to=1', { user: 'manager' })).toMatchObject({ json: { data: { records: [] } } });
    expect(await srv.request('GET', '/api/audit?bogus=1', { user: 'manager' })).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST' } });
    expect(await srv.request('GET', '/api/audit', { user: 'viewer' })).toMatchObject({ status: 403 });
  });

  it('C13: GET /api/audit.csv is a BOM-prefixed CSV download for managers only', async () => {
    await srv.request('POST', '/api/agents/1001/send_sms', { user: 'manager', body: { requestId: randomUUID(), msg: '您好，回访' } });
    const r = await fetch(`${srv.url}/api/audit.csv`, { headers: { 'x-test-user': 'manager' } });
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="floorboard-audit-\d{8}\.csv"$/);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('您好，回访');
    expect(bytes.toString('utf8')).toContain('138****5678');
    expect((await srv.request('GET', '/api/audit.csv', { user: 'leadA' })).status).toBe(403);
  });
});
