/**
 * The HTTP guard (HG-1..HG-6): the custom server calls it for every request before routing.
 * It sets the security headers, resolves the principal once (routes read it back with
 * `principalOf(req)`), refuses cross-site state changes, and answers 401 / 403 / a redirect
 * to /login itself, so a route that forgets a check is still behind the door.
 *
 * API routes are matched against a rule table (first match wins). An unsafe method on an API
 * route no rule names is refused (deny by default): a new state-changing route needs a rule.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SOCKET_PATH } from '@/lib/protocol';
import type { AuthAction } from '@/lib/auth/permissions';
import type { AuthErrorCode } from '@/lib/auth/errors';
import { AUTH_HTTP_STATUS } from '@/lib/auth/errors';
import type { Principal, PrincipalKind } from '@/lib/auth/types';
import { sendJson } from '@/server/http/json';
import type { Auth } from './auth';
import { DISPLAY_COOKIE, appendSetCookie, serializeCookie } from './cookies';
import { sendDeadLinkPage } from './dead-link-page';
import { boardPathFor, linkTeams } from './display-links';
import { sameOriginRequest } from './origin';
import { setApiHeaders, setPageHeaders, type HeaderOptions } from './security-headers';

export type Access = 'public' | 'signed_in' | 'deny' | { can: AuthAction };

export interface GuardRule {
  /** Omitted: any method. */
  method?: string | readonly string[];
  path: RegExp;
  access: Access;
  /** Principal kinds allowed (default: any). */
  kinds?: readonly PrincipalKind[];
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The server's own routes today (server/index.ts, live/routes.ts, control/http-handlers.ts, auth/routes.ts). */
export const DEFAULT_RULES: readonly GuardRule[] = [
  { path: /^\/api\/health\/?$/, access: 'public' },
  { method: 'POST', path: /^\/api\/auth\/(login|logout)\/?$/, access: 'public' },
  { path: /^\/api\/auth\/(password|sessions)(\/.*)?$/, access: 'signed_in', kinds: ['user'] },
  { method: 'GET', path: /^\/api\/auth\/me\/?$/, access: 'signed_in' },
  { path: /^\/api\/admin\/users(\/.*)?$/, access: { can: 'manage_users' }, kinds: ['user'] },
  { path: /^\/api\/admin\/display-links(\/.*)?$/, access: { can: 'manage_display_links' }, kinds: ['user'] },
  { path: /^\/api\/admin\/tokens(\/.*)?$/, access: { can: 'manage_tokens' }, kinds: ['user'] },
  { method: 'GET', path: /^\/api\/audit\.csv\/?$/, access: { can: 'audit_export' } },
  { method: 'GET', path: /^\/api\/audit\/?$/, access: { can: 'audit_read' } },
  { method: 'GET', path: /^\/api\/announcements(\/[^/]+)?\/?$/, access: { can: 'announce_read' } },
  { method: 'POST', path: /^\/api\/announcements\/?$/, access: { can: 'announce' } },
  { method: 'POST', path: /^\/api\/announcements\/[^/]+\/resend\/?$/, access: { can: 'announce_resend' } },
  // The pipeline checks the action and the agent's team itself (role x action x team).
  { method: 'POST', path: /^\/api\/agents\/[^/]+\/[^/]+\/?$/, access: 'signed_in', kinds: ['user', 'token'] },
  { path: /^\/api\/diagnostics(\/.*)?$/, access: { can: 'view_metrics' } },
  { method: 'GET', path: /^\/metrics\/?$/, access: { can: 'view_metrics' } },
  // History and KPIs (server/history-api): leads and managers; the handlers scope by team.
  { method: ['GET', 'HEAD'], path: /^\/api\/history(\/.*)?$/, access: { can: 'view_history' } },
  { method: 'GET', path: /^\/d\/[^/]+\/?$/, access: 'public' },
  // Other reads (floor JSON, history and KPI queries): anyone who may see a board; the
  // handler scopes the answer with auth.teamsOf(principal).
  { method: ['GET', 'HEAD'], path: /^\/api\//, access: { can: 'view_board' } },
];

/** Pages anyone may load (the sign-in page and what it needs). */
const PUBLIC_PAGE = /^\/(login(\/.*)?|_next\/.*|icon\.svg|favicon\.ico|robots\.txt|apple-icon\.png)$/;
/** The only page a display link opens. */
const DISPLAY_PAGE = /^\/board\/?$/;
const ADMIN_PAGE = /^\/admin(\/.*)?$/;
const ADMIN_ACTIONS: readonly AuthAction[] = ['manage_users', 'manage_display_links', 'manage_tokens'];

export interface HttpGuardOptions {
  auth: Auth;
  /** Paths owned by the server's router that are not under /api (e.g. /metrics, /d/:token): `router.owns`. */
  owns: (pathname: string) => boolean;
  /** Rules checked before DEFAULT_RULES (other routes' needs). */
  rules?: readonly GuardRule[];
}

export interface HttpGuard {
  /** true: the guard answered (401, 403, redirect); false: route the request as usual. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** The principal `handle` resolved for this request (null: anonymous). */
  principalOf(req: IncomingMessage): Principal | null;
}

export function findRule(rules: readonly GuardRule[], method: string, pathname: string): GuardRule | null {
  for (const r of rules) {
    const methods = r.method === undefined ? null : typeof r.method === 'string' ? [r.method] : r.method;
    if (methods !== null && !methods.includes(method)) continue;
    if (r.path.test(pathname)) return r;
  }
  return null;
}

function fail(res: ServerResponse, code: AuthErrorCode, message: string): true {
  if (code === 'UNAUTHORIZED') res.setHeader('www-authenticate', 'Bearer');
  sendJson(res, AUTH_HTTP_STATUS[code], { ok: false, code, message });
  return true;
}

function text(res: ServerResponse, status: number, body: string): true {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

function redirect(res: ServerResponse, location: string): true {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
  return true;
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

export function createHttpGuard(options: HttpGuardOptions): HttpGuard {
  const { auth } = options;
  const rules = [...(options.rules ?? []), ...DEFAULT_RULES];
  const headers: HeaderOptions = { dev: auth.config.dev, secure: auth.config.cookieSecure, scripts: auth.config.cspScripts };
  const origins = { allowedOrigins: auth.config.allowedOrigins, trustProxy: auth.config.trustProxy };
  const principals = new WeakMap<IncomingMessage, Principal | null>();

  /** No principal: UNAUTHORIZED, or LINK_REVOKED / LINK_EXPIRED for a dead display link's own token. */
  async function unauthorized(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const dead = await auth.deadDisplayLink(req);
    return dead ? fail(res, dead, dead === 'LINK_REVOKED' ? 'This display link has been revoked' : 'This display link has expired') : fail(res, 'UNAUTHORIZED', 'Sign in first');
  }

  async function api(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    setApiHeaders(res, headers);
    const method = req.method ?? 'GET';
    const principal = await auth.resolvePrincipal(req);
    principals.set(req, principal);
    const bearer = req.headers.authorization !== undefined;
    // HG-3: cookies ride along on cross-site requests; bearer tokens never do.
    if (UNSAFE.has(method) && !bearer) {
      if (!isJson(req)) return fail(res, 'CSRF_REJECTED', 'State changes must be sent as application/json');
      if (!sameOriginRequest(req.headers, origins)) return fail(res, 'CSRF_REJECTED', 'Cross-origin state changes are refused');
    }
    // TK-2: a read-only token never changes anything, whatever route it tries.
    if (UNSAFE.has(method) && principal?.kind === 'token' && principal.access === 'read') {
      return fail(res, 'FORBIDDEN', 'This API token is read-only');
    }
    const rule = findRule(rules, method, pathname);
    if (rule === null) {
      if (UNSAFE.has(method)) return fail(res, 'FORBIDDEN', 'This route has no access rule');
      return principal ? false : unauthorized(req, res);
    }
    const { access } = rule;
    if (access === 'public') return false;
    if (access === 'deny') return fail(res, 'FORBIDDEN', 'Not allowed');
    if (!principal) return unauthorized(req, res);
    if (rule.kinds && !rule.kinds.includes(principal.kind)) return fail(res, 'FORBIDDEN', `Not available to a ${principal.kind} credential`);
    if (access !== 'signed_in' && !auth.can(principal, access.can)) return fail(res, 'FORBIDDEN', `Your role may not ${access.can}`);
    return false;
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    setPageHeaders(req, res, headers);
    if (PUBLIC_PAGE.test(url.pathname)) return false;
    const method = req.method ?? 'GET';
    // HG-6: `?display=<token>` becomes an httpOnly cookie and leaves the address bar (and the
    // browser history, and any Referer) at once.
    const displayToken = url.searchParams.get('display');
    if (displayToken !== null && (method === 'GET' || method === 'HEAD')) {
      const link = await auth.displayLinks.resolve(displayToken);
      const dead = link ? null : await auth.displayLinks.deadLinkCode(displayToken);
      if (dead) return sendDeadLinkPage(res, dead);
      if (!link) return text(res, 401, 'This display link is not valid (revoked or expired).\n此显示链接无效（已撤销或已过期）。');
      appendSetCookie(res, serializeCookie(DISPLAY_COOKIE, displayToken, { maxAgeSeconds: 400 * 86_400, secure: headers.secure }));
      return redirect(res, boardPathFor({ teams: linkTeams(link), view: link.view }));
    }
    const principal = await auth.resolvePrincipal(req);
    principals.set(req, principal);
    if (!principal) {
      if (method !== 'GET' && method !== 'HEAD') return text(res, 401, 'Sign in first.\n请先登录。');
      // A TV whose link was revoked reloads with the display cookie: tell it so, not a sign-in form.
      const dead = await auth.deadDisplayLink(req);
      if (dead) return sendDeadLinkPage(res, dead);
      return redirect(res, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    }
    if (principal.kind === 'display') {
      return DISPLAY_PAGE.test(url.pathname) ? false : redirect(res, boardPathFor(principal));
    }
    if (ADMIN_PAGE.test(url.pathname) && !ADMIN_ACTIONS.some((a) => principal.kind === 'user' && auth.can(principal, a))) {
      return text(res, 403, 'Administrators only.\n仅限管理员。');
    }
    return false;
  }

  return {
    async handle(req, res, url) {
      const { pathname } = url;
      // Socket.IO decides in its own handshake (socket-authorize.ts).
      if (pathname === SOCKET_PATH || pathname.startsWith(`${SOCKET_PATH}/`)) return false;
      if (pathname.startsWith('/api/') || options.owns(pathname)) return api(req, res, pathname);
      return page(req, res, url);
    },
    principalOf: (req) => principals.get(req) ?? null,
  };
}
