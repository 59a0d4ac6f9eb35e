/**
 * Who is asking: one resolution for HTTP requests and Socket.IO handshakes (both carry headers
 * and a URL; a handshake also has `query` and `auth`). Precedence: a bearer token, then the
 * session cookie, then a display token. A bearer header that does not resolve is an answer
 * (null), not a reason to try the cookie: an explicit credential that fails must fail.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor, Role } from '@/lib/control/actor';
import { teamsForRole } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import type { DeadLinkCode } from '@/lib/protocol';
import type { ApiTokens } from './api-tokens';
import { DISPLAY_COOKIE, SESSION_COOKIE, parseCookies } from './cookies';
import { linkTeams, type DisplayLinks } from './display-links';
import type { Sessions } from './sessions';

/** What both an IncomingMessage and a Socket.IO handshake provide. */
export interface PrincipalSource {
  headers: IncomingHttpHeaders;
  url?: string;
  query?: Readonly<Record<string, unknown>>;
  auth?: Readonly<Record<string, unknown>>;
}

export const DISPLAY_HEADER = 'x-floorboard-display';

function first(v: unknown): string | null {
  if (Array.isArray(v)) return first(v[0]);
  return typeof v === 'string' && v !== '' ? v : null;
}

export function bearerOf(source: PrincipalSource): string | null | undefined {
  const h = first(source.headers.authorization);
  if (h === null) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

export function queryParam(source: PrincipalSource, name: string): string | null {
  const fromQuery = first(source.query?.[name]);
  if (fromQuery !== null) return fromQuery;
  if (!source.url) return null;
  try {
    return new URL(source.url, 'http://localhost').searchParams.get(name);
  } catch {
    return null;
  }
}

/** A display token from the handshake's auth, the query, a header or the display cookie. */
export function displayTokenOf(source: PrincipalSource, cookies = parseCookies(first(source.headers.cookie) ?? undefined)): string | null {
  return (
    first(source.auth?.display) ?? queryParam(source, 'display') ?? first(source.headers[DISPLAY_HEADER]) ?? cookies.get(DISPLAY_COOKIE) ?? null
  );
}

export function sessionTokenOf(source: PrincipalSource): string | null {
  return parseCookies(first(source.headers.cookie) ?? undefined).get(SESSION_COOKIE) ?? null;
}

export function actorFor(id: string, name: string, role: Role, teams: readonly string[]): Actor {
  return Object.freeze({ id, name, role, teams: teamsForRole(role, teams) });
}

export interface PrincipalDeps {
  sessions: Sessions;
  displayLinks: DisplayLinks;
  tokens: ApiTokens;
}

export async function resolvePrincipal(deps: PrincipalDeps, source: PrincipalSource, options: { touch?: boolean } = {}): Promise<Principal | null> {
  const bearer = bearerOf(source);
  if (bearer !== undefined) {
    const row = bearer === null ? null : await deps.tokens.resolve(bearer);
    if (!row) return null;
    return { kind: 'token', tokenId: row.id, access: row.access, actor: actorFor(`token:${row.id}`, `API token ${row.name}`, row.role, row.teams) };
  }
  const cookies = parseCookies(first(source.headers.cookie) ?? undefined);
  const sessionToken = cookies.get(SESSION_COOKIE);
  if (sessionToken) {
    const valid = await deps.sessions.validate(sessionToken, options);
    if (valid) {
      const { user, session } = valid;
      return { kind: 'user', userId: user.id, sessionId: session.id, actor: actorFor(user.id, user.displayName, user.role, user.teams) };
    }
  }
  const displayToken = displayTokenOf(source, cookies);
  if (displayToken) {
    const link = await deps.displayLinks.resolve(displayToken);
    if (link) return { kind: 'display', linkId: link.id, name: link.name, teams: linkTeams(link), view: { ...link.view } };
  }
  return null;
}

/**
 * When `resolvePrincipal` answered null: whether the reason is a display token of a revoked or
 * expired link (LINK_REVOKED / LINK_EXPIRED), so the TV can say so instead of "unauthorized".
 * A bearer header is an explicit credential and a failed one must fail plainly: null then.
 */
export async function deadDisplayLink(deps: Pick<PrincipalDeps, 'displayLinks'>, source: PrincipalSource): Promise<DeadLinkCode | null> {
  if (bearerOf(source) !== undefined) return null;
  const token = displayTokenOf(source);
  return token ? deps.displayLinks.deadLinkCode(token) : null;
}
