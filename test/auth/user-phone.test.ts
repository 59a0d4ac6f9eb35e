/**
 * Issue 5's three-way default: a user's own phone or extension, set by an admin, validated with
 * the control path's `tel` rule, answered by /api/auth/me to that user only, and never written
 * into the audit trail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MeResponse, PublicUser } from '@/lib/auth/types';
import { PASSWORD, addUser, call, closeAll, makeAuth, signIn, startAuthServer } from './helpers';

afterEach(closeAll);

async function setup() {
  const { auth } = makeAuth();
  await addUser(auth, 'root', 'admin');
  const s = await startAuthServer(auth);
  const admin = await signIn(s.url, 'root');
  return { auth, s, admin };
}

describe("a user's own phone", () => {
  it('UP-1: an admin sets it at creation and changes or clears it later; "" and null clear it', async () => {
    const { s, admin } = await setup();
    const created = await call(s.url, 'POST', '/api/admin/users', {
      cookie: admin,
      body: { username: 'lea', displayName: 'Lea', role: 'team_lead', teams: ['A'], password: PASSWORD, phone: ' 8001 ' },
    });
    const lea = created.json.data as PublicUser;
    expect(lea.phone).toBe('8001');
    const changed = await call(s.url, 'PATCH', `/api/admin/users/${lea.id}`, { cookie: admin, body: { phone: '+86-138-0000-1111' } });
    expect((changed.json.data as PublicUser).phone).toBe('+86-138-0000-1111');
    for (const clear of ['', null]) {
      await call(s.url, 'PATCH', `/api/admin/users/${lea.id}`, { cookie: admin, body: { phone: '8002' } });
      const cleared = await call(s.url, 'PATCH', `/api/admin/users/${lea.id}`, { cookie: admin, body: { phone: clear } });
      expect((cleared.json.data as PublicUser).phone).toBeNull();
    }
    const plain = await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'vic', displayName: 'Vic', role: 'viewer', password: PASSWORD } });
    expect((plain.json.data as PublicUser).phone).toBeNull();
  });

  it('UP-2: anything but digits, + and - (3-20 characters) is BAD_REQUEST naming the field, and nothing changes', async () => {
    const { s, admin } = await setup();
    const lea = (await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'lea', displayName: 'Lea', role: 'team_lead', password: PASSWORD, phone: '8001' } })).json
      .data as PublicUser;
    for (const bad of ['12', '138 0000 1111', '1'.repeat(21), 'tel:8001', 8001]) {
      const r = await call(s.url, 'PATCH', `/api/admin/users/${lea.id}`, { cookie: admin, body: { phone: bad } });
      expect([r.status, r.json.code]).toEqual([400, 'BAD_REQUEST']);
      expect(String(r.json.message)).toMatch(/^phone/);
    }
    const list = (await call(s.url, 'GET', '/api/admin/users', { cookie: admin })).json.data as PublicUser[];
    expect(list.find((u) => u.id === lea.id)?.phone).toBe('8001');
  });

  it('UP-3: /api/auth/me answers the signed-in user their own number; the audit records that it changed, not the value', async () => {
    const { s, admin } = await setup();
    await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'lea', displayName: 'Lea', role: 'team_lead', password: PASSWORD, phone: '13912345678' } });
    await call(s.url, 'POST', '/api/admin/users', { cookie: admin, body: { username: 'tom', displayName: 'Tom', role: 'team_lead', password: PASSWORD, phone: '13800001111' } });
    const lea = await signIn(s.url, 'lea');
    const me = (await call(s.url, 'GET', '/api/auth/me', { cookie: lea })).json.data as MeResponse;
    expect(me.user?.phone).toBe('13912345678');
    expect(JSON.stringify(me)).not.toContain('13800001111');
    const users = await call(s.url, 'GET', '/api/admin/users', { cookie: lea });
    expect(users.status).toBe(403);
    const tomId = ((await call(s.url, 'GET', '/api/admin/users', { cookie: admin })).json.data as PublicUser[]).find((u) => u.username === 'tom')!.id;
    await call(s.url, 'PATCH', `/api/admin/users/${tomId}`, { cookie: admin, body: { phone: '13700002222' } });
    const update = s.audit.find((r) => r.action === 'user_update');
    expect(update?.params).toMatchObject({ phone: true, passwordReset: false });
    expect(JSON.stringify(s.audit)).not.toMatch(/13912345678|13800001111|13700002222/);
  });
});
