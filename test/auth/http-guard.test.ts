/**
 * HG-1..HG-6: the guard in front of the real Router on a server at port 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pageCsp } from '@/server/auth/security-headers';
import { PASSWORD, addUser, call, closeAll, makeAuth, signIn, startAuthServer } from './helpers';

afterEach(closeAll);

async function setup(env: Record<string, string> = {}) {
  const { auth } = makeAuth({ env });
  await addUser(auth, 'root', 'admin');
  await addUser(auth, 'vic', 'viewer');
  await addUser(auth, 'lea', 'team_lead', ['A']);
  await addUser(auth, 'max', 'manager');
  const s = await startAuthServer(auth);
  return { auth, s };
}

describe('HTTP guard', () => {
  it('HG-1: API routes without a principal are 401, except /api/health and the sign-in', async () => {
    const { s } = await setup();
    expect((await call(s.url, 'GET', '/api/health')).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/api/agents'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/audit.csv'],
      ['GET', '/api/admin/users'],
      ['GET', '/metrics'],
      ['GET', '/api/not-a-route'],
    ] as const) {
      const r = await call(s.url, method, path);
      expect(r.status, path).toBe(401);
      expect(r.json.code, path).toBe('UNAUTHORIZED');
    }
    const bad = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'root', password: 'nope' } });
    expect(bad.json.code).toBe('INVALID_CREDENTIALS');
  });

  it('HG-2: 403 by permission: viewer and lead off admin and export routes, manager off admin routes', async () => {
    const { s } = await setup();
    const vic = await signIn(s.url, 'vic');
    const lea = await signIn(s.url, 'lea');
    const max = await signIn(s.url, 'max');
    const root = await signIn(s.url, 'root');
    const status = async (cookie: string, path: string) => (await call(s.url, 'GET', path, { cookie })).status;
    expect(await status(vic, '/api/agents')).toBe(200);
    expect(await status(vic, '/api/audit.csv')).toBe(403);
    expect(await status(lea, '/api/audit.csv')).toBe(403);
    expect(await status(max, '/api/audit.csv')).toBe(200);
    expect(await status(max, '/api/admin/users')).toBe(403);
    expect(await status(root, '/api/admin/users')).toBe(200);
    expect((await call(s.url, 'GET', '/api/agents', { cookie: lea })).json).toEqual({ teams: ['A'] });
    // A state-changing route no rule names is refused even for an admin (deny by default).
    expect((await call(s.url, 'POST', '/api/unclassified', { cookie: root, body: {} })).json.code).toBe('FORBIDDEN');
  });

  it('HG-3: a cookie-authenticated state change needs JSON and a same-origin Origin or Referer', async () => {
    const { s } = await setup();
    const lea = await signIn(s.url, 'lea');
    const body = { requestId: crypto.randomUUID() };
    const path = '/api/agents/1001/hold';
    expect((await call(s.url, 'POST', path, { cookie: lea, body })).status).toBe(200);
    const evil = await call(s.url, 'POST', path, { cookie: lea, body, headers: { origin: 'https://evil.example' } });
    expect([evil.status, evil.json.code]).toEqual([403, 'CSRF_REJECTED']);
    const form = await call(s.url, 'POST', path, { cookie: lea, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.json.code).toBe('CSRF_REJECTED');
    const none = await call(s.url, 'POST', path, { cookie: lea, body, headers: { origin: '' } });
    expect(none.json.code).toBe('CSRF_REJECTED');
    const viaReferer = await call(s.url, 'POST', path, { cookie: lea, body, headers: { origin: '', referer: `${s.url}/team/A` } });
    expect(viaReferer.status).toBe(200);
    const nullOrigin = await call(s.url, 'POST', path, { cookie: lea, body, headers: { origin: 'null' } });
    expect(nullOrigin.json.code).toBe('CSRF_REJECTED');
    // Login CSRF too: signing a victim into the attacker's account from another site.
    const login = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'lea', password: PASSWORD }, headers: { origin: 'https://evil.example' } });
    expect(login.json.code).toBe('CSRF_REJECTED');
  });

  it('HG-3: ALLOWED_ORIGINS admits a named origin for state changes', async () => {
    const { s } = await setup({ ALLOWED_ORIGINS: 'http://board.example:3001' });
    const lea = await signIn(s.url, 'lea');
    const r = await call(s.url, 'POST', '/api/agents/1001/hold', { cookie: lea, body: { requestId: crypto.randomUUID() }, headers: { origin: 'http://board.example:3001' } });
    expect(r.status).toBe(200);
  });

  it('HG-4: every response carries the security headers; pages a nonce CSP without unsafe-eval', async () => {
    const { s } = await setup();
    const root = await signIn(s.url, 'root');
    for (const path of ['/api/health', '/api/agents', '/login', '/board', '/metrics']) {
      const r = await call(s.url, 'GET', path, { cookie: root });
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['referrer-policy'], path).toBe('same-origin');
      expect(r.headers['x-frame-options'], path).toBe('DENY');
      expect(r.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(r.headers['content-security-policy'], path).not.toContain('unsafe-eval');
    }
    const page = await call(s.url, 'GET', '/board', { cookie: root });
    const csp = page.headers['content-security-policy'] as string;
    const nonce = (page.json as { nonce: string }).nonce;
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const again = await call(s.url, 'GET', '/board', { cookie: root });
    expect((again.json as { nonce: string }).nonce).not.toBe(nonce);
    expect((await call(s.url, 'GET', '/api/health')).headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });

  it("HG-4: development adds 'unsafe-eval'; CSP_SCRIPTS=inline falls back to 'unsafe-inline' scripts", () => {
    expect(pageCsp({ dev: true, secure: false, scripts: 'nonce' }, 'abc')).toContain("'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
    const inline = pageCsp({ dev: false, secure: true, scripts: 'inline' }, null);
    expect(inline).toContain("script-src 'self' 'unsafe-inline';");
    expect(inline).toContain('upgrade-insecure-requests');
  });

  it('HG-5: /metrics needs view_metrics, from a session or a token', async () => {
    const { auth, s } = await setup();
    expect((await call(s.url, 'GET', '/metrics', { cookie: await signIn(s.url, 'lea') })).status).toBe(403);
    expect((await call(s.url, 'GET', '/metrics', { cookie: await signIn(s.url, 'max') })).status).toBe(200);
    const scraper = await auth.tokens.create({ name: 'prometheus', role: 'admin', teams: [], access: 'read' }, null);
    const r = await call(s.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${scraper.token}` } });
    expect([r.status, r.text]).toEqual([200, '# metrics\n']);
    const viewerToken = await auth.tokens.create({ name: 'v', role: 'viewer', teams: [], access: 'read' }, null);
    expect((await call(s.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${viewerToken.token}` } })).status).toBe(403);
  });

  it('HG-6: pages redirect to /login without a principal; /login and assets are public; /admin is for admins', async () => {
    const { s } = await setup();
    const r = await call(s.url, 'GET', '/team/A?lang=en');
    expect([r.status, r.headers.location]).toEqual([303, '/login?next=%2Fteam%2FA%3Flang%3Den']);
    expect((await call(s.url, 'GET', '/login')).status).toBe(200);
    expect((await call(s.url, 'GET', '/_next/static/chunks/main.js')).status).toBe(200);
    expect((await call(s.url, 'GET', '/admin', { cookie: await signIn(s.url, 'max') })).status).toBe(403);
    expect((await call(s.url, 'GET', '/admin', { cookie: await signIn(s.url, 'root') })).status).toBe(200);
  });

  it('HG-7: the control route gets the signed-in actor (not LOCAL_OPERATOR) through actorFor(req)', async () => {
    const { s } = await setup();
    const lea = await signIn(s.url, 'lea');
    await call(s.url, 'POST', '/api/agents/1001/hold', { cookie: lea, body: { requestId: crypto.randomUUID() } });
    expect(s.acted).toEqual([expect.objectContaining({ name: 'LEA', role: 'team_lead', teams: ['A'] })]);
  });
});
