/**
 * Principal resolution (who is asking) and PR-1 (what they may be sent).
 */
import { describe, expect, it } from 'vitest';
import { privacyFor } from '@/server/auth/privacy';
import { addUser, makeAuth } from './helpers';

describe('principal resolution', () => {
  async function setup() {
    const { auth } = makeAuth();
    const lea = await addUser(auth, 'lea', 'team_lead', ['A']);
    const { token: session, session: row } = await auth.sessions.create(lea.id, { ip: null, userAgent: null });
    const link = await auth.displayLinks.create({ name: 'TV', teams: ['B'], view: { density: 'micro' } }, null);
    const api = await auth.tokens.create({ name: 'bi', role: 'manager', teams: [], access: 'read' }, null);
    return { auth, lea, session, sessionId: row.id, link, api };
  }

  it('resolves a session cookie, a display token (auth, query, header, cookie) and a bearer token', async () => {
    const { auth, lea, session, sessionId, link, api } = await setup();
    expect(await auth.resolvePrincipal({ headers: { cookie: `x=1; fb_session=${session}` } })).toEqual({
      kind: 'user',
      userId: lea.id,
      sessionId,
      actor: { id: lea.id, name: 'LEA', role: 'team_lead', teams: ['A'] },
    });
    const display = { kind: 'display', linkId: link.link.id, name: 'TV', teams: ['B'], view: { density: 'micro' } };
    expect(await auth.resolvePrincipal({ headers: {}, auth: { display: link.token } })).toEqual(display);
    expect(await auth.resolvePrincipal({ headers: {}, query: { display: link.token } })).toEqual(display);
    expect(await auth.resolvePrincipal({ headers: {}, url: `/socket.io/?display=${link.token}` })).toEqual(display);
    expect(await auth.resolvePrincipal({ headers: { 'x-floorboard-display': link.token } })).toEqual(display);
    expect(await auth.resolvePrincipal({ headers: { cookie: `fb_display=${link.token}` } })).toEqual(display);
    expect(await auth.resolvePrincipal({ headers: { authorization: `Bearer ${api.token}` } })).toMatchObject({
      kind: 'token',
      tokenId: api.info.id,
      access: 'read',
      actor: { role: 'manager', teams: '*' },
    });
    expect(await auth.resolvePrincipal({ headers: {} })).toBeNull();
  });

  it('precedence: bearer, then session, then display; a failing bearer does not fall back', async () => {
    const { auth, session, link, api } = await setup();
    const both = { cookie: `fb_session=${session}; fb_display=${link.token}` };
    expect((await auth.resolvePrincipal({ headers: both }))?.kind).toBe('user');
    expect((await auth.resolvePrincipal({ headers: { ...both, authorization: `Bearer ${api.token}` } }))?.kind).toBe('token');
    expect(await auth.resolvePrincipal({ headers: { ...both, authorization: 'Bearer fbt_nope' } })).toBeNull();
    expect(await auth.resolvePrincipal({ headers: { ...both, authorization: 'Basic dXNlcjpwdw==' } })).toBeNull();
    // A dead session cookie next to a live display cookie: the TV keeps working.
    expect((await auth.resolvePrincipal({ headers: { cookie: `fb_session=${'x'.repeat(43)}; fb_display=${link.token}` } }))?.kind).toBe('display');
  });

  it('PR-1: screen pops for leads and up, never displays; full numbers only for PHONE_FULL_ROLES', async () => {
    const { auth, session, link } = await setup();
    const lead = await auth.resolvePrincipal({ headers: { cookie: `fb_session=${session}` } });
    const tv = await auth.resolvePrincipal({ headers: { cookie: `fb_display=${link.token}` } });
    expect(privacyFor(auth, lead)).toMatchObject({ pop: true, phoneFull: false });
    expect(privacyFor(auth, lead).phone('13812345678')).toBe('138****5678');
    expect(privacyFor(auth, tv)).toMatchObject({ pop: false, phoneFull: false });
    expect(privacyFor(auth, null)).toMatchObject({ pop: false, phoneFull: false });

    const withSetting = makeAuth({ env: { PHONE_FULL_ROLES: 'team_lead,manager' } }).auth;
    const u = await addUser(withSetting, 'lea', 'team_lead', ['A']);
    const s = await withSetting.sessions.create(u.id, { ip: null, userAgent: null });
    const p = await withSetting.resolvePrincipal({ headers: { cookie: `fb_session=${s.token}` } });
    expect(privacyFor(withSetting, p).phone('13812345678')).toBe('13812345678');
  });

  it('config: bad values fail fast naming the variable', () => {
    expect(() => makeAuth({ env: { PHONE_FULL_ROLES: 'owner' } })).toThrow(/PHONE_FULL_ROLES/);
    expect(() => makeAuth({ env: { ALLOWED_ORIGINS: 'not a url' } })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => makeAuth({ env: { SESSION_IDLE_MS: '99999999', SESSION_ABSOLUTE_MS: '60000' } })).toThrow(/SESSION_IDLE_MS/);
  });
});
