/**
 * Admin routes: users, display links, API tokens. The guard lets only users whose role has the
 * matching manage_* action reach them (never a token or a display). Role changes and every
 * display-link and token change are audited (AU-1); the last enabled admin stays (AU-3).
 */
import { createDisplayLinkSchema, createTokenSchema, createUserSchema, updateUserSchema } from '@/lib/auth/schemas';
import type { Router } from '@/server/http/routes';
import { apiTokenInfo } from './api-tokens';
import { displayLinkInfo } from './display-links';
import { auditActorOfPrincipal, fail, failWith, jsonBody, ok } from './http-kit';
import type { RouteContext } from './routes';
import { publicUser } from './users';

export function registerAdminRoutes(router: Router, ctx: RouteContext): void {
  const { auth } = ctx;

  router.add('GET', '/api/admin/users', async (_req, res) => ok(res, await auth.users.list()));

  router.add('POST', '/api/admin/users', async (req, res) => {
    const startedAt = auth.now();
    const body = await jsonBody(req, res, createUserSchema);
    if (!body) return;
    const actor = auditActorOfPrincipal(ctx.principalOf(req));
    const r = await auth.users.create(body);
    const params = { username: body.username, role: body.role, teams: body.teams.join(',') };
    await ctx.audit({ actor, action: 'user_create', result: r.ok ? 'ok' : 'denied', params, ...(r.ok ? {} : { code: r.code }), startedAt });
    if (!r.ok) return failWith(res, r);
    ok(res, publicUser(r.data), 201);
  });

  router.add('PATCH', '/api/admin/users/:id', async (req, res, params) => {
    const startedAt = auth.now();
    const body = await jsonBody(req, res, updateUserSchema);
    if (!body) return;
    const p = ctx.principalOf(req);
    const actor = auditActorOfPrincipal(p);
    if (p?.kind === 'user' && p.userId === params.id && (body.disabled === true || (body.role !== undefined && body.role !== p.actor.role))) {
      return fail(res, 'FORBIDDEN', 'You cannot disable yourself or change your own role');
    }
    const r = await auth.users.update(params.id ?? '', body);
    if (!r.ok) {
      await ctx.audit({ actor, action: 'user_update', result: 'denied', code: r.code, params: { userId: params.id ?? '' }, startedAt });
      return failWith(res, r);
    }
    const { before, after } = r.data;
    const base = { userId: after.id, username: after.username };
    if (before.role !== after.role || before.teams.join(',') !== after.teams.join(',')) {
      await ctx.audit({
        actor,
        action: 'role_change',
        result: 'ok',
        params: { ...base, roleBefore: before.role, roleAfter: after.role, teamsBefore: before.teams.join(','), teamsAfter: after.teams.join(',') },
        startedAt,
      });
    }
    if ((before.disabledAt === null) !== (after.disabledAt === null)) {
      await ctx.audit({ actor, action: after.disabledAt === null ? 'user_enable' : 'user_disable', result: 'ok', params: base, startedAt });
    }
    if (body.displayName !== undefined || body.password !== undefined || body.phone !== undefined) {
      // Which fields changed, never their values: a phone is personal data, a password a secret.
      const changed = { displayName: body.displayName !== undefined, passwordReset: body.password !== undefined, phone: body.phone !== undefined };
      await ctx.audit({ actor, action: 'user_update', result: 'ok', params: { ...base, ...changed }, startedAt });
    }
    ok(res, publicUser(after));
  });

  router.add('DELETE', '/api/admin/users/:id', async (req, res, params) => {
    const startedAt = auth.now();
    const p = ctx.principalOf(req);
    if (p?.kind === 'user' && p.userId === params.id) return fail(res, 'FORBIDDEN', 'You cannot delete yourself');
    const r = await auth.users.remove(params.id ?? '');
    await ctx.audit({
      actor: auditActorOfPrincipal(p),
      action: 'user_delete',
      result: r.ok ? 'ok' : 'denied',
      params: { userId: params.id ?? '', ...(r.ok ? { username: r.data.username } : {}) },
      ...(r.ok ? {} : { code: r.code }),
      startedAt,
    });
    if (!r.ok) return failWith(res, r);
    ok(res, { deleted: true });
  });

  router.add('GET', '/api/admin/users/:id/sessions', async (_req, res, params) => {
    if (!(await auth.users.get(params.id ?? ''))) return fail(res, 'NOT_FOUND', 'No such user');
    ok(res, await auth.sessions.list(params.id ?? ''));
  });

  router.add('POST', '/api/admin/users/:id/sessions/revoke', async (req, res, params) => {
    const startedAt = auth.now();
    const user = await auth.users.get(params.id ?? '');
    if (!user) return fail(res, 'NOT_FOUND', 'No such user');
    const p = ctx.principalOf(req);
    // Signing everyone of a user out keeps the admin's own current session.
    const except = p?.kind === 'user' && p.userId === user.id ? p.sessionId : undefined;
    const n = await auth.sessions.revokeUser(user.id, 'password_changed', except);
    await ctx.audit({ actor: auditActorOfPrincipal(p), action: 'session_revoke', result: 'ok', params: { userId: user.id, username: user.username, sessions: n }, startedAt });
    ok(res, { revoked: n });
  });

  router.add('GET', '/api/admin/display-links', async (_req, res) => ok(res, await auth.displayLinks.list()));

  router.add('POST', '/api/admin/display-links', async (req, res) => {
    const startedAt = auth.now();
    const body = await jsonBody(req, res, createDisplayLinkSchema);
    if (!body) return;
    const p = ctx.principalOf(req);
    const created = await auth.displayLinks.create(body, p?.kind === 'user' ? p.userId : null);
    const teams = created.link.teams === '*' ? '*' : created.link.teams.join(',');
    await ctx.audit({ actor: auditActorOfPrincipal(p), action: 'display_link_create', result: 'ok', params: { linkId: created.link.id, name: body.name, teams }, startedAt });
    ok(res, created, 201);
  });

  router.add('POST', '/api/admin/display-links/:id/revoke', async (req, res, params) => {
    const startedAt = auth.now();
    const row = await auth.displayLinks.revoke(params.id ?? '');
    if (!row) return fail(res, 'NOT_FOUND', 'No such display link');
    await ctx.audit({ actor: auditActorOfPrincipal(ctx.principalOf(req)), action: 'display_link_revoke', result: 'ok', params: { linkId: row.id, name: row.name }, startedAt });
    ok(res, displayLinkInfo(row));
  });

  router.add('GET', '/api/admin/tokens', async (_req, res) => ok(res, await auth.tokens.list()));

  router.add('POST', '/api/admin/tokens', async (req, res) => {
    const startedAt = auth.now();
    const body = await jsonBody(req, res, createTokenSchema);
    if (!body) return;
    const p = ctx.principalOf(req);
    const created = await auth.tokens.create(body, p?.kind === 'user' ? p.userId : null);
    await ctx.audit({
      actor: auditActorOfPrincipal(p),
      action: 'token_create',
      result: 'ok',
      params: { tokenId: created.info.id, name: body.name, role: body.role, access: body.access, teams: body.teams.join(',') },
      startedAt,
    });
    ok(res, created, 201);
  });

  router.add('POST', '/api/admin/tokens/:id/revoke', async (req, res, params) => {
    const startedAt = auth.now();
    const row = await auth.tokens.revoke(params.id ?? '');
    if (!row) return fail(res, 'NOT_FOUND', 'No such API token');
    await ctx.audit({ actor: auditActorOfPrincipal(ctx.principalOf(req)), action: 'token_revoke', result: 'ok', params: { tokenId: row.id, name: row.name }, startedAt });
    ok(res, apiTokenInfo(row));
  });
}
