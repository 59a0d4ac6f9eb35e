/**
 * display_links (a TV shows a board without a user sign-in) and api_tokens (scripts, exports):
 * both are bearer secrets stored as a hash, scoped to teams, revocable, optionally expiring.
 * The two tables share every operation, so one module serves both.
 */
import type { Queryable } from '../db';
import { fromTs, fromTsOrNull, toTs, toTsOrNull } from '../sql-time';

export type CredentialTable = 'display_links' | 'api_tokens';

export interface Credential {
  id: string;
  name: string;
  teams: string[];
  /** api_tokens only. */
  role: string | null;
  /** display_links only (board options: view, density, paging). */
  options: Record<string, unknown> | null;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

interface DbRow {
  id: string;
  name: string;
  teams: string[];
  role?: string;
  options?: Record<string, unknown>;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

function fromRow(r: DbRow): Credential {
  return {
    id: r.id,
    name: r.name,
    teams: r.teams,
    role: r.role ?? null,
    options: r.options ?? null,
    createdBy: r.created_by,
    createdAt: fromTs(r.created_at),
    expiresAt: fromTsOrNull(r.expires_at),
    revokedAt: fromTsOrNull(r.revoked_at),
    lastUsedAt: fromTsOrNull(r.last_used_at),
  };
}

// The table name is interpolated, so it must come from this closed list, never from input.
const TABLES: Record<CredentialTable, { extra: string; columns: string }> = {
  display_links: { extra: 'options', columns: 'id, name, teams, options, created_by, created_at, expires_at, revoked_at, last_used_at' },
  api_tokens: { extra: 'role', columns: 'id, name, teams, role, created_by, created_at, expires_at, revoked_at, last_used_at' },
};

export async function createCredential(
  q: Queryable,
  table: CredentialTable,
  c: {
    name: string;
    tokenHash: string;
    teams?: readonly string[];
    role?: string;
    options?: Record<string, unknown>;
    createdBy?: string | null;
    expiresAt?: number | null;
  },
): Promise<Credential> {
  const t = TABLES[table];
  const extra = table === 'api_tokens' ? (c.role ?? 'viewer') : JSON.stringify(c.options ?? {});
  const r = await q.query<DbRow>(
    `INSERT INTO ${table} (name, token_hash, teams, ${t.extra}, created_by, expires_at)
     VALUES ($1, $2, $3::text[], $4${table === 'display_links' ? '::jsonb' : ''}, $5, $6::timestamptz)
     RETURNING ${t.columns}`,
    [c.name, c.tokenHash, [...(c.teams ?? [])], extra, c.createdBy ?? null, toTsOrNull(c.expiresAt)],
  );
  const row = r.rows[0];
  if (!row) throw new Error('createCredential: no row returned');
  return fromRow(row);
}

/** The credential for a token hash if usable at `now` (not revoked, not expired). */
export async function findActiveCredential(
  q: Queryable,
  table: CredentialTable,
  tokenHash: string,
  now: number,
): Promise<Credential | null> {
  const r = await q.query<DbRow>(
    `SELECT ${TABLES[table].columns} FROM ${table}
     WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamptz)`,
    [tokenHash, toTs(now)],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function listCredentials(q: Queryable, table: CredentialTable): Promise<Credential[]> {
  const r = await q.query<DbRow>(`SELECT ${TABLES[table].columns} FROM ${table} ORDER BY created_at DESC, id`);
  return r.rows.map(fromRow);
}

export async function touchCredential(q: Queryable, table: CredentialTable, id: string, at: number): Promise<void> {
  await q.query(`UPDATE ${table} SET last_used_at = $2::timestamptz WHERE id = $1`, [id, toTs(at)]);
}

export async function revokeCredential(q: Queryable, table: CredentialTable, id: string, at: number): Promise<boolean> {
  const r = await q.query(`UPDATE ${table} SET revoked_at = $2::timestamptz WHERE id = $1 AND revoked_at IS NULL`, [
    id,
    toTs(at),
  ]);
  return r.rowCount > 0;
}
