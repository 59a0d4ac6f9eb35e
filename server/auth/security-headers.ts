/**
 * Security headers for every response (HG-4). Pages get a Content-Security-Policy built the way
 * Next 16's CSP guide describes (node_modules/next/dist/docs/01-app/02-guides/
 * content-security-policy.md): a fresh nonce per request with 'strict-dynamic' for scripts,
 * which Next reads from the *request's* Content-Security-Policy header and puts on its own
 * scripts (so we set it on the request too, before Next renders). Every page is rendered per
 * request here (the root layout reads headers()), which nonces require.
 *
 * Styles keep 'unsafe-inline': React `style` attributes (tile sizes, colours) cannot carry a
 * nonce. 'unsafe-eval' only in development (React's dev tooling uses eval; production does not).
 * API answers get the strictest policy: they are data, never documents.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HeaderOptions {
  dev: boolean;
  /** COOKIE_SECURE: served over HTTPS, so HSTS too. */
  secure: boolean;
  scripts: 'nonce' | 'inline';
}

export function pageCsp(options: HeaderOptions, nonce: string | null): string {
  const scriptSrc =
    options.scripts === 'nonce' && nonce !== null
      ? `'self' 'nonce-${nonce}' 'strict-dynamic'`
      : `'self' 'unsafe-inline'`;
  return [
    `default-src 'self'`,
    `script-src ${scriptSrc}${options.dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self'`,
    // 'self' covers the same-origin WebSocket of Socket.IO (and dev hot reload).
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(options.secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export const API_CSP = `default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

function common(res: ServerResponse, options: HeaderOptions): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  if (options.secure) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

export function setApiHeaders(res: ServerResponse, options: HeaderOptions): void {
  common(res, options);
  res.setHeader('content-security-policy', API_CSP);
}

/** Sets the page policy on the response and on the request (where Next looks for the nonce). */
export function setPageHeaders(req: IncomingMessage, res: ServerResponse, options: HeaderOptions): string | null {
  common(res, options);
  const nonce = options.scripts === 'nonce' ? randomBytes(16).toString('base64') : null;
  const csp = pageCsp(options, nonce);
  res.setHeader('content-security-policy', csp);
  // Next takes the nonce from the incoming request's CSP header; a client-sent one is replaced.
  req.headers['content-security-policy'] = csp;
  delete req.headers['content-security-policy-report-only'];
  if (nonce !== null) req.headers['x-nonce'] = nonce;
  else delete req.headers['x-nonce'];
  return nonce;
}
