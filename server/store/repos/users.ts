/**
 * users and sessions, in the shapes of the auth layer's `AuthStore` (server/auth/store.ts).
 * Passwords and session tokens are stored as hashes only; hashing is the caller's job (this
 * layer never sees a secret). Times are epoch ms; ids are uuids the database assigns, and an id
 * that is not one finds nothing (see sql-ids.ts).
 */
import type { Queryable } from '../db';
import { isUuid } from '../sql-ids';
import { fromTs, fromTsOrNull, toTs, toTsOrNull } from '../sql-time';
import type { Role } from '@/lib/control/actor';
import type { SessionRow, UserPatch, UserRow } from '@/server/auth/store';

export type User = UserRow;
export type Session = SessionRow;

/** users as the drivers return it. */
interface UserRecord {
  id: string;
  username: string;
  display_name: string;
  role: string;
  teams: string[];
  password_hash: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  last_login_at: Date | string | null;
  disabled_at: Date | string | null;
  phone: string | null;
}

function userFromRow(r: UserRecord): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    teams: r.teams,
    passwordHash: r.password_hash,
    createdAt: fromTs(r.created_at),
    updatedAt: fromTs(r.updated_at),
    lastLoginAt: fromTsOrNull(r.last_login_at),
    disabledAt: fromTsOrNull(r.disabled_at),
    phone: r.phone,
  };
}

const USER_COLUMNS = 'id, username, display_name, role, teams, password_hash, created_at, updated_at, last_login_at, disabled_at, phone';

/** A second user whose name differs only in case violates `users_username_key` (SQLSTATE 23505). */
export async function createUser(
  q: Queryable,
  u: {
    username: string;
    displayName: string;
    role: string;
    teams?: readonly string[];
    passwordHash?: string | null;
    phone?: string | null;
    /** Default: the database's now(). updated_at starts equal to it. */
    createdAt?: number;
  },
): Promise<User> {
  const r = await q.query<UserRecord>(
    `INSERT INTO users (username, display_name, role, teams, password_hash, created_at, updated_at, phone)
     VALUES ($1, $2, $3, $4::text[], $5, coalesce($6::timestamptz, now()), coalesce($6::timestamptz, now()), $7)
     RETURNING ${USER_COLUMNS}`,
    [u.username, u.displayName, u.role, [...(u.teams ?? [])], u.passwordHash ?? null, toTsOrNull(u.createdAt), u.phone ?? null],
  );
  const row = r.rows[0];
  if (!row) throw new Error('createUser: no row returned');
  return userFromRow(row);
}

export async function getUser(q: Queryable, id: string): Promise<User | null> {
  if (!isUuid(id)) return null;
  const r = await q.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return r.rows[0] ? userFromRow(r.rows[0]) : null;
}

/** Case-insensitive, like the unique index. */
export async function getUserByUsername(q: Queryable, username: string): Promise<User | null> {
  const r = await q.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`, [username]);
  return r.rows[0] ? userFromRow(r.rows[0]) : null;
}

export async function listUsers(q: Queryable): Promise<User[]> {
  const r = await q.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username), username`);
  return r.rows.map(userFromRow);
}

/** Patchable columns: a closed list, so only these names ever reach the SQL text. */
const PATCH_COLUMNS: { [K in keyof Required<UserPatch>]: { column: string; param: (v: UserPatch[K]) => unknown; cast: string } } = {
  displayName: { column: 'display_name', param: (v) => v, cast: 'text' },
  role: { column: 'role', param: (v) => v, cast: 'text' },
  teams: { column: 'teams', param: (v) => (v ? [...v] : v), cast: 'text[]' },
  passwordHash: { column: 'password_hash', param: (v) => v, cast: 'text' },
  disabledAt: { column: 'disabled_at', param: (v) => toTsOrNull(v), cast: 'timestamptz' },
  lastLoginAt: { column: 'last_login_at', param: (v) => toTsOrNull(v), cast: 'timestamptz' },
  phone: { column: 'phone', param: (v) => v, cast: 'text' },
};

/**
 * Set the given fields (undefined: unchanged; null: cleared, for the nullable ones) and
 * `updated_at = at`, in one statement. Null when there is no such user.
 */
export async function updateUser(q: Queryable, id: string, patch: UserPatch, at: number): Promise<User | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id, toTs(at)];
  const sets = ['updated_at = $2::timestamptz'];
  for (const key of Object.keys(PATCH_COLUMNS) as (keyof UserPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const spec = PATCH_COLUMNS[key] as { column: string; param: (v: unknown) => unknown; cast: string };
    params.push(spec.param(value));
    sets.push(`${spec.column} = $${params.length}::${spec.cast}`);
  }
  const r = await q.query<UserRecord>(`UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING ${USER_COLUMNS}`, params);
  return r.rows[0] ? userFromRow(r.rows[0]) : null;
}

/** Deletes the user's sessions too (ON DELETE CASCADE); links and tokens they made keep a null creator. */
export async function deleteUser(q: Queryable, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await q.query(`DELETE FROM users WHERE id = $1`, [id]);
  return r.rowCount > 0;
}

// ---------------------------------------------------------------------------------------------
// Sessions

interface SessionRecord {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Date | string;
  expires_at: Date | string;
  last_used_at: Date | string;
  revoked_at: Date | string | null;
  ip: string | null;
  user_agent: string | null;
}

function sessionFromRow(r: SessionRecord): Session {
  return {
    id: r.id,
    tokenHash: r.token_hash,
    userId: r.user_id,
    createdAt: fromTs(r.created_at),
    expiresAt: fromTs(r.expires_at),
    lastUsedAt: fromTs(r.last_used_at),
    revokedAt: fromTsOrNull(r.revoked_at),
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

const SESSION_COLUMNS = 'id, token_hash, user_id, created_at, expires_at, last_used_at, revoked_at, ip, user_agent';

/** `tokenHash` must be a SHA-256 hex digest (a CHECK refuses anything else: SQLSTATE 23514). */
export async function createSession(
  q: Queryable,
  s: {
    userId: string;
    tokenHash: string;
    expiresAt: number;
    /** Default: the database's now(). */
    createdAt?: number;
    /** Default: createdAt (idle expiry counts from creation). */
    lastUsedAt?: number;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<Session> {
  const r = await q.query<SessionRecord>(
    `INSERT INTO sessions (user_id, token_hash, created_at, expires_at, last_used_at, ip, user_agent)
     VALUES ($1, $2, coalesce($3::timestamptz, now()), $4::timestamptz, coalesce($5::timestamptz, $3::timestamptz, now()), $6, $7)
     RETURNING ${SESSION_COLUMNS}`,
    [s.userId, s.tokenHash, toTsOrNull(s.createdAt), toTs(s.expiresAt), toTsOrNull(s.lastUsedAt), s.ip ?? null, s.userAgent ?? null],
  );
  const row = r.rows[0];
  if (!row) throw new Error('createSession: no row returned');
  return sessionFromRow(row);
}

export async function getSession(q: Queryable, id: string): Promise<Session | null> {
  if (!isUuid(id)) return null;
  const r = await q.query<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`, [id]);
  return r.rows[0] ? sessionFromRow(r.rows[0]) : null;
}

/** Any session with this hash, revoked or expired included (the caller decides). */
export async function findSessionByHash(q: Queryable, tokenHash: string): Promise<Session | null> {
  const r = await q.query<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1`, [tokenHash]);
  return r.rows[0] ? sessionFromRow(r.rows[0]) : null;
}

/** The live session for a token hash (not revoked, not expired at `now`, user not disabled). */
export async function findActiveSession(
  q: Queryable,
  tokenHash: string,
  now: number,
): Promise<{ session: Session; user: User } | null> {
  const r = await q.query<SessionRecord & { u: UserRecord }>(
    `SELECT s.id, s.token_hash, s.user_id, s.created_at, s.expires_at, s.last_used_at, s.revoked_at, s.ip, s.user_agent,
            to_jsonb(u) AS u
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2::timestamptz AND u.disabled_at IS NULL`,
    [tokenHash, toTs(now)],
  );
  const row = r.rows[0];
  if (!row) return null;
  // to_jsonb turns timestamps into strings; fromTs accepts both.
  return { session: sessionFromRow(row), user: userFromRow(row.u) };
}

/** Sessions of a user neither revoked nor past their absolute limit at `now`, newest first. */
export async function listSessions(q: Queryable, userId: string, now: number): Promise<Session[]> {
  if (!isUuid(userId)) return [];
  const r = await q.query<SessionRecord>(
    `SELECT ${SESSION_COLUMNS} FROM sessions
     WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2::timestamptz
     ORDER BY created_at DESC, id`,
    [userId, toTs(now)],
  );
  return r.rows.map(sessionFromRow);
}

export async function touchSession(q: Queryable, id: string, at: number): Promise<void> {
  if (!isUuid(id)) return;
  await q.query(`UPDATE sessions SET last_used_at = $2::timestamptz WHERE id = $1`, [id, toTs(at)]);
}

/** False when there is no such session or it was revoked already (the first revocation time stays). */
export async function revokeSession(q: Queryable, id: string, at: number): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await q.query(`UPDATE sessions SET revoked_at = $2::timestamptz WHERE id = $1 AND revoked_at IS NULL`, [
    id,
    toTs(at),
  ]);
  return r.rowCount > 0;
}

/** Revoke every session of a user not yet revoked, except `exceptId`; the ids revoked (any order). */
export async function revokeUserSessions(q: Queryable, userId: string, at: number, exceptId?: string): Promise<string[]> {
  if (!isUuid(userId)) return [];
  const r = await q.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = $2::timestamptz
     WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)
     RETURNING id`,
    [userId, toTs(at), isUuid(exceptId) ? exceptId : null],
  );
  return r.rows.map((x) => x.id);
}

/** Housekeeping: drop sessions past their absolute limit, or revoked, at or before `before`. */
export async function deleteSessionsBefore(q: Queryable, before: number): Promise<number> {
  const r = await q.query(`DELETE FROM sessions WHERE expires_at <= $1::timestamptz OR revoked_at <= $1::timestamptz`, [
    toTs(before),
  ]);
  return r.rowCount;
}
