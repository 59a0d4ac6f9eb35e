import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnouncementReceipts } from '@/lib/control/announce';
import { MemoryAnnouncementStore } from '@/server/control/announcement-store';
import { createAnnouncements, type AnnouncementDeps } from '@/server/control/announcements';
import { MemoryAuditStore } from '@/server/control/audit';
import { createCallSystemClient } from '@/server/control/call-system-client';
import { actors, fakeFloor, startFakeCallSystem, waitFor, type FakeCallSystem } from './control-test-kit';

const ANNOUNCE = '/admin/message/send';
let cs: FakeCallSystem;
let close: (() => void) | null = null;
beforeEach(async () => {
  cs = await startFakeCallSystem();
});
afterEach(async () => {
  vi.useRealTimers();
  close?.();
  await cs.close();
});

function setup(extra: Partial<AnnouncementDeps> = {}, timeoutMs = 3000) {
  const floor = fakeFloor();
  // 2002: team B, idle, but our monitor link to it is down.
  floor.agents.set('2002', { ...floor.agents.get('2001')!, extno: '2002', name: '赵六', status: 'idle', link: 'backoff', token: 'tok-2002-xxxx' });
  const audit = new MemoryAuditStore(1000);
  const store = new MemoryAnnouncementStore();
  const changes: AnnouncementReceipts[] = [];
  const client = createCallSystemClient({ baseUrl: cs.url, timeoutMs, adminToken: 'ADMIN-SECRET-1' });
  const ann = createAnnouncements({ client, agents: floor.list, audit, store, onChange: (r) => changes.push(r), notifyEveryMs: 500, ...extra });
  close = ann.close;
  return { floor, audit, store, ann, changes };
}

const body = (text: string, audience: unknown, requestId = randomUUID()) => ({ requestId, text, audience });
const sentTo = (i: number) => cs.requests.filter((r) => r.path === ANNOUNCE)[i]!.params.extnos!.split(',');

describe('announcements', () => {
  it.each([
    ['empty text', body('   ', { kind: 'floor' })],
    ['text over 1000', body('字'.repeat(1001), { kind: 'floor' })],
    ['unknown audience', body('hi', { kind: 'room' })],
    ['teams empty', body('hi', { kind: 'teams', teams: [] })],
    ['no request id', { text: 'hi', audience: { kind: 'floor' } }],
  ])('A1: %s is BAD_REQUEST, audited, nothing sent', async (_n, payload) => {
    const { ann, audit } = setup();
    expect(await ann.send(actors.manager, payload)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(cs.requests).toHaveLength(0);
    expect((await audit.query({ limit: 1 })).records[0]).toMatchObject({ action: 'announce', result: 'invalid', code: 'BAD_REQUEST' });
  });

  it('A1: 1000 characters is accepted', async () => {
    const { ann } = setup();
    expect((await ann.send(actors.manager, body('字'.repeat(1000), { kind: 'floor' }))).ok).toBe(true);
  });

  it('A2: the floor needs a manager; a team lead only their own teams; a viewer nothing', async () => {
    const { ann, audit } = setup();
    expect(await ann.send(actors.leadA, body('hi', { kind: 'floor' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ann.send(actors.leadA, body('hi', { kind: 'teams', teams: ['B'] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ann.send(actors.leadA, body('hi', { kind: 'extnos', extnos: ['1001', '2001'] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ann.send(actors.viewer, body('hi', { kind: 'teams', teams: ['A'] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(cs.requests).toHaveLength(0);
    expect((await audit.query({ limit: 10, result: 'denied' })).records).toHaveLength(4);
    expect((await ann.send(actors.leadA, body('hi', { kind: 'teams', teams: ['A'] }))).ok).toBe(true);
    expect((await ann.send(actors.manager, body('hi', { kind: 'all' }))).ok).toBe(true);
  });

  it('A3: the audience resolves from the roster and goes out as a comma list with the admin token', async () => {
    const { ann } = setup();
    await ann.send(actors.manager, body('全体注意', { kind: 'floor' }));
    await ann.send(actors.manager, body('A组注意', { kind: 'teams', teams: ['A'] }));
    await ann.send(actors.manager, body('单独通知', { kind: 'extnos', extnos: ['2001', '1002', '2001'] }));
    expect(sentTo(0)).toEqual(['1001', '1002', '2001', '2002']);
    expect(sentTo(1)).toEqual(['1001', '1002']);
    expect(sentTo(2)).toEqual(['2001', '1002']);
    expect(cs.requests[0]!.params.msg).toBe('全体注意');
    expect(cs.requests[0]!.query.get('access_token')).toBe('ADMIN-SECRET-1');
  });

  it('A3: unknown extensions are UNKNOWN_AGENT, an empty audience NO_RECIPIENTS', async () => {
    const { ann } = setup();
    expect(await ann.send(actors.manager, body('x', { kind: 'extnos', extnos: ['1001', '9999'] }))).toMatchObject({ code: 'UNKNOWN_AGENT', message: expect.stringContaining('9999') });
    expect(await ann.send(actors.manager, body('x', { kind: 'teams', teams: ['Z'] }))).toMatchObject({ code: 'NO_RECIPIENTS' });
    expect(cs.requests).toHaveLength(0);
  });

  it('A4: message frames with the same text from recipients count as receipts: N of M, live', async () => {
    const { ann, changes } = setup();
    const sent = await ann.send(actors.manager, body('下午三点开会', { kind: 'floor' }));
    if (!sent.ok) throw new Error(sent.message);
    expect(sent.data).toMatchObject({ total: 4, delivered: 0 });
    const t = Date.now();
    ann.onMessage('1001', '下午三点开会', t);
    ann.onMessage('1001', '下午三点开会', t + 1); // the same agent again: counted once
    ann.onMessage('1002', '别的公告', t); // other text
    ann.onMessage('9999', '下午三点开会', t); // not a recipient
    ann.onMessage('1002', ' 下午三点开会 ', t + 2); // whitespace around is tolerated
    await waitFor(() => changes.at(-1)?.delivered === 2);
    expect(changes.at(-1)).toMatchObject({ id: sent.data.id, total: 4, delivered: 2 });
    const view = await ann.get(actors.manager, sent.data.id);
    expect(view.ok && view.data.recipients.find((r) => r.extno === '1001')).toMatchObject({ deliveredAt: t, reason: null });
  });

  it('A4: receipts that arrive before the call system answers still count', async () => {
    const { ann } = setup();
    cs.hook = (req) => {
      if (req.path === ANNOUNCE) for (const x of req.params.extnos!.split(',')) ann.onMessage(x, req.params.msg!, Date.now());
    };
    const sent = await ann.send(actors.manager, body('马上到', { kind: 'teams', teams: ['A'] }));
    expect(sent).toMatchObject({ ok: true, data: { total: 2, delivered: 2 } });
  });

  it('A4: the same text sent twice fills the older announcement first', async () => {
    const { ann } = setup();
    const a = await ann.send(actors.manager, body('重复', { kind: 'teams', teams: ['A'] }));
    const b = await ann.send(actors.manager, body('重复', { kind: 'teams', teams: ['A'] }));
    ann.onMessage('1001', '重复', Date.now());
    ann.onMessage('1001', '重复', Date.now());
    const va = a.ok ? await ann.get(actors.manager, a.data.id) : null;
    const vb = b.ok ? await ann.get(actors.manager, b.data.id) : null;
    expect(va).toMatchObject({ ok: true, data: { delivered: 1 } });
    expect(vb).toMatchObject({ ok: true, data: { delivered: 1 } });
  });

  it('A4: messages after the receipt window are not matched', async () => {
    const { ann } = setup({ receiptWindowMs: 1000 });
    const sent = await ann.send(actors.manager, body('窗口', { kind: 'teams', teams: ['A'] }));
    if (!sent.ok) throw new Error(sent.message);
    ann.onMessage('1001', '窗口', Date.now() + 5_000);
    expect(await ann.get(actors.manager, sent.data.id)).toMatchObject({ ok: true, data: { delivered: 0 } });
  });

  it('A5: who has not got it, and why, from the live floor', async () => {
    const { ann, floor } = setup();
    const sent = await ann.send(actors.manager, body('原因', { kind: 'floor' }));
    if (!sent.ok) throw new Error(sent.message);
    ann.onMessage('1001', '原因', Date.now());
    floor.agents.delete('1002');
    const view = await ann.get(actors.manager, sent.data.id);
    if (!view.ok) throw new Error(view.message);
    expect(Object.fromEntries(view.data.recipients.map((r) => [r.extno, r.reason]))).toEqual({
      '1001': null,
      '1002': 'not_on_roster',
      '2001': 'signed_out',
      '2002': 'link_down',
    });
  });

  it('A6: resend goes to the missing agents only; with none missing it is NO_RECIPIENTS', async () => {
    const { ann, audit } = setup();
    const sent = await ann.send(actors.manager, body('补发', { kind: 'floor' }));
    if (!sent.ok) throw new Error(sent.message);
    ann.onMessage('1001', '补发', Date.now());
    ann.onMessage('2002', '补发', Date.now());
    const again = await ann.resend(actors.manager, sent.data.id, { requestId: randomUUID() });
    expect(again).toMatchObject({ ok: true, data: { sends: [{ recipients: 4, outcome: 'ok' }, { recipients: 2, outcome: 'ok' }] } });
    expect(sentTo(1)).toEqual(['1002', '2001']);
    expect((await audit.query({ limit: 1 })).records[0]).toMatchObject({ action: 'announce_resend', result: 'ok', params: { recipients: 2 } });
    ann.onMessage('1002', '补发', Date.now());
    ann.onMessage('2001', '补发', Date.now());
    expect(await ann.resend(actors.manager, sent.data.id, { requestId: randomUUID() })).toMatchObject({ ok: false, code: 'NO_RECIPIENTS' });
    expect(cs.count(ANNOUNCE)).toBe(2);
  });

  it('A6: resend checks permission and the id', async () => {
    const { ann } = setup();
    const sent = await ann.send(actors.manager, body('权限', { kind: 'teams', teams: ['B'] }));
    if (!sent.ok) throw new Error(sent.message);
    expect(await ann.resend(actors.leadA, sent.data.id, { requestId: randomUUID() })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ann.resend(actors.manager, 'nope', { requestId: randomUUID() })).toMatchObject({ code: 'NOT_FOUND' });
    expect(cs.count(ANNOUNCE)).toBe(1);
  });

  it('A7: receipt updates are pushed at most once per interval per announcement', async () => {
    const { ann, changes } = setup();
    const sent = await ann.send(actors.manager, body('节流', { kind: 'floor' }));
    if (!sent.ok) throw new Error(sent.message);
    await waitFor(() => changes.length === 1); // the send itself
    vi.useFakeTimers();
    ann.onMessage('1001', '节流', Date.now());
    ann.onMessage('1002', '节流', Date.now());
    ann.onMessage('2001', '节流', Date.now());
    await vi.advanceTimersByTimeAsync(100);
    const before = changes.length;
    expect(before).toBe(1); // nothing yet: inside the interval
    await vi.advanceTimersByTimeAsync(500);
    expect(changes.length).toBe(before + 1);
    expect(changes.at(-1)).toMatchObject({ delivered: 3, undelivered: [{ extno: '2002', reason: 'link_down' }] });
    expect(changes.slice(1).every((c) => c.delivered === 3)).toBe(true);
  });

  it('A8: a refused send is CALL_SYSTEM_REFUSED, kept in history and audited', async () => {
    const { ann, audit } = setup();
    cs.on(ANNOUNCE, { kind: 'refuse', code: 400, msg: '公告内容过长' });
    expect(await ann.send(actors.manager, body('x', { kind: 'floor' }))).toMatchObject({ code: 'CALL_SYSTEM_REFUSED', message: expect.stringContaining('公告内容过长') });
    const list = await ann.list(actors.manager, { limit: 10 });
    expect(list).toMatchObject({ ok: true, data: [{ text: 'x', sends: [{ outcome: 'refused', code: 'CALL_SYSTEM_REFUSED', reason: '公告内容过长' }] }] });
    expect((await audit.query({ limit: 1 })).records[0]).toMatchObject({ action: 'announce', result: 'refused', params: { text: 'x', audience: 'floor' } });
  });

  it('A8: an unknown outcome is not retried and receipts can still prove delivery', async () => {
    const { ann } = setup({}, 400);
    cs.on(ANNOUNCE, { kind: 'hang' });
    const req = body('未知', { kind: 'teams', teams: ['A'] });
    expect(await ann.send(actors.manager, req)).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(await ann.send(actors.manager, req)).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(cs.count(ANNOUNCE)).toBe(1);
    ann.onMessage('1001', '未知', Date.now());
    const list = await ann.list(actors.manager, { limit: 1 });
    expect(list).toMatchObject({ ok: true, data: [{ delivered: 1, sends: [{ outcome: 'unknown' }] }] });
  });

  it('A9: a double submit sends once; history is scoped to the team lead', async () => {
    const { ann } = setup();
    const req = body('只发一次', { kind: 'teams', teams: ['A'] });
    const [a, b] = await Promise.all([ann.send(actors.leadA, req), ann.send(actors.leadA, req)]);
    expect(b).toEqual(a);
    expect(cs.count(ANNOUNCE)).toBe(1);
    await ann.send(actors.manager, body('B组', { kind: 'teams', teams: ['B'] }));
    const forA = await ann.list(actors.leadA, { limit: 10 });
    const forB = await ann.list(actors.leadB, { limit: 10 });
    expect(forA.ok && forA.data.map((v) => v.text)).toEqual(['只发一次']);
    expect(forB.ok && forB.data.map((v) => v.text)).toEqual(['B组']);
    expect(await ann.list(actors.viewer, { limit: 10 })).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('announcements: wire format', () => {
  it('A3: with floorAsEmptyList a floor announcement sends an empty list; receipts still count the roster', async () => {
    const { ann } = setup({ floorAsEmptyList: true });
    const sent = await ann.send(actors.manager, body('全体', { kind: 'floor' }));
    expect(cs.requests[0]!.params.extnos).toBe('');
    expect(sent).toMatchObject({ ok: true, data: { total: 4 } });
    await ann.send(actors.manager, body('A组', { kind: 'teams', teams: ['A'] }));
    expect(cs.requests[1]!.params.extnos).toBe('1001,1002');
  });
});
