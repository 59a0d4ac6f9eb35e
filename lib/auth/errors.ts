/**
 * Stable error codes of the auth and admin routes (house style 7): the browser and the tests
 * branch on `code`, never on message text. Shared by server and browser.
 */
export const AUTH_ERROR_CODES = [
  /** The body or query failed validation; the message names the field. */
  'BAD_REQUEST',
  /** No principal (no session, an expired or revoked one, an unknown token). */
  'UNAUTHORIZED',
  /**
   * A display link's own token, but the link was revoked (expired: LINK_EXPIRED). An unknown
   * token is UNAUTHORIZED; the same codes as the board socket's (lib/protocol.ts).
   */
  'LINK_REVOKED',
  'LINK_EXPIRED',
  /** Signed in, but the role, the team scope or the kind of principal does not allow it. */
  'FORBIDDEN',
  /** A state-changing request with a cookie but without JSON or from another origin (HG-3). */
  'CSRF_REJECTED',
  /** Wrong username or password (the same code for both: no user enumeration). */
  'INVALID_CREDENTIALS',
  /** Too many failed sign-ins for this user or address: wait `retryAfterSeconds`. */
  'LOCKED_OUT',
  /** The current password given to change it is wrong. */
  'WRONG_PASSWORD',
  /** The username is taken (case-insensitive). */
  'USERNAME_TAKEN',
  /** The change would leave no enabled admin. */
  'LAST_ADMIN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export const AUTH_HTTP_STATUS: Readonly<Record<AuthErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  LINK_REVOKED: 401,
  LINK_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  INVALID_CREDENTIALS: 401,
  LOCKED_OUT: 429,
  WRONG_PASSWORD: 403,
  USERNAME_TAKEN: 409,
  LAST_ADMIN: 409,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export interface AuthFailure {
  ok: false;
  code: AuthErrorCode;
  message: string;
  /** LOCKED_OUT only. */
  retryAfterSeconds?: number;
}

export type AuthResult<T> = { ok: true; data: T } | AuthFailure;
