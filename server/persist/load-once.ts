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
