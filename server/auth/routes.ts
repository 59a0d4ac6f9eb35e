/**
 * The auth routes on the server's own router: sign-in, sign-out, who am I, password change,
 * the user's own sessions, and `/d/<token>` (a display link opened on a TV). The admin routes
 * are in admin-routes.ts; `registerAuthRoutes` registers both. The guard has already checked
 * who may call each route (http-guard.ts DEFAULT_RULES); handlers re-read the principal.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { changePasswordSchema, loginSchema } from '@/lib/auth/schemas';
import type { MeResponse, Principal } from '@/lib/auth/types';
import { AUTH_ACTIONS } from '@/lib/auth/permissions';
import type { Router } from '@/server/http/routes';
import { registerAdminRoutes } from './admin-routes';
import type { Auth } from './auth';
import { DISPLAY_COOKIE, SESSION_COOKIE, appendSetCookie, serializeCookie } from './cookies';
import { sendDeadLinkPage } from './dead-link-page';
import { boardPathFor, linkTeams } from './display-links';
import type { HttpGuard } from './http-guard';
import { auditActorOfPrincipal, auditRecord, fail, failWith, jsonBody, ok, type AuditInput, type AuditSink } from './http-kit';
import { clientIp } from './origin';
import { sessionTokenOf } from './principal';
import { publicUser } from './users';

export interface AuthRouteDeps {
  auth: Auth;
  guard: Pick<HttpGuard, 'principalOf'>;
  /** Every sign-in, failed sign-in, role change and display-link change (AU-1). */
  audit: AuditSink;
  log?: { warn(fields: Record<string, unknown>, msg: string): void };
}

export interface RouteContext {
  auth: Auth;
  principalOf(req: IncomingMessage): Principal | null;
  audit(input: Omit<AuditInput, 'now'>): Promise<void>;
  ip(req: IncomingMessage): string | null;
}

export function routeContext(deps: AuthRouteDeps): RouteContext {
  return {
    auth: deps.auth,
    principalOf: (req) => deps.guard.principalOf(req),
    async audit(input) {
      try {
        await deps.audit(auditRecord({ ...input, now: deps.auth.now() }));
      } catch (err) {
        // The action happened; a lost audit row is logged, not turned into a failed request.
        deps.log?.warn({ err, action: input.action }, 'auth audit write failed');
      }
    },
    ip: (req) => clientIp(req.headers, req.socket.remoteAddress, deps.auth.config.trustProxy),
  };
}

function sessionCookie(auth: Auth, value: string, maxAgeMs: number): string {
  return serializeCookie(SESSION_COOKIE, value, { maxAgeSeconds: maxAgeMs / 1000, secure: auth.config.cookieSecure });
}

export function registerAuthRoutes(router: Router, deps: AuthRouteDeps): void {
  const ctx = routeContext(deps);
  const { auth } = deps;

  router.add('POST', '/api/auth/login', async (req, res) => {
    const startedAt = auth.now();
    const body = await jsonBody(req, res, loginSchema);
    if (!body) return;
    const ip = ctx.ip(req);
    const result = await auth.users.authenticate(body.username, body.password, ip);
    if (!result.ok) {
      // Only a real username is recorded: a password typed into the wrong field must not land in the audit.
      const known = await auth.store.getUserByUsername(body.username);
      await ctx.audit({
        actor: known ? { id: known.id, name: known.displayName, role: known.role } : { id: '', name: '(unknown user)', role: 'system' },
        action: 'login',
        result: 'denied',
        code: result.code,
        params: { ip },
        startedAt,
      });
      return failWith(res, result);
    }
    const user = result.data;
    // A fresh session id at every sign-in (no fixation); the old one, if any, ends.
    const old = await auth.sessions.validate(sessionTokenOf(req), { touch: false });
    if (old) await auth.sessions.revoke(old.session.id);
    const { token } = await auth.sessions.create(user.id, { ip, userAgent: req.headers['user-agent'] ?? null });
    appendSetCookie(res, sessionCookie(auth, token, auth.config.sessionAbsoluteMs));
    await ctx.audit({ actor: { id: user.id, name: user.displayName, role: user.role }, action: 'login', result: 'ok', params: { ip }, startedAt });
    ok(res, { user: publicUser(user) });
  });

  router.add('POST', '/api/auth/logout', async (req, res) => {
    const startedAt = auth.now();
    const valid = await auth.sessions.validate(sessionTokenOf(req), { touch: false });
    if (valid) {
      await auth.sessions.revoke(valid.session.id);
      const u = valid.user;
      await ctx.audit({ actor: { id: u.id, name: u.displayName, role: u.role }, action: 'logout', result: 'ok', startedAt });
    }
    appendSetCookie(res, sessionCookie(auth, '', 0));
    ok(res, { signedOut: valid !== null });
  });

  router.add('GET', '/api/auth/me', async (req, res) => {
    const p = ctx.principalOf(req);
    if (!p) return fail(res, 'UNAUTHORIZED', 'Sign in first');
    const user = p.kind === 'user' ? await auth.store.getUser(p.userId) : null;
    const teams = auth.teamsOf(p);
    const me: MeResponse = {
      kind: p.kind,
      user: user ? publicUser(user) : null,
      display: p.kind === 'display' ? { id: p.linkId, name: p.name } : null,
      teams: teams === '*' ? '*' : [...teams],
      permissions: AUTH_ACTIONS.filter((a) => auth.can(p, a)),
    };
    ok(res, me);
  });

  router.add('POST', '/api/auth/password', async (req, res) => {
    const startedAt = auth.now();
    const p = ctx.principalOf(req);
    if (p?.kind !== 'user') return fail(res, 'UNAUTHORIZED', 'Sign in first');
    const body = await jsonBody(req, res, changePasswordSchema);
    if (!body) return;
    const r = await auth.users.changeOwnPassword(p.userId, body.currentPassword, body.newPassword, p.sessionId);
    await ctx.audit({ actor: auditActorOfPrincipal(p), action: 'password_change', result: r.ok ? 'ok' : 'denied', ...(r.ok ? {} : { code: r.code }), startedAt });
    if (!r.ok) return failWith(res, r);
    ok(res, { changed: true });
  });

  router.add('GET', '/api/auth/sessions', async (req, res) => {
    const p = ctx.principalOf(req);
    if (p?.kind !== 'user') return fail(res, 'UNAUTHORIZED', 'Sign in first');
    ok(res, await auth.sessions.list(p.userId, p.sessionId));
  });

  router.add('POST', '/api/auth/sessions/:id/revoke', async (req, res, params) => {
    const startedAt = auth.now();
    const p = ctx.principalOf(req);
    if (p?.kind !== 'user') return fail(res, 'UNAUTHORIZED', 'Sign in first');
    const row = await auth.store.getSession(params.id ?? '');
    // Someone else's session id answers like a missing one.
    if (!row || row.userId !== p.userId) return fail(res, 'NOT_FOUND', 'No such session');
    await auth.sessions.revoke(row.id);
    await ctx.audit({ actor: auditActorOfPrincipal(p), action: 'session_revoke', result: 'ok', params: { sessionId: row.id }, startedAt });
    ok(res, { revoked: true });
  });

  // DL-2: a TV opens the link once; the token moves into an httpOnly cookie and the board URL
  // carries the link's teams and view.
  router.add('GET', '/d/:token', async (_req, res, params) => {
    const link = await auth.displayLinks.resolve(params.token);
    const dead = link ? null : await auth.displayLinks.deadLinkCode(params.token);
    if (dead) return void sendDeadLinkPage(res, dead);
    if (!link) return sendText(res, 401, 'This display link is not valid (revoked or expired).\n此显示链接无效（已撤销或已过期）。');
    appendSetCookie(res, serializeCookie(DISPLAY_COOKIE, params.token ?? '', { maxAgeSeconds: 400 * 86_400, secure: auth.config.cookieSecure }));
    res.writeHead(303, { location: boardPathFor({ teams: linkTeams(link), view: link.view }), 'cache-control': 'no-store' });
    res.end();
  });

  registerAdminRoutes(router, ctx);
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}
