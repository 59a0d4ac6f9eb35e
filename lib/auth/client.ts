/**
 * The browser's side of the auth routes: same-origin JSON fetches (the content type is what
 * the server's CSRF check asks for) and errors carrying the stable code.
 */
import type { AuthErrorCode } from './errors';

export class AuthApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: AuthErrorCode | 'NETWORK',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export async function authFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(init.method && init.method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
      ...(init.method && init.method !== 'GET' ? { body: JSON.stringify(init.body ?? {}) } : {}),
    });
  } catch (err) {
    throw new AuthApiError(0, 'NETWORK', err instanceof Error ? err.message : 'network error');
  }
  const json = (await res.json().catch(() => null)) as { ok?: boolean; data?: T; code?: AuthErrorCode; message?: string; retryAfterSeconds?: number } | null;
  if (!res.ok || !json || json.ok !== true) {
    throw new AuthApiError(res.status, json?.code ?? 'INTERNAL', json?.message ?? res.statusText, json?.retryAfterSeconds);
  }
  return json.data as T;
}

/** Where to go after sign-in: a same-site path only (never `//host` or `https://...`: no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

/** Teams typed as `A, B ,C` -> ['A','B','C']. */
export function parseTeams(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}
