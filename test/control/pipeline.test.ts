import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/control/actor';
import { MemoryAuditStore } from '@/server/control/audit';
import { createCallSystemClient } from '@/server/control/call-system-client';
import { createControlPipeline, type PipelineDeps } from '@/server/control/pipeline';
import { TokenBucketLimiter } from '@/server/control/rate-limit';
import { act, actors, CUSTOMER_PHONE, fakeFloor, RECORD_UUID, startFakeCallSystem, TOKENS, type FakeCallSystem } from './control-test-kit';

let cs: FakeCallSystem;
beforeEach(async () => {
  cs = await startFakeCallSystem();
});
afterEach(async () => {
  vi.useRealTimers();
  await cs.close();
});

/** Client timeout: generous by default (a loaded 2-core box), short where a hang is the point. */
function setup(extra: Partial<PipelineDeps> = {}, timeoutMs = 3000) {
  const floor = fakeFloor();
  const audit = new MemoryAuditStore(1000);
  const client = createCallSystemClient({ baseUrl: cs.url, timeoutMs });
  const pipeline = createControlPipeline({ client, agent: floor.agent, applyControl: floor.applyControl, audit, ...extra });
  const lastAudit = async () => (await audit.query({ limit: 1 })).records[0]!;
  return { floor, audit, pipeline, lastAudit };
}

const PATHS = {
  logon: '/admin/agent/logon',
  logout: '/admin/agent/logout',
  next_call: '/admin/agent/nextCall',
  hold: '/admin/agent/hold',
  meeting: '/admin/agent/meeting',
  add_black: '/admin/agent/addBlack',
  get_msg: '/admin/agent/getMsg',
  send_sms: '/admin/sms_api/send',
} as const;

/** Each action on the agent on a call (1001), with valid params. */
const CASES: [keyof typeof PATHS, Record<string, unknown> | undefined][] = [
  ['logon', undefined],
  ['logout', { mode: 'now' }],
  ['next_call', undefined],
  ['hold', undefined],
  ['meeting', { tel: '8001' }],
  ['add_black', undefined],
  ['get_msg', undefined],
  ['send_sms', { msg: '您好，这是回访短信' }],
];

describe('pipeline: every action', () => {
  it.each(CASES)('C8: %s succeeds with the agent token, one request, and an ok audit row', async (action, params) => {
    const { pipeline, lastAudit } = setup();
    const ack = await pipeline.act(actors.manager, act(action, '1001', params));
    expect(ack).toMatchObject({ ok: true, data: { action, extno: '1001' } });
    expect(cs.requests).toHaveLength(1);
    expect(cs.requests[0]!.path).toBe(PATHS[action]);
    expect(cs.requests[0]!.query.get('access_token')).toBe(TOKENS['1001']);
    const row = await lastAudit();
    expect(row).toMatchObject({ action, result: 'ok', statusBefore: 'on_call', actor: { id: 'u-mgr', role: 'manager' } });
    expect(row.target).toEqual({ extno: '1001', team: 'A', sessionId: 'sess-1' });
    expect(ack.ok && ack.data.auditId).toBe(row.id);
  });

  it.each(CASES)('C8: %s refused by the call system surfaces its reason as CALL_SYSTEM_REFUSED', async (action, params) => {
    const { pipeline, lastAudit } = setup();
    cs.on(PATHS[action], { kind: 'refuse', code: 3, msg: '坐席状态不允许此操作' });
    const ack = await pipeline.act(actors.manager, act(action, '1001', params));
    expect(ack).toEqual({ ok: false, code: 'CALL_SYSTEM_REFUSED', message: expect.stringContaining('坐席状态不允许此操作') });
    expect(await lastAudit()).toMatchObject({ result: 'refused', code: 'CALL_SYSTEM_REFUSED', reason: '坐席状态不允许此操作' });
  });

  it.each(CASES)('C8: %s with the call system down is CALL_SYSTEM_UNREACHABLE', async (action, params) => {
    const { pipeline, lastAudit } = setup();
    await cs.close();
    const ack = await pipeline.act(actors.manager, act(action, '1001', params));
    expect(ack).toMatchObject({ ok: false, code: 'CALL_SYSTEM_UNREACHABLE' });
    expect(await lastAudit()).toMatchObject({ result: 'failed', code: 'CALL_SYSTEM_UNREACHABLE' });
    cs = await startFakeCallSystem(); // for afterEach
  });

  it.each(CASES)('C8: %s timing out is OUTCOME_UNKNOWN and never retried, not even on a re-send', async (action, params) => {
    const { pipeline, lastAudit } = setup({}, 400);
    cs.on(PATHS[action], { kind: 'hang' });
    const request = act(action, '1001', params);
    const ack = await pipeline.act(actors.manager, request);
    expect(ack).toMatchObject({ ok: false, code: 'OUTCOME_UNKNOWN' });
    expect(await pipeline.act(actors.manager, request)).toEqual(ack);
    expect(cs.count(PATHS[action])).toBe(1);
    expect(await lastAudit()).toMatchObject({ result: 'unknown', code: 'OUTCOME_UNKNOWN' });
  });

  it('C8: an unreadable answer is CALL_SYSTEM_ERROR', async () => {
    const { pipeline } = setup();
    cs.on('*', { kind: 'raw', body: 'not json' });
    expect(await pipeline.act(actors.manager, act('next_call', '1001'))).toMatchObject({ ok: false, code: 'CALL_SYSTEM_ERROR' });
  });

  it('C5: get_msg returns the template; send_sms sends the edited text to the open call number', async () => {
    const { pipeline } = setup();
    const tpl = await pipeline.act(actors.manager, act('get_msg', '1001'));
    expect(tpl).toMatchObject({ ok: true, data: { data: { template: '【测试】您好，您的订单已受理。' } } });
    await pipeline.act(actors.manager, act('send_sms', '1001', { msg: '【测试】您好，已改过的文字' }));
    expect(cs.requests[1]!.params).toEqual({ telephone: CUSTOMER_PHONE, msg: '【测试】您好，已改过的文字' });
  });

  it('C5: add_black uses the screen pop record id, never one from the payload', async () => {
    const { pipeline } = setup();
    const bad = await pipeline.act(actors.manager, act('add_black', '1001', { info_uuid: 'typed-by-hand' }));
    expect(bad).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    await pipeline.act(actors.manager, act('add_black', '1001'));
    expect(cs.requests.map((r) => r.params)).toEqual([{ info_uuid: RECORD_UUID }]);
  });

  it('C5: send_sms refuses a telephone in the payload', async () => {
    const { pipeline } = setup();
    const ack = await pipeline.act(actors.manager, act('send_sms', '1001', { msg: 'x', telephone: '13900000000' }));
    expect(ack).toMatchObject({ ok: false, code: 'BAD_REQUEST', message: expect.stringContaining('telephone') });
    expect(cs.requests).toHaveLength(0);
  });

  it('C9: a successful hold toggles the held flag through applyControl; a refused one does not', async () => {
    const { pipeline, floor } = setup();
    expect(await pipeline.act(actors.manager, act('hold', '1001'))).toMatchObject({ ok: true, data: { data: { held: true } } });
    expect(floor.events).toEqual([{ type: 'control', extno: '1001', change: { held: true } }]);
    expect(await pipeline.act(actors.manager, act('hold', '1001'))).toMatchObject({ ok: true, data: { data: { held: false } } });
    cs.on('/admin/agent/hold', { kind: 'refuse', code: 1, msg: 'no' });
    await pipeline.act(actors.manager, act('hold', '1001'));
    expect(floor.events).toHaveLength(2);
  });
});

describe('pipeline: validation, target checks, permissions', () => {
  it.each([
    ['unknown action', { action: 'hangup', extno: '1001', requestId: crypto.randomUUID() }, /action: must be one of/],
    ['missing request id', { action: 'hold', extno: '1001' }, /requestId/],
    ['request id not a uuid', { action: 'hold', extno: '1001', requestId: 'abc' }, /requestId/],
    ['bad extno', act('hold', '10 01'), /extno/],
    ['meeting tel with letters', act('meeting', '1001', { tel: 'abc' }), /tel/],
    ['meeting tel too short', act('meeting', '1001', { tel: '12' }), /tel/],
    ['meeting tel too long', act('meeting', '1001', { tel: '1'.repeat(21) }), /tel/],
    ['sms empty', act('send_sms', '1001', { msg: '   ' }), /msg/],
    ['sms too long', act('send_sms', '1001', { msg: '字'.repeat(501) }), /msg/],
    ['logout bad mode', act('logout', '1001', { mode: 'later' }), /mode/],
    ['not an object', 'hold', /action/],
  ])('C1: %s is BAD_REQUEST naming the field, audited as invalid, nothing sent', async (_name, payload, message) => {
    const { pipeline, lastAudit } = setup();
    const ack = await pipeline.act(actors.manager, payload);
    expect(ack).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(!ack.ok && ack.message).toMatch(message);
    expect(cs.requests).toHaveLength(0);
    expect(await lastAudit()).toMatchObject({ result: 'invalid', code: 'BAD_REQUEST', actor: { id: 'u-mgr' } });
  });

  it('C1: limits are inclusive (tel 3 and 20 chars, sms 500 chars)', async () => {
    const { pipeline } = setup();
    for (const p of [act('meeting', '1001', { tel: '+86' }), act('meeting', '1001', { tel: '+86-1380013800012345' }), act('send_sms', '1001', { msg: '字'.repeat(500) })]) {
      expect((await pipeline.act(actors.manager, p)).ok).toBe(true);
    }
  });

  it('C2: an extension not on the roster is UNKNOWN_AGENT', async () => {
    const { pipeline, lastAudit } = setup();
    expect(await pipeline.act(actors.manager, act('logon', '9999'))).toMatchObject({ ok: false, code: 'UNKNOWN_AGENT' });
    expect(await lastAudit()).toMatchObject({ result: 'invalid', target: { extno: '9999', team: '' }, statusBefore: null });
    expect(cs.requests).toHaveLength(0);
  });

  it('C4: hold and meeting need a call in progress; add_black and send_sms an open record', async () => {
    const { pipeline, floor } = setup();
    for (const [a, p] of [['hold', undefined], ['meeting', { tel: '8001' }], ['add_black', undefined], ['send_sms', { msg: 'x' }]] as const) {
      expect(await pipeline.act(actors.manager, act(a, '1002', p))).toMatchObject({ ok: false, code: 'NO_OPEN_CALL' });
    }
    // Wrap-up: the record is open, the call is not.
    floor.set('1001', { status: 'wrap_up', call: { ...floor.agents.get('1001')!.call!, ended: true } });
    expect(await pipeline.act(actors.manager, act('hold', '1001'))).toMatchObject({ ok: false, code: 'NO_OPEN_CALL' });
    expect(await pipeline.act(actors.manager, act('send_sms', '1001', { msg: 'x' }))).toMatchObject({ ok: true });
    expect(cs.requests.map((r) => r.path)).toEqual(['/admin/sms_api/send']);
  });

  it('C3: a viewer may do nothing; a team lead only within their teams; never reaching the call system', async () => {
    const { pipeline, lastAudit } = setup();
    expect(await pipeline.act(actors.viewer, act('logon', '2001'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await pipeline.act(actors.leadA, act('logon', '2001'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await lastAudit()).toMatchObject({ result: 'denied', code: 'FORBIDDEN', actor: { id: 'u-lead-a' }, target: { extno: '2001', team: 'B' } });
    expect(cs.requests).toHaveLength(0);
    expect(await pipeline.act(actors.leadB, act('logon', '2001'))).toMatchObject({ ok: true });
    expect(cs.requests).toHaveLength(1);
  });

  it('C3: the injected can() decides, with the roster team, not the payload', async () => {
    const can = vi.fn(() => false);
    const { pipeline } = setup({ can });
    await pipeline.act(actors.admin, { ...act('logon', '2001'), team: 'A' });
    await pipeline.act(actors.admin, act('logon', '2001'));
    expect(can).toHaveBeenCalledTimes(1); // the first payload has an unknown key: refused before authorize
    expect(can).toHaveBeenCalledWith(actors.admin, 'logon', { kind: 'agent', extno: '2001', team: 'B' });
    expect(cs.requests).toHaveLength(0);
  });
});

describe('pipeline: idempotency and rate limit', () => {
  it('C6: a double submit with the same request id sends once and both get the first result', async () => {
    const { pipeline, audit } = setup();
    const req = act('next_call', '1001');
    const [a, b] = await Promise.all([pipeline.act(actors.manager, req), pipeline.act(actors.manager, req)]);
    const c = await pipeline.act(actors.manager, req);
    expect(a).toMatchObject({ ok: true });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(cs.count('/admin/agent/nextCall')).toBe(1);
    expect((await audit.query({ limit: 10 })).records).toHaveLength(1);
  });

  it('C6: a refused result is replayed too, not re-sent', async () => {
    const { pipeline } = setup();
    cs.on('/admin/agent/logon', { kind: 'refuse', code: 2, msg: '已签入' });
    const req = act('logon', '1001');
    const first = await pipeline.act(actors.manager, req);
    expect(await pipeline.act(actors.manager, req)).toEqual(first);
    expect(cs.count('/admin/agent/logon')).toBe(1);
  });

  it('C6: the same request id for a different action is DUPLICATE; other users are not affected', async () => {
    const { pipeline } = setup();
    const id = crypto.randomUUID();
    await pipeline.act(actors.manager, act('next_call', '1001', undefined, id));
    expect(await pipeline.act(actors.manager, act('logon', '1001', undefined, id))).toMatchObject({ ok: false, code: 'DUPLICATE' });
    expect(await pipeline.act(actors.admin, act('logon', '1001', undefined, id))).toMatchObject({ ok: true });
    expect(cs.requests.map((r) => r.path)).toEqual(['/admin/agent/nextCall', '/admin/agent/logon']);
  });

  it('C6: request ids are forgotten after the ttl', async () => {
    let t = 1_000_000;
    const { pipeline } = setup({ now: () => t, idempotency: { ttlMs: 60_000 } });
    const req = act('next_call', '1001');
    await pipeline.act(actors.manager, req);
    t += 59_000;
    await pipeline.act(actors.manager, req);
    expect(cs.count('/admin/agent/nextCall')).toBe(1);
    t += 2_000;
    await pipeline.act(actors.manager, req);
    expect(cs.count('/admin/agent/nextCall')).toBe(2);
  });

  it('C7: the 11th action within 10 s is RATE_LIMITED, per user, and the bucket refills', async () => {
    let t = 5_000_000;
    const now = () => t;
    const { pipeline, lastAudit } = setup({ now, rateLimiter: new TokenBucketLimiter({ capacity: 10, windowMs: 10_000, now }) });
    for (let i = 0; i < 10; i++) expect((await pipeline.act(actors.manager, act('next_call', '1001'))).ok).toBe(true);
    expect(await pipeline.act(actors.manager, act('next_call', '1001'))).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await lastAudit()).toMatchObject({ result: 'denied', code: 'RATE_LIMITED' });
    expect((await pipeline.act(actors.admin, act('next_call', '1001'))).ok).toBe(true);
    t += 1_000;
    expect((await pipeline.act(actors.manager, act('next_call', '1001'))).ok).toBe(true);
    expect(cs.count('/admin/agent/nextCall')).toBe(12);
  });

  it('C7: a rate-limited request id can be used again once there is budget', async () => {
    let t = 0;
    const now = () => t;
    const { pipeline } = setup({ now, rateLimiter: new TokenBucketLimiter({ capacity: 1, windowMs: 1_000, now }) });
    await pipeline.act(actors.manager, act('next_call', '1001'));
    const req = act('next_call', '1001');
    expect(await pipeline.act(actors.manager, req)).toMatchObject({ code: 'RATE_LIMITED' });
    t += 1_000;
    expect(await pipeline.act(actors.manager, req)).toMatchObject({ ok: true });
  });
});

describe('pipeline: audit rows', () => {
  it('C11: params are masked (tel, sms number), sms text kept; duration and request id recorded', async () => {
    let t = 10_000;
    const real = createCallSystemClient({ baseUrl: cs.url, timeoutMs: 3000 });
    // The call takes 42 ms of the pipeline's clock.
    const client = { ...real, meeting: async (tok: string, tel: string) => ((t += 42), real.meeting(tok, tel)) };
    const { pipeline, audit } = setup({ now: () => t, client });
    const meeting = act('meeting', '1001', { tel: '13900001111' });
    await pipeline.act(actors.leadA, meeting);
    await pipeline.act(actors.leadA, act('send_sms', '1001', { msg: '回访短信内容' }));
    const [sms, meet] = (await audit.query({ limit: 2 })).records;
    expect(meet).toMatchObject({ params: { tel: '139****1111' }, requestId: meeting.requestId, durationMs: 42, at: 10_000 });
    expect(sms!.params).toEqual({ msg: '回访短信内容', telephone: '138****5678' });
    expect(JSON.stringify(await audit.query({ limit: 100 }))).not.toContain(CUSTOMER_PHONE);
  });

  it('C11: one row per outcome: ok, refused, failed, unknown, denied, invalid', async () => {
    const { pipeline, audit } = setup({}, 1000);
    const a = (x: Actor, p: unknown) => pipeline.act(x, p);
    await a(actors.manager, act('next_call', '1001'));
    cs.on('/admin/agent/logon', { kind: 'refuse', code: 1, msg: 'no' });
    await a(actors.manager, act('logon', '1001'));
    cs.on('/admin/agent/hold', { kind: 'status', status: 500 });
    await a(actors.manager, act('hold', '1001'));
    cs.on('/admin/agent/getMsg', { kind: 'hang' });
    await a(actors.manager, act('get_msg', '1001'));
    await a(actors.viewer, act('get_msg', '1001'));
    await a(actors.manager, act('get_msg', '1001', { x: 1 }));
    const results = (await audit.query({ limit: 10 })).records.map((r) => r.result).reverse();
    expect(results).toEqual(['ok', 'refused', 'failed', 'unknown', 'denied', 'invalid']);
  });
});
