/**
 * The history store as the server boots it: open the database (PGlite, or PostgreSQL when
 * DATABASE_URL is set), migrate, start the recorder and the retention job. One call to wire,
 * one to close (recorder drained first, then the database).
 */
import { openDb, type Db } from './db';
import { migrate, type MigrateResult } from './migrate';
import { createRecorder, type Recorder, type RecorderOptions } from './recorder';
import { DEFAULT_RETENTION_DAYS, startRetentionJob } from './repos/retention';
import type { Logger } from '@/server/log';

export interface Store {
  db: Db;
  recorder: Recorder;
  migration: MigrateResult;
  /** Drain the recorder (up to `drainTimeoutMs`, default 5 s), stop retention, close the database. */
  close(drainTimeoutMs?: number): Promise<void>;
}

export interface OpenStoreOptions {
  databaseUrl?: string;
  /** DATA_DIR (PGlite lives in DATA_DIR/pglite), or 'memory://'. */
  dataDir: string;
  log: Logger;
  /** Days of history to keep (default 90); 0 disables the retention job. */
  retentionDays?: number;
  recorder?: Omit<RecorderOptions, 'db' | 'log'>;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const log = options.log.child({ component: 'store' });
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, log });
  let migration: MigrateResult;
  try {
    migration = await migrate(db, log);
  } catch (err) {
    await db.close();
    throw err;
  }
  const recorder = createRecorder({ ...options.recorder, db, log });
  const days = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const stopRetention = days > 0 ? startRetentionJob(db, log, { days }) : () => {};
  return {
    db,
    recorder,
    migration,
    async close(drainTimeoutMs = 5_000) {
      stopRetention();
      await recorder.close(drainTimeoutMs);
      await db.close();
    },
  };
}

export { openDb, type Db, type Queryable } from './db';
export { migrate, MigrationError } from './migrate';
export { PgAuthStore, type PgAuthStoreOptions } from './auth-store';
export { createRecorder, type Recorder, type RecorderAlarm, type RecorderStats } from './recorder';
export { deriveRecords } from './derive-records';
export type { RecordItem } from './record-items';
