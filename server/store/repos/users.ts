/**
 * users and sessions: storage basics for the sign-in issue. Passwords and session tokens are
 * stored as hashes only; hashing is the caller's job (this layer never sees a secret).
 */
import type { Queryable } from '../db';
import { fromTs, fromTsOrNull, toTs } from '../sql-time';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  teams: string[];
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
  disabledAt: number | null;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  teams: string[];
  password_hash: string | null;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  disabled_at: Date | null;
}

function userFromRow(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    teams: r.teams,
    passwordHash: r.password_hash,
    createdAt: fromTs(r.created_at),
    updatedAt: fromTs(r.updated_at),
    lastLoginAt: fromTsOrNull(r.last_login_at),
    disabledAt: fromTsOrNull(r.disabled_at),
  };
}

export async function createUser(
  q: Queryable,
  u: { username: string; displayName: string; role: string; teams?: readonly string[]; passwordHash?: string | null },
): Promise<User> {
  const r = await q.query<UserRow>(
    `INSERT INTO users (username, display_name, role, teams, password_hash) VALUES ($1, $2, $3, $4::text[], $5) RETURNING *`,
    [u.username, u.displayName, u.role, [...(u.teams ?? [])], u.passwordHash ?? null],
  );
  const row = r.rows[0];
  if (!row) throw new Error('createUser: no row returned');
  return userFromRow(row);
}

export async function getUser(q: Queryable, id: string): Promise<User | null> {
  const r = await q.query<UserRow>(`SELECT * FROM users WHERE id = $1`, [id]);
  return r.rows[0] ? userFromRow(r.rows[0]) : null;
}

/** Case-insensitive, like the unique index. */
export async function getUserByUsername(q: Queryable, username: string): Promise<User | null> {
  const r = await q.query<UserRow>(`SELECT * FROM users WHERE lower(username) = lower($1)`, [username]);
  return r.rows[0] ? userFromRow(r.rows[0]) : null;
}

export async function listUsers(q: Queryable): Promise<User[]> {
  const r = await q.query<UserRow>(`SELECT * FROM users ORDER BY lower(username)`);
  return r.rows.map(userFromRow);
}

export async function updateUser(
  q: Queryable,
  id: string,
  patch: { displayName?: string; role?: string; teams?: readonly string[]; passwordHash?: string | null; disabled?: boolean },
): Promise<User | null> {
  const r = await q.query<UserRow>(
    `UPDATE users SET
       display_name = coalesce($2, display_name),
       role = coalesce($3, role),
       teams = coalesce($4::text[], teams),
       password_hash = CASE WHEN $5::boolean THEN $6 ELSE password_hash END,
       disabled_at = CASE WHEN $7::boolean IS NULL THEN disabled_at WHEN $7 THEN coalesce(disabled_at, now()) ELSE NULL END,
       updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      id,
      patch.displayName ?? null,
      patch.role ?? null,
      patch.teams ? [...patch.teams] : null,
      patch.passwordHash !== undefined,
      patch.passwordHash ?? null,
      patch.disabled ?? null,
    ],
  );
  return r.rows[0] ? userFromRow(r.rows[0]) : null;
}

export async function deleteUser(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query(`DELETE FROM users WHERE id = $1`, [id]);
  return r.rowCount > 0;
}

// ---------------------------------------------------------------------------------------------
// Sessions

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  ip: string | null;
  userAgent: string | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

function sessionFromRow(r: SessionRow): Session {
  return {
    id: r.id,
    userId: r.user_id,
    createdAt: fromTs(r.created_at),
    expiresAt: fromTs(r.expires_at),
    lastUsedAt: fromTsOrNull(r.last_used_at),
    revokedAt: fromTsOrNull(r.revoked_at),
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

export async function createSession(
  q: Queryable,
  s: { userId: string; tokenHash: string; expiresAt: number; ip?: string | null; userAgent?: string | null },
): Promise<Session> {
  const r = await q.query<SessionRow>(
    `INSERT INTO sessions (user_id, token_hash, expires_at, ip, user_agent) VALUES ($1, $2, $3::timestamptz, $4, $5)
     RETURNING id, user_id, created_at, expires_at, last_used_at, revoked_at, ip, user_agent`,
    [s.userId, s.tokenHash, toTs(s.expiresAt), s.ip ?? null, s.userAgent ?? null],
  );
  const row = r.rows[0];
  if (!row) throw new Error('createSession: no row returned');
  return sessionFromRow(row);
}

/** The live session for a token hash (not revoked, not expired at `now`, user not disabled). */
export async function findActiveSession(
  q: Queryable,
  tokenHash: string,
  now: number,
): Promise<{ session: Session; user: User } | null> {
  const r = await q.query<SessionRow & { u: UserRow }>(
    `SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_used_at, s.revoked_at, s.ip, s.user_agent, to_jsonb(u) AS u
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2::timestamptz AND u.disabled_at IS NULL`,
    [tokenHash, toTs(now)],
  );
  const row = r.rows[0];
  if (!row) return null;
  // to_jsonb turns timestamps into strings; fromTs accepts both.
  return { session: sessionFromRow(row), user: userFromRow(row.u) };
}

export async function touchSession(q: Queryable, id: string, at: number): Promise<void> {
  await q.query(`UPDATE sessions SET last_used_at = $2::timestamptz WHERE id = $1`, [id, toTs(at)]);
}

export async function revokeSession(q: Queryable, id: string, at: number): Promise<boolean> {
  const r = await q.query(`UPDATE sessions SET revoked_at = $2::timestamptz WHERE id = $1 AND revoked_at IS NULL`, [
    id,
    toTs(at),
  ]);
  return r.rowCount > 0;
}

export async function revokeUserSessions(q: Queryable, userId: string, at: number): Promise<number> {
  const r = await q.query(`UPDATE sessions SET revoked_at = $2::timestamptz WHERE user_id = $1 AND revoked_at IS NULL`, [
    userId,
    toTs(at),
  ]);
  return r.rowCount;
}

export async function deleteExpiredSessions(q: Queryable, now: number): Promise<number> {
  const r = await q.query(`DELETE FROM sessions WHERE expires_at <= $1::timestamptz OR revoked_at IS NOT NULL`, [toTs(now)]);
  return r.rowCount;
}
