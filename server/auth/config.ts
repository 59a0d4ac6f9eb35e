/**
 * The auth layer's settings, parsed once from the environment and frozen (house style 10).
 * A bad value fails fast naming the variable.
 */
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/control/actor';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const bool = z.preprocess((v) => (typeof v === 'string' ? !['0', 'false', 'no', 'off', ''].includes(v.trim().toLowerCase()) : v), z.boolean());
const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string()),
);
const ms = (def: number, min: number) => z.coerce.number().int().min(min).default(def);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** A session unused this long ends (an open board counts as use). */
  SESSION_IDLE_MS: ms(8 * HOUR, MINUTE),
  /** A session ends this long after sign-in whatever happens. */
  SESSION_ABSOLUTE_MS: ms(12 * HOUR, MINUTE),
  /** Set the cookies' Secure flag and send HSTS (behind HTTPS). */
  COOKIE_SECURE: bool.default(false),
  /** Extra origins allowed to open board sockets and send state changes (default: same host only). */
  ALLOWED_ORIGINS: list.default([]).pipe(z.array(z.url().transform((u) => new URL(u).origin))),
  /** Take the client address from X-Forwarded-For (behind a trusted reverse proxy only). */
  TRUST_PROXY: bool.default(false),
  /** Roles that see customers' phone numbers in full. Default: none. */
  PHONE_FULL_ROLES: list.default([]).pipe(z.array(z.enum(ROLES))),
  /** Failed sign-ins before a lock, per username and per client address. */
  LOCKOUT_USER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  /** Higher per address: a call centre's supervisors often share one NAT address. */
  LOCKOUT_IP_THRESHOLD: z.coerce.number().int().min(1).default(20),
  LOCKOUT_BASE_MS: ms(MINUTE, 1_000),
  LOCKOUT_MAX_MS: ms(HOUR, 1_000),
  /** How often a connected board re-checks its session or display link. */
  SOCKET_RECHECK_MS: ms(15_000, 100),
  /** `nonce`: per-request nonces for Next's scripts ('strict-dynamic'); `inline`: 'unsafe-inline' scripts. */
  CSP_SCRIPTS: z.enum(['nonce', 'inline']).default('nonce'),
  /** The first admin's password on first start; unset: a random one, printed once. */
  FLOORBOARD_ADMIN_PASSWORD: z.string().min(8).max(256).optional(),
});

export interface AuthConfig {
  readonly dev: boolean;
  readonly sessionIdleMs: number;
  readonly sessionAbsoluteMs: number;
  readonly cookieSecure: boolean;
  readonly allowedOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly phoneFullRoles: readonly Role[];
  readonly lockout: Readonly<{ userThreshold: number; ipThreshold: number; baseMs: number; maxMs: number }>;
  readonly socketRecheckMs: number;
  readonly cspScripts: 'nonce' | 'inline';
}

export class AuthConfigError extends Error {
  override name = 'AuthConfigError';
}

export function parseAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = schema.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new AuthConfigError(`Invalid auth configuration:\n${lines.join('\n')}`);
  }
  const c = r.data;
  if (c.SESSION_IDLE_MS > c.SESSION_ABSOLUTE_MS) throw new AuthConfigError('SESSION_IDLE_MS must not exceed SESSION_ABSOLUTE_MS');
  if (c.LOCKOUT_BASE_MS > c.LOCKOUT_MAX_MS) throw new AuthConfigError('LOCKOUT_BASE_MS must not exceed LOCKOUT_MAX_MS');
  return Object.freeze({
    dev: c.NODE_ENV === 'development',
    sessionIdleMs: c.SESSION_IDLE_MS,
    sessionAbsoluteMs: c.SESSION_ABSOLUTE_MS,
    cookieSecure: c.COOKIE_SECURE,
    allowedOrigins: Object.freeze([...c.ALLOWED_ORIGINS]),
    trustProxy: c.TRUST_PROXY,
    phoneFullRoles: Object.freeze([...c.PHONE_FULL_ROLES]),
    lockout: Object.freeze({
      userThreshold: c.LOCKOUT_USER_THRESHOLD,
      ipThreshold: c.LOCKOUT_IP_THRESHOLD,
      baseMs: c.LOCKOUT_BASE_MS,
      maxMs: c.LOCKOUT_MAX_MS,
    }),
    socketRecheckMs: c.SOCKET_RECHECK_MS,
    cspScripts: c.CSP_SCRIPTS,
  });
}
