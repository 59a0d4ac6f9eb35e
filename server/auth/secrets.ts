/**
 * Bearer secrets: 32 random bytes, base64url, with a short prefix naming the kind so a leaked
 * one is recognisable (secret scanners, logs) and the wrong kind is refused without a lookup.
 * Only the SHA-256 of a secret is stored: a database dump gives no usable session or link.
 * (A fast hash is enough here: the secret has 256 bits of entropy, nothing to brute-force.)
 */
import { createHash, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = { session: '', display: 'fbd_', token: 'fbt_' } as const;
export type SecretKind = keyof typeof SECRET_PREFIX;

const BODY = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(kind: SecretKind): string {
  return SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** Whether a presented value has the shape of this kind of secret (cheap pre-check). */
export function looksLike(kind: SecretKind, value: string | null | undefined): value is string {
  if (typeof value !== 'string') return false;
  const prefix = SECRET_PREFIX[kind];
  return value.startsWith(prefix) && BODY.test(value.slice(prefix.length));
}

export function hashSecret(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
