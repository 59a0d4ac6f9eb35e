/**
 * AU-1..AU-3: the admin routes, their audit records and their guard rails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicUser } from '@/lib/auth/types';
import { PASSWORD, addUser, call, closeAll, makeAuth, signIn, startAuthServer } from './helpers';

afterEach(closeAll);

async function setup() {
  const { auth } = makeAuth();
  const root = await addUser(auth, 'root', 'admin');
  const s = await startAuthServer(auth);
  const admin = await signIn(s.url, 'root');
  return { auth, s, admin, root };
}

describe('admin routes and audit', () => {
  it('AU-1: sign-ins and failed sign-ins are audited; an unknown username is not recorded as typed', async () => {
    const { s, root } = await setup();
    await call(s.url, 'POST', '/api/auth/login', { body: { username: 'root', password: 'wrong-one' } });
    await call(s.url, 'POST', '/api/auth/login', { body: { username: 'my-password-123', password: 'x' } });
    const logins = s.audit.filter((r) => r.action === 'login');
    expect(logins.map((r) => [r.actor.id, r.result, r.code ?? null])).toEqual([
      [root.id, 'ok', null],
      [root.id, 'denied', 'INVALID_CREDENTIALS'],
      ['', 'denied', 'INVALID_CREDENTIALS'],
    ]);
    expect(JSON.stringify(s.audit)).not.toContain('my-password-123');
    expect(logins[0]).toMatchObject({ target: { extno: '', team: '' }, statusBefore: null, params: { ip: '127.0.0.1' } });
  });

  it('AU-1: user creation, role changes and display-link and token changes are audited with before and after', async () => {
    const { s, admin } = await setup();
    const created = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'lea', displayName: 'Lea', role: 'viewer', password: PASSWORD } });
    expect(created.status).toBe(201);
    const lea = created.json.data as PublicUser;
    const promoted = await call(s.url, 'PATCH', `/api/admin/users/${lea.id}`, { cookie: admin, body: { role: 'team_lead', teams: ['A', 'B'] } });
    expect(promoted.json.data).toMatchObject({ role: 'team_lead', teams: ['A', 'B'] });
    const link = await call(s.url, 'POST', '/api/admin/display-links', { cookie: admin, body: { name: 'TV', teams: ['A'] } });
    const linkId = (link.json.data as { link: { id: string } }).link.id;
    await call(s.url, 'POST', `/api/admin/display-links/${linkId}/revoke`, { cookie: admin, body: {} });
    const tok = await call(s.url, 'POST', '/api/admin/tokens', { cookie: admin, body: { name: 'bi', role: 'manager' } });
    await call(s.url, 'POST', `/api/admin/tokens/${(tok.json.data as { info: { id: string } }).info.id}/revoke`, { cookie: admin, body: {} });
    expect(s.audit.map((r) => r.action)).toEqual(['login', 'user_create', 'role_change', 'display_link_create', 'display_link_revoke', 'token_create', 'token_revoke']);
    expect(s.audit.find((r) => r.action === 'role_change')?.params).toMatchObject({ roleBefore: 'viewer', roleAfter: 'team_lead', teamsBefore: '', teamsAfter: 'A,B' });
    expect(s.audit.every((r) => r.result === 'ok' && r.actor.name === 'ROOT')).toBe(true);
    expect(JSON.stringify(s.audit)).not.toContain(PASSWORD);
  });

  it('AU-2: bodies are validated with stable codes', async () => {
    const { s, admin } = await setup();
    const weak = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'x1', displayName: 'X', role: 'viewer', password: 'short' } });
    expect([weak.status, weak.json.code]).toEqual([400, 'BAD_REQUEST']);
    const role = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'x1', displayName: 'X', role: 'owner', password: PASSWORD } });
    expect(role.json.code).toBe('BAD_REQUEST');
    const extra = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'x1', displayName: 'X', role: 'viewer', password: PASSWORD, id: 'mine' } });
    expect(extra.json.code).toBe('BAD_REQUEST');
    const dup = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'ROOT', displayName: 'X', role: 'viewer', password: PASSWORD } });
    expect([dup.status, dup.json.code]).toEqual([409, 'USERNAME_TAKEN']);
    const missing = await call(s.url, 'PATCH', '/api/admin/users/00000000-0000-0000-0000-000000000000', { cookie: admin, body: { role: 'viewer' } });
    expect(missing.json.code).toBe('NOT_FOUND');
    const notJson = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: {}, headers: { 'content-type': 'text/plain' } });
    expect(notJson.json.code).toBe('CSRF_REJECTED');
  });

  it('AU-3: the last enabled admin cannot be demoted, disabled or deleted; nobody disables or demotes themselves', async () => {
    const { auth, s, admin, root } = await setup();
    expect((await call(s.url, 'PATCH', `/api/admin/users/${root.id}`, { cookie: admin, body: { disabled: true } })).json.code).toBe('FORBIDDEN');
    expect((await call(s.url, 'DELETE', `/api/admin/users/${root.id}`, { cookie: admin, body: {} })).json.code).toBe('FORBIDDEN');
    expect(await auth.users.update(root.id, { role: 'manager' })).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
    expect(await auth.users.remove(root.id)).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
    const second = await addUser(auth, 'root2', 'admin');
    const del = await call(s.url, 'DELETE', `/api/admin/users/${second.id}`, { cookie: admin, body: {} });
    expect(del.status).toBe(200);
    expect(await auth.users.update(root.id, { role: 'manager' })).toMatchObject({ ok: false, code: 'LAST_ADMIN' });
  });

  it('AU-3: /api/auth/me tells the browser who it is and what it may do (buttons only; the server decides)', async () => {
    const { auth, s } = await setup();
    await addUser(auth, 'lea', 'team_lead', ['A']);
    const me = await call(s.url, 'GET', '/api/auth/me', { cookie: await signIn(s.url, 'lea') });
    expect(me.json.data).toMatchObject({ kind: 'user', user: { username: 'lea', role: 'team_lead', teams: ['A'] }, teams: ['A'], display: null });
    const perms = (me.json.data as { permissions: string[] }).permissions;
    expect(perms).toContain('view_pop');
    expect(perms).not.toContain('manage_users');
    expect(JSON.stringify(me.json)).not.toMatch(/passwordHash|scrypt/);
  });
});
