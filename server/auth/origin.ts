/**
 * Same-origin checks for state changes (HG-3) and board sockets (SO-2). "Same origin" compares
 * the Origin's host with the Host the browser sent (a page cannot forge either); the scheme is
 * not compared, because behind a TLS-terminating proxy the server itself sees plain HTTP.
 * ALLOWED_ORIGINS adds exact origins (a board served from another host in development).
 */
import type { IncomingHttpHeaders } from 'node:http';

function one(v: string | string[] | undefined): string | null {
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function originOf(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** The host the request was sent to (X-Forwarded-Host only behind a trusted proxy). */
function requestHost(headers: IncomingHttpHeaders, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? one(headers['x-forwarded-host'])?.split(',')[0]?.trim() : undefined;
  return (forwarded || one(headers.host))?.toLowerCase() ?? null;
}

export function isAllowedOrigin(origin: string, headers: IncomingHttpHeaders, options: { allowedOrigins: readonly string[]; trustProxy: boolean }): boolean {
  const u = originOf(origin);
  if (!u) return false;
  if (options.allowedOrigins.includes(u.origin)) return true;
  const host = requestHost(headers, options.trustProxy);
  return host !== null && u.host.toLowerCase() === host;
}

/**
 * For a state-changing HTTP request: the Origin header, or failing that the Referer, must be
 * allowed. Neither present: refused (every current browser sends Origin on a cross-site POST;
 * a script without a browser should use a bearer token, which needs no CSRF check).
 */
export function sameOriginRequest(headers: IncomingHttpHeaders, options: { allowedOrigins: readonly string[]; trustProxy: boolean }): boolean {
  // An empty header is no header.
  const origin = one(headers.origin) || null;
  if (origin !== null && origin !== 'null') return isAllowedOrigin(origin, headers, options);
  if (origin === 'null') return false;
  const referer = one(headers.referer) || null;
  if (referer === null) return false;
  const u = originOf(referer);
  return u !== null && isAllowedOrigin(u.origin, headers, options);
}

/**
 * For a socket handshake: a browser always sends Origin on a WebSocket, so a foreign Origin is
 * cross-site WebSocket hijacking and is refused. No Origin at all is a non-browser client,
 * which carries no ambient cookie of a victim: allowed (it still needs a credential).
 */
export function socketOriginAllowed(headers: IncomingHttpHeaders, options: { allowedOrigins: readonly string[]; trustProxy: boolean }): boolean {
  const origin = one(headers.origin) || null;
  if (origin === null) return true;
  return isAllowedOrigin(origin, headers, options);
}

/** The client's address: the socket's peer, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: boolean): string | null {
  if (trustProxy) {
    const xff = one(headers['x-forwarded-for'])?.split(',')[0]?.trim();
    if (xff) return xff;
  }
  return remoteAddress ?? null;
}
