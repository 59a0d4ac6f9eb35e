/**
 * C12 / PR-1 extended to every role (issue 6): one session of reads and actions by a viewer, a
 * team lead, a manager, an admin and a display link against the real server, capturing every
 * HTTP response body, every Socket.IO frame and ack each of them received, and every log line.
 * No agent token may appear anywhere; customer numbers and the supervisor's typed three-way
 * number only masked; a user's own phone only for that user and the admins who manage users.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/control/actor';
import { maskPhone } from '@/lib/domain/customer';
import { SOCKET_PATH } from '@/lib/protocol';
import type { Floorboard } from '@/server/index';
import { createLogger } from '@/server/log';
import { captureStream } from '../control/control-test-kit';
import type { ClientSocket } from '../realtime/helpers';
import { startLive, waitUntil } from './live-harness';

const PASSWORD = 'correct horse battery';
const MEETING_TEL = '13900001111';
const LEAD_PHONE = '13512345678';

let app: Floorboard | null = null;
const sockets: ClientSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
  app = null;
});

interface Seat {
  name: string;
  headers: Record<string, string>;
  socketAuth: Record<string, string>;
  seen: string[];
}

async function signIn(a: Floorboard, username: string): Promise<string> {
  const res = await fetch(`${a.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: a.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().find((c) => c.startsWith('fb_session='))!.split(';')[0]!;
}

async function http(a: Floorboard, seat: Seat, method: string, path: string, body?: unknown): Promise<string> {
  const res = await fetch(`${a.url}${path}`, {
    method,
    headers: { ...seat.headers, origin: a.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  seat.seen.push(`${method} ${path} ${res.status} ${JSON.stringify([...res.headers])} ${text}`);
  return text;
}

async function connect(a: Floorboard, seat: Seat): Promise<ClientSocket> {
  const socket = io(a.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: seat.socketAuth,
    extraHeaders: { ...seat.headers, origin: a.url },
  }) as ClientSocket;
  sockets.push(socket);
  socket.onAny((event: string, ...args: unknown[]) => seat.seen.push(`frame ${event} ${JSON.stringify(args)}`));
  await new Promise<void>((resolve, reject) => {
    socket.once('floor:snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function emit(socket: ClientSocket, seat: Seat, event: string, payload: unknown): Promise<unknown> {
  const reply = await (socket.timeout(8000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
  seat.seen.push(`ack ${event} ${JSON.stringify(reply)}`);
  return reply;
}

describe('nothing secret reaches any role', () => {
  it('C12/PR-1: viewer, team lead, manager, admin and display link see no agent token and only masked numbers, in HTTP, socket frames and logs', async () => {
    const capture = captureStream();
    app = await startLive(
      { SIM_AGENTS: '6', SIM_TEAMS: '2', LOG_LEVEL: 'trace' },
      { simulator: { dynamics: false }, log: createLogger({ level: 'trace', destination: capture.stream }) },
    );
    const a = app;
    const sim = a.simulator!;
    await waitUntil(() => a.floor.health().linksLive === 6, 'links live');
    const team = sim.roster[0]!.team;
    const mine = sim.roster.filter((r) => r.team === team).map((r) => r.extno);
    const [e0, e1] = mine as [string, string];
    for (const e of [e0, e1]) {
      sim.control.signIn(e, { keep: true });
      sim.control.startCall(e, { keep: true });
    }
    await waitUntil(() => a.floor.agent(e0)?.call !== null && a.floor.agent(e1)?.call !== null, 'calls open');
    const customerPhones = [e0, e1].map((e) => sim.control.call(e)!.telephone);

    const users: [Role, string[], string | null][] = [
      ['viewer', [], null],
      ['team_lead', [team], LEAD_PHONE],
      ['manager', [], null],
      ['admin', [], null],
    ];
    const seats: Seat[] = [];
    for (const [role, teams, phone] of users) {
      const r = await a.auth.auth.users.create({ username: `leak-${role}`, displayName: role, role, teams, password: PASSWORD, phone });
      expect(r.ok).toBe(true);
      seats.push({ name: role, headers: { cookie: await signIn(a, `leak-${role}`) }, socketAuth: {}, seen: [] });
    }
    const { token: displayToken } = await a.auth.auth.displayLinks.create({ name: 'TV', teams: [team], view: {} }, null);
    seats.push({ name: 'display', headers: {}, socketAuth: { display: displayToken }, seen: [] });

    for (const seat of seats) {
      const socket = await connect(a, seat);
      await emit(socket, seat, 'pop:watch', { extno: e0 });
      const act = (action: string, params?: Record<string, unknown>) => emit(socket, seat, 'control:act', { action, extno: e0, requestId: randomUUID(), ...(params ? { params } : {}) });
      await act('get_msg');
      await act('send_sms', { msg: '您好，这是回访短信' });
      await act('meeting', { tel: MEETING_TEL });
      await act('hold');
      await act('logout', { mode: 'after_call' });
      await act('cancel_signout');
      for (const path of ['/api/auth/me', '/api/agents', `/api/agents/${e0}`, `/api/agents/${e1}`, '/api/announcements', '/api/audit?limit=500', '/api/audit.csv', '/api/alerts', '/api/auth/sessions']) {
        await http(a, seat, 'GET', path);
      }
      await http(a, seat, 'POST', `/api/agents/${e1}/meeting`, { requestId: randomUUID(), tel: MEETING_TEL });
      await http(a, seat, 'POST', '/api/announcements', { requestId: randomUUID(), text: '请注意', audience: { kind: 'teams', teams: [team] } });
      if (seat.name === 'admin') for (const path of ['/api/admin/users', '/api/admin/display-links', '/api/admin/tokens']) await http(a, seat, 'GET', path);
    }
    // A change after everyone watches: deltas and pop details flow to every socket.
    sim.control.endCall(e0, { wrapUp: true });
    await waitUntil(() => a.floor.agent(e0)?.status === 'wrap_up', 'wrap-up shown');
    await new Promise((r) => setTimeout(r, 500));

    const bySeat = Object.fromEntries(seats.map((s) => [s.name, s.seen.join('\n')]));
    // The secrets were really in play, and each role really got its answers.
    expect(sim.records.meetings.some((m) => m.tel === MEETING_TEL)).toBe(true);
    expect(bySeat.team_lead).toContain(maskPhone(customerPhones[0]!));
    expect(bySeat.manager).toMatch(/"action":"get_msg".*"ok":true|"ok":true.*"action":"get_msg"/);
    expect(bySeat.viewer).toContain('"code":"FORBIDDEN"');
    expect(bySeat.display).toContain('"code":"FORBIDDEN"');
    expect(capture.lines.length).toBeGreaterThan(20);
    // The viewer's and the display's pop:watch were refused and counted (PR-2).
    const refusedPops = (await a.metrics.badRequests.get()).values.filter((v) => v.labels.surface === 'socket' && v.labels.code === 'FORBIDDEN');
    expect(refusedPops.reduce((n, v) => n + v.value, 0)).toBe(2);

    const tokens = sim.roster.map((r) => r.token);
    const logs = capture.lines.join('\n');
    for (const [name, text] of [...Object.entries(bySeat), ['logs', logs] as const]) {
      for (const token of tokens) expect(text, `${name}: agent token`).not.toContain(token);
      for (const phone of [...customerPhones, MEETING_TEL]) expect(text, `${name}: ${phone}`).not.toContain(phone);
      const ownPhoneAllowed = name === 'team_lead' || name === 'admin';
      if (!ownPhoneAllowed) expect(text, `${name}: the lead's own phone`).not.toContain(LEAD_PHONE);
    }
    expect(bySeat.team_lead).toContain(LEAD_PHONE);
  });
});
