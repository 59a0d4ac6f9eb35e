/**
 * display_links (a TV shows a board without a user sign-in) and api_tokens (scripts, exports):
 * both are bearer secrets stored as a SHA-256 hex digest (a CHECK refuses anything else), scoped
 * to teams, revocable, optionally expiring. Rows come in the auth layer's shapes
 * (`DisplayLinkRow`, `ApiTokenRow` in server/auth/store.ts); the operations after creation are
 * shared, so they take the table as a parameter.
 */
import type { Queryable } from '../db';
import { isUuid } from '../sql-ids';
import { fromTs, fromTsOrNull, toTs, toTsOrNull } from '../sql-time';
import type { Role } from '@/lib/control/actor';
import type { DisplayView, TokenAccess } from '@/lib/auth/types';
import type { ApiTokenRow, DisplayLinkRow } from '@/server/auth/store';

export type CredentialTable = 'display_links' | 'api_tokens';

export interface CredentialRows {
  display_links: DisplayLinkRow;
  api_tokens: ApiTokenRow;
}

interface CommonRecord {
  id: string;
  name: string;
  token_hash: string;
  teams: string[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

interface DisplayLinkRecord extends CommonRecord {
  options: DisplayView;
}

interface ApiTokenRecord extends CommonRecord {
  role: string;
  access: string;
}

function common(r: CommonRecord) {
  return {
    id: r.id,
    name: r.name,
    tokenHash: r.token_hash,
    teams: r.teams,
    createdBy: r.created_by,
    createdAt: fromTs(r.created_at),
    expiresAt: fromTsOrNull(r.expires_at),
    revokedAt: fromTsOrNull(r.revoked_at),
    lastUsedAt: fromTsOrNull(r.last_used_at),
  };
}

// The table name is interpolated, so it must come from this closed list, never from input.
const TABLES: { [K in CredentialTable]: { columns: string; fromRow: (r: never) => CredentialRows[K] } } = {
  display_links: {
    columns: 'id, name, token_hash, teams, options, created_by, created_at, expires_at, revoked_at, last_used_at',
    fromRow: (r: DisplayLinkRecord): DisplayLinkRow => ({ ...common(r), view: r.options }),
  },
  api_tokens: {
    columns: 'id, name, token_hash, teams, role, access, created_by, created_at, expires_at, revoked_at, last_used_at',
    fromRow: (r: ApiTokenRecord): ApiTokenRow => ({ ...common(r), role: r.role as Role, access: r.access as TokenAccess }),
  },
};

function mapRows<T extends CredentialTable>(table: T, rows: unknown[]): CredentialRows[T][] {
  const fromRow = TABLES[table].fromRow as (r: unknown) => CredentialRows[T];
  return rows.map(fromRow);
}

/** `teams`: ['*'] for the whole floor, never [] (a CHECK refuses an empty list: SQLSTATE 23514). */
export async function createDisplayLink(
  q: Queryable,
  c: {
    name: string;
    tokenHash: string;
    teams: readonly string[];
    /** Board URL parameters, stored in display_links.options. */
    view?: DisplayView;
    createdBy?: string | null;
    /** Default: the database's now(). */
    createdAt?: number;
    expiresAt?: number | null;
  },
): Promise<DisplayLinkRow> {
  const r = await q.query(
    `INSERT INTO display_links (name, token_hash, teams, options, created_by, created_at, expires_at)
     VALUES ($1, $2, $3::text[], $4::jsonb, $5, coalesce($6::timestamptz, now()), $7::timestamptz)
     RETURNING ${TABLES.display_links.columns}`,
    [c.name, c.tokenHash, [...c.teams], JSON.stringify(c.view ?? {}), c.createdBy ?? null, toTsOrNull(c.createdAt), toTsOrNull(c.expiresAt)],
  );
  const [row] = mapRows('display_links', r.rows);
  if (!row) throw new Error('createDisplayLink: no row returned');
  return row;
}

export async function createApiToken(
  q: Queryable,
  c: {
    name: string;
    tokenHash: string;
    role: Role;
    teams?: readonly string[];
    /** Default 'read'. */
    access?: TokenAccess;
    createdBy?: string | null;
    /** Default: the database's now(). */
    createdAt?: number;
    expiresAt?: number | null;
  },
): Promise<ApiTokenRow> {
  const r = await q.query(
    `INSERT INTO api_tokens (name, token_hash, role, teams, access, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4::text[], $5, $6, coalesce($7::timestamptz, now()), $8::timestamptz)
     RETURNING ${TABLES.api_tokens.columns}`,
    [
      c.name,
      c.tokenHash,
      c.role,
      [...(c.teams ?? [])],
      c.access ?? 'read',
      c.createdBy ?? null,
      toTsOrNull(c.createdAt),
      toTsOrNull(c.expiresAt),
    ],
  );
  const [row] = mapRows('api_tokens', r.rows);
  if (!row) throw new Error('createApiToken: no row returned');
  return row;
}

export async function getCredential<T extends CredentialTable>(q: Queryable, table: T, id: string): Promise<CredentialRows[T] | null> {
  if (!isUuid(id)) return null;
  const r = await q.query(`SELECT ${TABLES[table].columns} FROM ${table} WHERE id = $1`, [id]);
  return mapRows(table, r.rows)[0] ?? null;
}

/** The credential with this hash, revoked or expired included (the caller decides). */
export async function findCredentialByHash<T extends CredentialTable>(
  q: Queryable,
  table: T,
  tokenHash: string,
): Promise<CredentialRows[T] | null> {
  const r = await q.query(`SELECT ${TABLES[table].columns} FROM ${table} WHERE token_hash = $1`, [tokenHash]);
  return mapRows(table, r.rows)[0] ?? null;
}

/** The credential for a token hash if usable at `now` (not revoked, not expired). */
export async function findActiveCredential<T extends CredentialTable>(
  q: Queryable,
  table: T,
  tokenHash: string,
  now: number,
): Promise<CredentialRows[T] | null> {
  const r = await q.query(
    `SELECT ${TABLES[table].columns} FROM ${table}
     WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2::timestamptz)`,
    [tokenHash, toTs(now)],
  );
  return mapRows(table, r.rows)[0] ?? null;
}

/** Newest first. */
export async function listCredentials<T extends CredentialTable>(q: Queryable, table: T): Promise<CredentialRows[T][]> {
  const r = await q.query(`SELECT ${TABLES[table].columns} FROM ${table} ORDER BY created_at DESC, id`);
  return mapRows(table, r.rows);
}

export async function touchCredential(q: Queryable, table: CredentialTable, id: string, at: number): Promise<void> {
  if (!isUuid(id)) return;
  await q.query(`UPDATE ${table} SET last_used_at = $2::timestamptz WHERE id = $1`, [id, toTs(at)]);
}

/** False when there is no such credential or it was revoked already (the first revocation time stays). */
export async function revokeCredential(q: Queryable, table: CredentialTable, id: string, at: number): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await q.query(`UPDATE ${table} SET revoked_at = $2::timestamptz WHERE id = $1 AND revoked_at IS NULL`, [
    id,
    toTs(at),
  ]);
  return r.rowCount > 0;
}
