/**
 * Boot-time migrations (docs/storage.md, H1-H4): versions in `schema_migrations`, each
 * migration in its own transaction, serialised by an advisory lock so several processes
 * booting against one PostgreSQL apply each version once. A database newer than the code
 * stops the boot: running old code on a newer schema could write rows it no longer understands.
 */
import type { Db, Queryable } from './db';
import { MIGRATIONS, type Migration } from './migrations';
import type { Logger } from '@/server/log';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrateResult {
  /** Version before this run (0: empty database). */
  from: number;
  to: number;
  applied: number[];
}

/** Arbitrary constant; the second key separates schemas sharing one database. */
const LOCK_KEY = 0x0f100b;

async function lockAndEnsureTable(tx: Queryable): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, [LOCK_KEY]);
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const r = await tx.query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations`);
  return r.rows[0]?.v ?? 0;
}

/**
 * Versions must rise strictly. A gap is allowed: migrations are numbered when they are written,
 * and two written in parallel (003, 004) may reach a branch one at a time; each is
 * self-contained, so a later-merged lower number is applied by a fresh database in order.
 */
function checkList(migrations: readonly Migration[]): number {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) throw new MigrationError(`migration list out of order at ${m.version}-${m.name}`);
    previous = m.version;
  }
  return previous;
}

export async function migrate(db: Db, log: Logger, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  const latest = checkList(migrations);
  const from = await db.transaction(lockAndEnsureTable);
  if (from > latest) {
    throw new MigrationError(
      `the database is at schema version ${from}, newer than this build knows (${latest}): refusing to start; run the newer build or restore a backup`,
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    await db.transaction(async (tx) => {
      // Re-read under the lock: another process may have applied it since we looked.
      const current = await lockAndEnsureTable(tx);
      if (current >= m.version) return;
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    });
    log.info({ version: m.version, name: m.name }, 'migration applied');
  }
  return { from, to: Math.max(from, latest), applied };
}

export async function schemaVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations`);
  return r.rows[0]?.v ?? 0;
}
