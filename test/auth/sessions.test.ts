/**
 * SE-1..SE-5: session ids, cookies, idle and absolute expiry, revocation, listing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '@/server/auth/secrets';
import { PASSWORD, addUser, call, clock, closeAll, cookieFrom, makeAuth, signIn, startAuthServer } from './helpers';

const HOUR = 3_600_000;

afterEach(closeAll);

describe('sessions', () => {
  it('SE-1: the cookie carries 32 random bytes; the store keeps only their SHA-256', async () => {
    const { auth, store } = makeAuth();
    const user = await addUser(auth, 'li', 'viewer');
    const { token, session } = await auth.sessions.create(user.id, { ip: '10.0.0.1', userAgent: 'test' });
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const row = await store.getSession(session.id);
    expect(row?.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await auth.sessions.validate(token)).not.toBeNull();
    expect(await auth.sessions.validate(row!.tokenHash)).toBeNull();
  });

  it('SE-2: sign-in sets fb_session httpOnly, SameSite=Lax, Path=/, Max-Age = absolute limit; Secure when configured', async () => {
    const plain = makeAuth();
    await addUser(plain.auth, 'li', 'viewer');
    const s1 = await startAuthServer(plain.auth);
    const r1 = await call(s1.url, 'POST', '/api/auth/login', { body: { username: 'li', password: PASSWORD } });
    const c1 = r1.headers['set-cookie']!.find((c) => c.startsWith('fb_session='))!;
    expect(c1).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);

    const secure = makeAuth({ env: { COOKIE_SECURE: '1' } });
    await addUser(secure.auth, 'li', 'viewer');
    const s2 = await startAuthServer(secure.auth);
    const r2 = await call(s2.url, 'POST', '/api/auth/login', { body: { username: 'li', password: PASSWORD } });
    expect(r2.headers['set-cookie']!.find((c) => c.startsWith('fb_session='))).toMatch(/; Secure$/);
    expect(r2.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('SE-3: a session unused for the idle limit ends; use pushes the limit back', async () => {
    const c = clock();
    const { auth } = makeAuth({ now: c.now, env: { SESSION_IDLE_MS: String(HOUR), SESSION_ABSOLUTE_MS: String(12 * HOUR) } });
    const user = await addUser(auth, 'li', 'viewer');
    const { token } = await auth.sessions.create(user.id, { ip: null, userAgent: null });
    c.advance(HOUR - 1000);
    expect(await auth.sessions.validate(token)).not.toBeNull();
    c.advance(HOUR - 1000);
    expect(await auth.sessions.validate(token)).not.toBeNull();
    c.advance(HOUR);
    expect(await auth.sessions.validate(token)).toBeNull();
  });

  it('SE-4: a session ends at the absolute limit however busy', async () => {
    const c = clock();
    const { auth } = makeAuth({ now: c.now, env: { SESSION_IDLE_MS: String(HOUR), SESSION_ABSOLUTE_MS: String(3 * HOUR) } });
    const user = await addUser(auth, 'li', 'viewer');
    const { token } = await auth.sessions.create(user.id, { ip: null, userAgent: null });
    for (let i = 0; i < 5; i++) {
      c.advance(30 * 60_000);
      expect(await auth.sessions.validate(token), `after ${(i + 1) * 30} min`).not.toBeNull();
    }
    c.advance(30 * 60_000);
    expect(await auth.sessions.validate(token)).toBeNull();
  });

  it('SE-5: sign-out revokes the session; the cookie is cleared and no longer works', async () => {
    const { auth } = makeAuth();
    await addUser(auth, 'li', 'viewer');
    const s = await startAuthServer(auth);
    const cookie = await signIn(s.url, 'li');
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    const out = await call(s.url, 'POST', '/api/auth/logout', { cookie, body: {} });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']!.find((c) => c.startsWith('fb_session='))).toMatch(/^fb_session=; .*Max-Age=0/);
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie })).json.code).toBe('UNAUTHORIZED');
  });

  it('SE-5: a password change ends every other session, not the current one', async () => {
    const { auth } = makeAuth();
    await addUser(auth, 'li', 'team_lead', ['A']);
    const s = await startAuthServer(auth);
    const laptop = await signIn(s.url, 'li');
    const phone = await signIn(s.url, 'li');
    const r = await call(s.url, 'POST', '/api/auth/password', { cookie: laptop, body: { currentPassword: PASSWORD, newPassword: 'a-new-password' } });
    expect(r.status).toBe(200);
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie: laptop })).status).toBe(200);
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie: phone })).status).toBe(401);
    const wrong = await call(s.url, 'POST', '/api/auth/password', { cookie: laptop, body: { currentPassword: 'not-it', newPassword: 'another-one-1' } });
    expect(wrong.json.code).toBe('WRONG_PASSWORD');
  });

  it('SE-5: disabling a user ends their sessions at once; listSessions shows the live ones', async () => {
    const { auth } = makeAuth();
    const admin = await addUser(auth, 'root', 'admin');
    const li = await addUser(auth, 'li', 'viewer');
    const s = await startAuthServer(auth);
    const adminCookie = await signIn(s.url, 'root');
    const a = await signIn(s.url, 'li');
    await signIn(s.url, 'li');
    const listed = await call(s.url, 'GET', `/api/admin/users/${li.id}/sessions`, { cookie: adminCookie });
    expect(listed.json.data).toHaveLength(2);
    const mine = await call(s.url, 'GET', '/api/auth/sessions', { cookie: a });
    expect((mine.json.data as { current: boolean }[]).filter((x) => x.current)).toHaveLength(1);
    const off = await call(s.url, 'PATCH', `/api/admin/users/${li.id}`, { cookie: adminCookie, body: { disabled: true } });
    expect(off.status).toBe(200);
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie: a })).status).toBe(401);
    expect((await auth.sessions.list(li.id)).length).toBe(0);
    expect(s.audit.map((r) => r.action)).toContain('user_disable');
    expect(admin.role).toBe('admin');
  });

  it('SE-5: a new sign-in replaces the session the browser came with (no fixation)', async () => {
    const { auth } = makeAuth();
    await addUser(auth, 'li', 'viewer');
    const s = await startAuthServer(auth);
    const first = await signIn(s.url, 'li');
    const again = await call(s.url, 'POST', '/api/auth/login', { cookie: first, body: { username: 'li', password: PASSWORD } });
    const second = cookieFrom(again, 'fb_session');
    expect(second).not.toBe(first);
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie: first })).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/auth/me', { cookie: second })).status).toBe(200);
  });
});
