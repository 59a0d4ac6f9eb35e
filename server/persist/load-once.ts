/**
 * Read a stored document once the database is open, for the small write-behind documents (rule
 * set, thresholds). Null when there is no database, nothing stored, or the read fails: the
 * caller keeps its defaults, and a failure is logged, never thrown.
 */
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';

export async function loadOnce<T>(dbReady: Promise<Queryable | null>, load: (db: Queryable) => Promise<T | null>, log: Logger, what: string): Promise<T | null> {
  try {
    const db = await dbReady;
    return db ? await load(db) : null;
  } catch (err) {
    log.error({ err }, `${what} could not be read from the database: the defaults apply until the next change`);
    return null;
  }
}

/**
 * Read a stored document again (another web node changed it: CL6), once this process's own
 * queued writes of it are in (so they are not read back older); null as for `loadOnce`, except
 * that a failed read throws, so the caller keeps what it has and says so.
 */
export async function rereadAfterWrites<T>(queue: { flush(): Promise<boolean> }, dbReady: Promise<Queryable | null>, load: (db: Queryable) => Promise<T | null>): Promise<T | null> {
  await queue.flush();
  const db = await dbReady;
  return db ? load(db) : null;
}
