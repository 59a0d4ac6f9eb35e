/**
 * Retention (docs/storage.md, H15): history older than N days (default 90) leaves in bounded
 * batches, each its own short statement, so a first run over a year of rows neither holds a
 * long lock nor stalls the recorder's writes behind it (PGlite runs one statement at a time).
 */
import type { Db } from '../db';
import { DAY_MS, toTs } from '../sql-time';
import type { Logger } from '@/server/log';

export const DEFAULT_RETENTION_DAYS = 90;

/** The history tables and the column that ages them; the delete picks rows by primary key. */
const TARGETS = [
  { table: 'agent_transitions', key: 'id', where: 'at < $1::timestamptz' },
  { table: 'calls', key: 'session_id', where: 'connected_at < $1::timestamptz' },
  // A call whose connect was never recorded ages by its last update.
  { table: 'calls', key: 'session_id', where: 'connected_at IS NULL AND updated_at < $1::timestamptz' },
  { table: 'team_minute_rollups', key: 'team, minute', where: 'minute < $1::timestamptz' },
  { table: 'audit_log', key: 'id', where: 'at < $1::timestamptz' },
  { table: 'alert_history', key: 'id', where: 'at < $1::timestamptz' },
] as const;

export type RetentionTable = (typeof TARGETS)[number]['table'];

export interface RetentionResult {
  cutoff: number;
  deleted: Record<RetentionTable, number>;
  batches: number;
}

export async function deleteOlderThan(
  db: Db,
  options: { days?: number; now?: number; batchSize?: number } = {},
): Promise<RetentionResult> {
  const days = options.days ?? DEFAULT_RETENTION_DAYS;
  if (!(days > 0)) throw new RangeError('retention days must be positive');
  const batchSize = options.batchSize ?? 5_000;
  const cutoff = (options.now ?? Date.now()) - days * DAY_MS;
  const deleted: Record<RetentionTable, number> = { agent_transitions: 0, calls: 0, team_minute_rollups: 0, audit_log: 0, alert_history: 0 };
  let batches = 0;
  for (const t of TARGETS) {
    for (;;) {
      const r = await db.query(
        `DELETE FROM ${t.table} WHERE (${t.key}) IN (SELECT ${t.key} FROM ${t.table} WHERE ${t.where} LIMIT $2)`,
        [toTs(cutoff), batchSize],
      );
      batches += 1;
      deleted[t.table] += r.rowCount;
      if (r.rowCount < batchSize) break;
      // Let queued live writes (the recorder) in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return { cutoff, deleted, batches };
}

/** Run retention now and then every `intervalMs` (default 6 h); returns stop(). Errors are logged, never thrown. */
export function startRetentionJob(
  db: Db,
  log: Logger,
  options: { days?: number; intervalMs?: number; batchSize?: number } = {},
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async (): Promise<void> => {
    try {
      const r = await deleteOlderThan(db, { days: options.days, batchSize: options.batchSize });
      log.info({ cutoff: new Date(r.cutoff).toISOString(), deleted: r.deleted }, 'history retention ran');
    } catch (err) {
      log.error({ err }, 'history retention failed');
    }
    if (!stopped) {
      timer = setTimeout(() => void run(), options.intervalMs ?? 6 * 3_600_000);
      timer.unref();
    }
  };
  timer = setTimeout(() => void run(), 0);
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
