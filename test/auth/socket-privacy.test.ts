/**
 * PR-1 and A-5 on board sockets, role by role, against a real Socket.IO server on port 0:
 * `pop:watch` is refused (FORBIDDEN, counted) for principals without `view_pop` (viewers and
 * display links), and every screen pop a socket receives carries customer numbers masked,
 * CRM form included, unless its role is in PHONE_FULL_ROLES.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/control/actor';
import type { Ack, CallDetail, RealtimeErrorCode } from '@/lib/protocol';
import { createSocketAuth, type SocketAuth } from '@/server/auth/socket-authorize';
import { closeAll as closeRealtime, startServer, waitFor, type ClientSocket, type TestServer } from '../realtime/helpers';
import { makeDetail } from '../realtime/fake-floor';
import { addUser, makeAuth } from './helpers';
import { closeBoardSockets, connectBoard } from './socket-kit';

const CLEAR = '13912345678';
const MASKED = '139****5678';

let socketAuth: SocketAuth | null = null;
afterEach(async () => {
  closeBoardSockets();
  socketAuth?.close();
  await closeRealtime();
});

async function setup(env: Record<string, string> = {}) {
  const { auth } = makeAuth({ env });
  const refused: { event: string; code: RealtimeErrorCode }[] = [];
  socketAuth = createSocketAuth({ auth, onRefused: (event, code) => refused.push({ event, code }) });
  const sa = socketAuth;
  const server = await startServer({ authorize: sa.authorize, extend: (s) => sa.extend(s) });
  const extno = server.floor.expected(['A'])[0]!.extno;
  server.floor.setDetail(extno, detailWith(extno, 's1', CLEAR));
  const cookieOf = async (role: Role) => {
    const user = await addUser(auth, `u-${role}`, role, role === 'team_lead' || role === 'viewer' ? ['A'] : []);
    const { token } = await auth.sessions.create(user.id, { ip: null, userAgent: null });
    return `fb_session=${token}`;
  };
  const displayToken = async () => (await auth.displayLinks.create({ name: 'TV', teams: ['A'], view: {} }, null)).token;
  return { server, extno, refused, cookieOf, displayToken };
}

function detailWith(extno: string, sessionId: string, number: string): CallDetail {
  const base = makeDetail(extno, sessionId);
  return { ...base, customer: { ...base.customer, fields: { ok: true, values: { 备用电话: number, 多选: [`手机 ${number}`] } } } };
}

async function connect(server: TestServer, credential: { cookie?: string; display?: string }): Promise<ClientSocket> {
  const socket = connectBoard(server, credential);
  await new Promise<void>((resolve, reject) => {
    socket.once('floor:snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const watch = (socket: ClientSocket, extno: string): Promise<Ack<CallDetail | null>> => socket.timeout(5000).emitWithAck('pop:watch', { extno });

describe('board sockets: screen pops by role', () => {
  it('PR-1/A-5: a viewer and a display link are refused pop:watch with FORBIDDEN, counted, and get no pop:detail', async () => {
    const { server, extno, refused, cookieOf, displayToken } = await setup();
    const viewer = await connect(server, { cookie: await cookieOf('viewer') });
    const display = await connect(server, { display: await displayToken() });
    const details: unknown[] = [];
    for (const s of [viewer, display]) s.on('pop:detail', (d) => details.push(d));
    for (const s of [viewer, display]) {
      const ack = await watch(s, extno);
      expect(ack).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(refused).toEqual([
      { event: 'pop:watch', code: 'FORBIDDEN' },
      { event: 'pop:watch', code: 'FORBIDDEN' },
    ]);
    server.floor.setDetail(extno, detailWith(extno, 's2', CLEAR));
    await new Promise((r) => setTimeout(r, 200));
    expect(details).toEqual([]);
  });

  it.each(['team_lead', 'manager', 'admin'] as const)('PR-1: a %s without PHONE_FULL_ROLES gets every number masked, in the ack and in later changes', async (role) => {
    const { server, extno, refused, cookieOf } = await setup();
    const socket = await connect(server, { cookie: await cookieOf(role) });
    const later: (CallDetail | null)[] = [];
    socket.on('pop:detail', (d) => later.push(d));
    const ack = await watch(socket, extno);
    expect(ack.ok).toBe(true);
    const text = JSON.stringify(ack);
    expect(text).not.toContain(CLEAR);
    expect(text).toContain(MASKED);
    server.floor.setDetail(extno, detailWith(extno, 's2', '13800001111'));
    await waitFor(() => later.length === 1);
    expect(JSON.stringify(later)).not.toContain('13800001111');
    expect(later[0]?.customer.fields).toEqual({ ok: true, values: { 备用电话: '138****1111', 多选: ['手机 138****1111'] } });
    expect(refused).toEqual([]);
  });

  it('A-3/PR-1: PHONE_FULL_ROLES=manager shows the manager the CRM numbers in full while a team lead watching the same agent still gets them masked', async () => {
    const { server, extno, cookieOf } = await setup({ PHONE_FULL_ROLES: 'manager' });
    const manager = await connect(server, { cookie: await cookieOf('manager') });
    const lead = await connect(server, { cookie: await cookieOf('team_lead') });
    const seen = { manager: [] as (CallDetail | null)[], lead: [] as (CallDetail | null)[] };
    manager.on('pop:detail', (d) => seen.manager.push(d));
    lead.on('pop:detail', (d) => seen.lead.push(d));
    expect(JSON.stringify(await watch(manager, extno))).toContain(CLEAR);
    expect(JSON.stringify(await watch(lead, extno))).not.toContain(CLEAR);
    server.floor.setDetail(extno, detailWith(extno, 's2', '13800001111'));
    await waitFor(() => seen.manager.length === 1 && seen.lead.length === 1);
    expect(seen.manager[0]?.customer.fields).toEqual({ ok: true, values: { 备用电话: '13800001111', 多选: ['手机 13800001111'] } });
    expect(seen.lead[0]?.customer.fields).toEqual({ ok: true, values: { 备用电话: '138****1111', 多选: ['手机 138****1111'] } });
    // The customer's own number field is masked for everyone: the protocol carries no clear copy.
    expect(seen.manager[0]?.customer.phoneMasked).toBe('138****5678');
  });
});
