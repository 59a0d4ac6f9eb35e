/**
 * login_failures: the sign-in lockout's counters (docs/security.md LO-1..LO-4), one row per key
 * (`user:<lower username>` or `ip:<address>`). Counting is one atomic upsert, so concurrent
 * failures under one key (several processes, or the pool's parallel connections) each count.
 */
import type { Queryable } from '../db';
import { fromTs, toTs } from '../sql-time';
import type { FailureRow } from '@/server/auth/store';

interface FailureRecord {
  key: string;
  failures: number;
  first_at: Date;
  last_at: Date;
}

function fromRow(r: FailureRecord): FailureRow {
  return { key: r.key, failures: r.failures, firstAt: fromTs(r.first_at), lastAt: fromTs(r.last_at) };
}

/**
 * Count one failure at `at`. A counter whose last failure is older than `resetBefore` starts
 * again at 1 (first_at = at). `last_at` never moves backwards when failures arrive out of order.
 */
export async function recordFailure(q: Queryable, key: string, at: number, resetBefore: number): Promise<FailureRow> {
  const r = await q.query<FailureRecord>(
    `INSERT INTO login_failures AS f (key, failures, first_at, last_at)
     VALUES ($1, 1, $2::timestamptz, $2::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN f.last_at >= $3::timestamptz THEN f.failures + 1 ELSE 1 END,
       first_at = CASE WHEN f.last_at >= $3::timestamptz THEN f.first_at ELSE excluded.first_at END,
       last_at = CASE WHEN f.last_at >= $3::timestamptz THEN greatest(f.last_at, excluded.last_at) ELSE excluded.last_at END
     RETURNING key, failures, first_at, last_at`,
    [key, toTs(at), toTs(resetBefore)],
  );
  const row = r.rows[0];
  if (!row) throw new Error('recordFailure: no row returned');
  return fromRow(row);
}

export async function getFailure(q: Queryable, key: string): Promise<FailureRow | null> {
  const r = await q.query<FailureRecord>(`SELECT key, failures, first_at, last_at FROM login_failures WHERE key = $1`, [key]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function clearFailure(q: Queryable, key: string): Promise<void> {
  await q.query(`DELETE FROM login_failures WHERE key = $1`, [key]);
}

/** Forget counters whose last failure is older than `before` (they would restart at 1 anyway). */
export async function deleteFailuresBefore(q: Queryable, before: number): Promise<number> {
  const r = await q.query(`DELETE FROM login_failures WHERE last_at < $1::timestamptz`, [toTs(before)]);
  return r.rowCount;
}
