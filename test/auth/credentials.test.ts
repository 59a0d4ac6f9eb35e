/**
 * DL-1..DL-4 (display links) and TK-1..TK-3 (API tokens): created by admins, hashed at rest,
 * used without a sign-in, revoked at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DisplayLinkInfo } from '@/lib/auth/types';
import { hashSecret } from '@/server/auth/secrets';
import { addUser, call, clock, closeAll, cookieFrom, makeAuth, signIn, startAuthServer } from './helpers';

afterEach(closeAll);

async function adminServer(now?: () => number) {
  const { auth, store } = makeAuth(now ? { now } : {});
  await addUser(auth, 'root', 'admin');
  const s = await startAuthServer(auth);
  const admin = await signIn(s.url, 'root');
  return { auth, store, s, admin };
}

describe('display links', () => {
  it('DL-1: an admin creates a link; the token is shown once, only its hash is stored', async () => {
    const { store, s, admin } = await adminServer();
    const r = await call(s.url, 'POST', '/api/admin/display-links', {
      cookie: admin,
      body: { name: 'TV east', teams: ['A', 'B'], view: { density: 'compact', sort: 'time', lang: 'en' } },
    });
    expect(r.status).toBe(201);
    const { token, path, link } = r.json.data as { token: string; path: string; link: DisplayLinkInfo };
    expect(token).toMatch(/^fbd_[A-Za-z0-9_-]{43}$/);
    expect(path).toBe(`/d/${token}`);
    expect(link).toMatchObject({ name: 'TV east', teams: ['A', 'B'], view: { density: 'compact', sort: 'time', lang: 'en' }, lastUsedAt: null });
    const row = await store.getDisplayLink(link.id);
    expect(row?.tokenHash).toBe(hashSecret(token));
    const listed = await call(s.url, 'GET', '/api/admin/display-links', { cookie: admin });
    expect(JSON.stringify(listed.json)).not.toContain(token);
  });

  it('DL-1: an empty team list is refused (never read as "all"); the whole floor is an explicit "*"', async () => {
    const { s, admin } = await adminServer();
    expect((await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'x', teams: [] } })).json.code).toBe('BAD_REQUEST');
    const all = await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'x', teams: '*' } });
    expect((all.json.data as { link: DisplayLinkInfo }).link.teams).toBe('*');
  });

  it('DL-2: opening /d/<token> sets an httpOnly display cookie and redirects to the board with the view; it reads, scoped, records last use', async () => {
    const c = clock();
    const { auth, s, admin } = await adminServer(c.now);
    const created = await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'TV', teams: ['A'], view: { density: 'micro', lang: 'zh-CN' } } });
    const { path, link } = created.json.data as { path: string; link: DisplayLinkInfo };
    c.advance(5_000);
    const open = await call(s.url, 'GET', path);
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe('/board?team=A&density=micro&lang=zh-CN');
    const display = cookieFrom(open, 'fb_display');
    expect(open.headers['set-cookie']!.join()).toMatch(/fb_display=.*HttpOnly; SameSite=Lax/);
    expect((await auth.displayLinks.list())[0]?.lastUsedAt).toBe(c.now());

    const board = await call(s.url, 'GET', '/board?team=A', { cookie: display });
    expect(board.json).toMatchObject({ page: '/board' });
    const agents = await call(s.url, 'GET', '/api/agents', { cookie: display });
    expect(agents.json).toEqual({ teams: ['A'] });
    // Read-only: no action, no audit, no admin, no other page.
    expect((await call(s.url, 'POST', '/api/agents/1001/hold', { cookie: display, body: { requestId: crypto.randomUUID() } })).json.code).toBe('FORBIDDEN');
    expect((await call(s.url, 'GET', '/api/audit.csv', { cookie: display })).status).toBe(403);
    expect((await call(s.url, 'GET', '/agent/1001', { cookie: display })).headers.location).toBe('/board?team=A&density=micro&lang=zh-CN');
    expect(link.id).toBeTruthy();
  });

  it('DL-3: a revoked link is refused at once (cookie, header, /d/ path, ?display=)', async () => {
    const { s, admin } = await adminServer();
    const created = await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'TV', teams: '*' } });
    const { token, path, link } = created.json.data as { token: string; path: string; link: DisplayLinkInfo };
    const display = cookieFrom(await call(s.url, 'GET', path), 'fb_display');
    expect((await call(s.url, 'GET', '/api/agents', { cookie: display })).status).toBe(200);
    const revoked = await call(s.url, 'POST', `/api/admin/display-links/${link.id}/revoke`, { cookie: admin, body: {} });
    expect(revoked.json.data).toMatchObject({ id: link.id, revokedAt: expect.any(Number) });
    expect((await call(s.url, 'GET', '/api/agents', { cookie: display })).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/agents', { headers: { 'x-floorboard-display': token } })).status).toBe(401);
    expect((await call(s.url, 'GET', path)).status).toBe(401);
    expect((await call(s.url, 'GET', `/board?display=${token}`)).status).toBe(401);
  });

  it('DL-4: /board?display=<token> trades the token for the cookie and drops it from the address', async () => {
    const { s, admin } = await adminServer();
    const created = await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'TV', teams: ['B'], view: { sort: 'name' } } });
    const { token } = created.json.data as { token: string };
    const r = await call(s.url, 'GET', `/board?display=${token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/board?team=B&sort=name');
    expect(cookieFrom(r, 'fb_display')).toBe(`fb_display=${token}`);
  });

  it('DL-4: an expired link stops working', async () => {
    const c = clock();
    const { s, admin } = await adminServer(c.now);
    const created = await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'TV', teams: '*', expiresAt: c.now() + 60_000 } });
    const { token } = created.json.data as { token: string };
    expect((await call(s.url, 'GET', '/api/agents', { headers: { 'x-floorboard-display': token } })).status).toBe(200);
    c.advance(60_000);
    expect((await call(s.url, 'GET', '/api/agents', { headers: { 'x-floorboard-display': token } })).status).toBe(401);
  });
});

describe('API tokens', () => {
  async function token(s: { url: string }, admin: string, body: Record<string, unknown>) {
    const r = await call(s.url, 'POST', '/api/admin/tokens', { cookie: admin, body });
    expect(r.status).toBe(201);
    return r.json.data as { token: string; info: { id: string } };
  }

  it('TK-1: a bearer token authenticates; it is hashed at rest and listed without the secret', async () => {
    const { store, s, admin } = await adminServer();
    const t = await token(s, admin, { name: 'exporter', role: 'manager', access: 'read' });
    expect(t.token).toMatch(/^fbt_/);
    expect((await store.getApiToken(t.info.id))?.tokenHash).toBe(hashSecret(t.token));
    const auth = { authorization: `Bearer ${t.token}` };
    expect((await call(s.url, 'GET', '/api/audit.csv', { headers: auth })).status).toBe(200);
    expect((await call(s.url, 'GET', '/api/agents', { headers: auth })).json).toEqual({ teams: '*' });
    expect(JSON.stringify((await call(s.url, 'GET', '/api/admin/tokens', { cookie: admin })).json)).not.toContain(t.token);
    // A wrong bearer is a 401 even with a valid cookie beside it.
    expect((await call(s.url, 'GET', '/api/agents', { cookie: admin, headers: { authorization: 'Bearer fbt_wrong' } })).status).toBe(401);
  });

  it('TK-2: a read token never changes state; an acting token acts as its role; no token administers', async () => {
    const { s, admin } = await adminServer();
    const read = await token(s, admin, { name: 'r', role: 'admin', access: 'read' });
    const act = await token(s, admin, { name: 'a', role: 'team_lead', teams: ['A'], access: 'act' });
    const body = { requestId: crypto.randomUUID() };
    const r1 = await call(s.url, 'POST', '/api/agents/1001/hold', { headers: { authorization: `Bearer ${read.token}` }, body });
    expect(r1.json.code).toBe('FORBIDDEN');
    const r2 = await call(s.url, 'POST', '/api/agents/1001/hold', { headers: { authorization: `Bearer ${act.token}` }, body });
    expect(r2.status).toBe(200);
    expect(s.acted).toEqual([expect.objectContaining({ id: `token:${act.info.id}`, role: 'team_lead', teams: ['A'] })]);
    const r3 = await call(s.url, 'GET', '/api/admin/users', { headers: { authorization: `Bearer ${read.token}` } });
    expect(r3.json.code).toBe('FORBIDDEN');
  });

  it('TK-3: a revoked or expired token stops at once', async () => {
    const c = clock();
    const { s, admin } = await adminServer(c.now);
    const t = await token(s, admin, { name: 'x', role: 'manager' });
    const e = await token(s, admin, { name: 'y', role: 'manager', expiresAt: c.now() + 1000 });
    const h = (v: string) => ({ headers: { authorization: `Bearer ${v}` } });
    expect((await call(s.url, 'GET', '/metrics', h(t.token))).status).toBe(200);
    await call(s.url, 'POST', `/api/admin/tokens/${t.info.id}/revoke`, { cookie: admin, body: {} });
    expect((await call(s.url, 'GET', '/metrics', h(t.token))).status).toBe(401);
    expect((await call(s.url, 'GET', '/metrics', h(e.token))).status).toBe(200);
    c.advance(1000);
    expect((await call(s.url, 'GET', '/metrics', h(e.token))).status).toBe(401);
  });
});
