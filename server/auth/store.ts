/**
 * The auth layer's storage seam. Plain rows and async methods so the Postgres-dialect
 * implementation on the history store's tables (users, sessions, display_links, api_tokens,
 * plus a login_failures table) is one SQL statement per method. Secrets never reach this
 * layer: tokens arrive as SHA-256 hex digests, passwords as scrypt strings. Times are epoch ms.
 *
 * The store assigns ids (Postgres: gen_random_uuid()); callers pass `createdAt` so tests and
 * the service agree on the clock.
 */
import type { Role } from '@/lib/control/actor';
import type { DisplayView, TokenAccess } from '@/lib/auth/types';

export interface UserRow {
  id: string;
  /** Unique case-insensitively. */
  username: string;
  displayName: string;
  role: Role;
  teams: string[];
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
  disabledAt: number | null;
  /** The user's own phone or extension (three-way calls); null when none is set (migration 004). */
  phone: string | null;
}

export interface SessionRow {
  id: string;
  /** SHA-256 hex of the cookie value. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  /** The absolute limit (sessions.expires_at). */
  expiresAt: number;
  /** Idle expiry counts from here (written at most once a minute). */
  lastUsedAt: number;
  revokedAt: number | null;
  ip: string | null;
  userAgent: string | null;
}

export interface DisplayLinkRow {
  id: string;
  name: string;
  tokenHash: string;
  /** ['*'] for the whole floor, never [] (an empty list would be ambiguous). */
  teams: string[];
  /** display_links.options */
  view: DisplayView;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  tokenHash: string;
  role: Role;
  teams: string[];
  /** Needs a column on api_tokens (`access text NOT NULL DEFAULT 'read'`). */
  access: TokenAccess;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** Failed sign-ins under one key (`user:<lower username>` or `ip:<address>`). */
export interface FailureRow {
  key: string;
  failures: number;
  firstAt: number;
  lastAt: number;
}

export type NewUser = Omit<UserRow, 'id' | 'updatedAt' | 'lastLoginAt' | 'disabledAt' | 'phone'> & { phone?: string | null };
export type UserPatch = Partial<Pick<UserRow, 'displayName' | 'role' | 'teams' | 'passwordHash' | 'disabledAt' | 'lastLoginAt' | 'phone'>>;
export type NewSession = Omit<SessionRow, 'id' | 'revokedAt'>;
export type NewDisplayLink = Omit<DisplayLinkRow, 'id' | 'revokedAt' | 'lastUsedAt'>;
export type NewApiToken = Omit<ApiTokenRow, 'id' | 'revokedAt' | 'lastUsedAt'>;

export interface AuthStore {
  // users
  createUser(user: NewUser): Promise<UserRow>;
  getUser(id: string): Promise<UserRow | null>;
  /** Case-insensitive. */
  getUserByUsername(username: string): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  updateUser(id: string, patch: UserPatch, at: number): Promise<UserRow | null>;
  deleteUser(id: string): Promise<boolean>;

  // sessions
  createSession(session: NewSession): Promise<SessionRow>;
  /** Any session with this hash, revoked or expired included (the service decides). */
  findSessionByHash(tokenHash: string): Promise<SessionRow | null>;
  getSession(id: string): Promise<SessionRow | null>;
  touchSession(id: string, at: number): Promise<void>;
  revokeSession(id: string, at: number): Promise<boolean>;
  /** Revoke every live session of a user except `exceptId`; returns the ids revoked. */
  revokeUserSessions(userId: string, at: number, exceptId?: string): Promise<string[]>;
  /** Sessions neither revoked nor past their absolute limit, newest first. */
  listSessions(userId: string, now: number): Promise<SessionRow[]>;
  /** Housekeeping: drop sessions revoked or past their absolute limit before `before`. */
  deleteSessionsBefore(before: number): Promise<number>;

  // display links
  createDisplayLink(link: NewDisplayLink): Promise<DisplayLinkRow>;
  findDisplayLinkByHash(tokenHash: string): Promise<DisplayLinkRow | null>;
  getDisplayLink(id: string): Promise<DisplayLinkRow | null>;
  listDisplayLinks(): Promise<DisplayLinkRow[]>;
  revokeDisplayLink(id: string, at: number): Promise<boolean>;
  touchDisplayLink(id: string, at: number): Promise<void>;

  // api tokens
  createApiToken(token: NewApiToken): Promise<ApiTokenRow>;
  findApiTokenByHash(tokenHash: string): Promise<ApiTokenRow | null>;
  getApiToken(id: string): Promise<ApiTokenRow | null>;
  listApiTokens(): Promise<ApiTokenRow[]>;
  revokeApiToken(id: string, at: number): Promise<boolean>;
  touchApiToken(id: string, at: number): Promise<void>;

  // login failures (lockout)
  /**
   * Count one failure atomically (Postgres: INSERT ... ON CONFLICT DO UPDATE ... RETURNING):
   * a counter whose last failure is older than `resetBefore` starts again at 1.
   */
  recordFailure(key: string, at: number, resetBefore: number): Promise<FailureRow>;
  getFailure(key: string): Promise<FailureRow | null>;
  clearFailure(key: string): Promise<void>;
}
