/**
 * SO-1..SO-7: the realtime authorize hook and the per-credential rooms, against a real
 * Socket.IO server on port 0 (the realtime layer's own test server) and socket.io-client.
 * Session expiry uses the auth's injected clock and a short re-check interval.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FloorSnapshot } from '@/lib/protocol';
import { decodeSnapshot } from '@/lib/wire';
import { createSocketAuth, type SocketAuth } from '@/server/auth/socket-authorize';
import { closeAll as closeRealtime, startServer, waitFor, type ClientSocket } from '../realtime/helpers';
import { addUser, clock, makeAuth, type Clock } from './helpers';
import { closeBoardSockets, connectBoard } from './socket-kit';

let socketAuth: SocketAuth | null = null;
afterEach(async () => {
  closeBoardSockets();
  socketAuth?.close();
  await closeRealtime();
});

async function setup(options: { wire?: boolean; env?: Record<string, string> } = {}) {
  const c: Clock = clock(Date.now());
  const { auth } = makeAuth({ now: c.now, env: { SESSION_ABSOLUTE_MS: String(3_600_000), SESSION_IDLE_MS: String(1_800_000), ...options.env } });
  socketAuth = createSocketAuth({ auth, recheckMs: 100 });
  const sa = socketAuth;
  const server = await startServer({ authorize: sa.authorize, extend: (s) => sa.extend(s) });
  if (options.wire !== false) sa.wire(server.realtime.io);
  const session = async (username: string) => {
    const user = (await auth.store.getUserByUsername(username))!;
    const { token, session } = await auth.sessions.create(user.id, { ip: null, userAgent: null });
    return { cookie: `fb_session=${token}`, sessionId: session.id, user };
  };
  return { auth, server, clock: c, session };
}

const connect = connectBoard;

function outcome(socket: ClientSocket): Promise<{ connected: true; snapshot: FloorSnapshot } | { connected: false; code: string | undefined }> {
  return new Promise((resolve) => {
    socket.once('floor:snapshot', (snapshot) => resolve({ connected: true, snapshot: decodeSnapshot(snapshot) }));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve({ connected: false, code: err.data?.code }));
  });
}

const teamsOf = (s: FloorSnapshot) => [...new Set(s.agents.map((a) => a.team))].sort();

describe('socket authorize', () => {
  it('SO-1: a socket without a valid credential is refused with UNAUTHORIZED', async () => {
    const { server } = await setup();
    expect(await outcome(connect(server))).toEqual({ connected: false, code: 'UNAUTHORIZED' });
    expect(await outcome(connect(server, { cookie: 'fb_session=forged-value' }))).toEqual({ connected: false, code: 'UNAUTHORIZED' });
    expect(await outcome(connect(server, { display: 'fbd_' + 'x'.repeat(43) }))).toEqual({ connected: false, code: 'UNAUTHORIZED' });
  });

  it('SO-2: a foreign Origin is refused even with a valid cookie; ALLOWED_ORIGINS admits one', async () => {
    const { auth, server, session } = await setup({ env: { ALLOWED_ORIGINS: 'http://wall.example' } });
    await addUser(auth, 'max', 'manager');
    const { cookie } = await session('max');
    expect(await outcome(connect(server, { cookie, origin: 'https://evil.example' }))).toEqual({ connected: false, code: 'UNAUTHORIZED' });
    expect((await outcome(connect(server, { cookie, origin: 'http://wall.example' }))).connected).toBe(true);
    expect((await outcome(connect(server, { cookie }))).connected).toBe(true);
  });

  it('SO-3: a display-link socket sees only its teams; asking for another team is FORBIDDEN', async () => {
    const { auth, server } = await setup();
    const { token } = await auth.displayLinks.create({ name: 'TV', teams: ['A'], view: {} }, null);
    const r = await outcome(connect(server, { display: token }));
    expect(r.connected && teamsOf(r.snapshot)).toEqual(['A']);
    expect(await outcome(connect(server, { display: token, teams: 'B' }))).toEqual({ connected: false, code: 'FORBIDDEN' });
    // The display cookie works the same way (what a TV that opened /d/<token> sends).
    const viaCookie = await outcome(connect(server, { cookie: `fb_display=${token}`, teams: 'A,C' }));
    expect(viaCookie.connected && teamsOf(viaCookie.snapshot)).toEqual(['A']);
  });

  it("SO-3: a team lead's socket is held to the lead's teams; a manager sees the floor", async () => {
    const { auth, server, session } = await setup();
    await addUser(auth, 'lea', 'team_lead', ['B', 'C']);
    await addUser(auth, 'max', 'manager');
    const lead = await outcome(connect(server, { cookie: (await session('lea')).cookie }));
    expect(lead.connected && teamsOf(lead.snapshot)).toEqual(['B', 'C']);
    const mgr = await outcome(connect(server, { cookie: (await session('max')).cookie }));
    expect(mgr.connected && teamsOf(mgr.snapshot)).toEqual(['A', 'B', 'C']);
  });

  it('SO-4: revoking a display link disconnects its open sockets within a second (and only those)', async () => {
    const { auth, server } = await setup();
    const tv1 = await auth.displayLinks.create({ name: 'TV1', teams: ['A'], view: {} }, null);
    const tv2 = await auth.displayLinks.create({ name: 'TV2', teams: '*', view: {} }, null);
    const a = connect(server, { display: tv1.token });
    const b = connect(server, { display: tv2.token });
    await Promise.all([outcome(a), outcome(b)]);
    const t0 = Date.now();
    await auth.displayLinks.revoke(tv1.link.id);
    await waitFor(() => !a.connected, 'revoked display disconnected', 1_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 250));
    expect(b.connected).toBe(true);
    expect(await outcome(connect(server, { display: tv1.token }))).toEqual({ connected: false, code: 'LINK_REVOKED' });
  });

  it('SO-8: a revoked link\'s own token is refused with LINK_REVOKED, an expired one with LINK_EXPIRED; any other token stays UNAUTHORIZED', async () => {
    const { auth, server, clock: c } = await setup();
    const revoked = await auth.displayLinks.create({ name: 'TV1', teams: '*', view: {} }, null);
    const expiring = await auth.displayLinks.create({ name: 'TV2', teams: '*', view: {}, expiresAt: c.now() + 60_000 }, null);
    await auth.displayLinks.revoke(revoked.link.id);
    expect(await outcome(connect(server, { display: revoked.token }))).toEqual({ connected: false, code: 'LINK_REVOKED' });
    // The display cookie (what a TV that opened /d/<token> sends) answers the same.
    expect(await outcome(connect(server, { cookie: `fb_display=${revoked.token}` }))).toEqual({ connected: false, code: 'LINK_REVOKED' });
    expect((await outcome(connect(server, { display: expiring.token }))).connected).toBe(true);
    c.advance(60_000);
    expect(await outcome(connect(server, { display: expiring.token }))).toEqual({ connected: false, code: 'LINK_EXPIRED' });
    // Unknown tokens learn nothing: well-formed, malformed, or one character off a revoked one.
    const offByOne = revoked.token.slice(0, -1) + (revoked.token.endsWith('A') ? 'B' : 'A');
    for (const display of ['fbd_' + 'x'.repeat(43), 'not-a-token', offByOne]) {
      expect(await outcome(connect(server, { display })), display).toEqual({ connected: false, code: 'UNAUTHORIZED' });
    }
    // A foreign Origin, or a failed bearer header beside it, is refused plainly.
    expect(await outcome(connect(server, { display: revoked.token, origin: 'https://evil.example' }))).toEqual({ connected: false, code: 'UNAUTHORIZED' });
    expect(await outcome(connect(server, { display: revoked.token, authorization: 'Bearer fbt_nope' }))).toEqual({ connected: false, code: 'UNAUTHORIZED' });
  });

  it('SO-4: without the event (another node revoked it) the periodic re-check still cuts the socket off', async () => {
    const { auth, server } = await setup({ wire: false });
    const tv = await auth.displayLinks.create({ name: 'TV', teams: '*', view: {} }, null);
    const s = connect(server, { display: tv.token });
    await outcome(s);
    await auth.store.revokeDisplayLink(tv.link.id, Date.now());
    await waitFor(() => !s.connected, 're-check disconnect', 2_000);
  });

  it('SO-5: a session that expires while connected is cut off at the next re-check', async () => {
    const { auth, server, session, clock: c } = await setup();
    await addUser(auth, 'max', 'manager');
    const s = connect(server, { cookie: (await session('max')).cookie });
    expect((await outcome(s)).connected).toBe(true);
    // An open board counts as use: the idle limit (30 min) alone does not end it...
    for (const minutes of [20, 20, 19]) {
      c.advance(minutes * 60_000);
      await new Promise((r) => setTimeout(r, 250));
      expect(s.connected, `after another ${minutes} min`).toBe(true);
    }
    // ...the absolute limit (1 h) does.
    c.advance(60_000);
    await waitFor(() => !s.connected, 'expired session disconnected', 2_000);
  });

  it('SO-6: sign-out closes that session\'s sockets only; a password change closes the other sessions\' sockets', async () => {
    const { auth, server, session } = await setup();
    const user = await addUser(auth, 'lea', 'team_lead', ['A']);
    const laptop = await session('lea');
    const wall = await session('lea');
    const other = await session('lea');
    const a = connect(server, { cookie: laptop.cookie });
    const b = connect(server, { cookie: wall.cookie });
    const c = connect(server, { cookie: other.cookie });
    await Promise.all([outcome(a), outcome(b), outcome(c)]);
    await auth.sessions.revoke(wall.sessionId);
    await waitFor(() => !b.connected, 'signed-out socket closed', 1_000);
    expect(a.connected && c.connected).toBe(true);
    const r = await auth.users.changeOwnPassword(user.id, 'correct horse battery', 'a-new-password', laptop.sessionId);
    expect(r.ok).toBe(true);
    await waitFor(() => !c.connected, 'other session closed', 1_000);
    await new Promise((res) => setTimeout(res, 250));
    expect(a.connected).toBe(true);
  });

  it("SO-7: a role or team change closes the user's sockets, which reconnect with the new scope", async () => {
    const { auth, server, session } = await setup();
    const user = await addUser(auth, 'lea', 'team_lead', ['A']);
    const { cookie } = await session('lea');
    const s = connect(server, { cookie });
    const first = await outcome(s);
    expect(first.connected && teamsOf(first.snapshot)).toEqual(['A']);
    await auth.users.update(user.id, { teams: ['C'] });
    await waitFor(() => !s.connected, 'socket closed after team change', 1_000);
    const again = await outcome(connect(server, { cookie }));
    expect(again.connected && teamsOf(again.snapshot)).toEqual(['C']);
  });
});
