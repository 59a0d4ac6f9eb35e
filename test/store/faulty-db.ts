/**
 * A Db wrapper that fails on demand, for outage tests on the embedded driver (PGlite runs in
 * this process: there is no server to stop). Failures look like a lost connection (no SQLSTATE).
 */
import type { Db, Queryable } from '@/server/store/db';

export interface FaultyDb extends Db {
  /** Every call fails while true. */
  down: boolean;
  /** Inside a transaction, fail on this statement (1-based) once, after the earlier ones ran. */
  failOnStatement: number | null;
  failures: number;
}

function lost(): Error {
  return new Error('Connection terminated unexpectedly');
}

export function faulty(inner: Db): FaultyDb {
  const self: FaultyDb = {
    driver: inner.driver,
    down: false,
    failOnStatement: null,
    failures: 0,
    async query(sql, params) {
      if (self.down) {
        self.failures += 1;
        throw lost();
      }
      return inner.query(sql, params);
    },
    async exec(sql) {
      if (self.down) throw lost();
      return inner.exec(sql);
    },
    async transaction(fn) {
      if (self.down) {
        self.failures += 1;
        throw lost();
      }
      return inner.transaction(async (tx) => {
        let n = 0;
        const wrapped: Queryable = {
          async query(sql, params) {
            n += 1;
            if (self.failOnStatement === n) {
              self.failOnStatement = null;
              self.failures += 1;
              throw lost();
            }
            return tx.query(sql, params);
          },
          exec: (sql) => tx.exec(sql),
        };
        return fn(wrapped);
      });
    },
    close: () => inner.close(),
  };
  return self;
}
