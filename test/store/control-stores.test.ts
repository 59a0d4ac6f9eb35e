/**
 * The stores that left memory for the history database (issue #7): each contract suite
 * (test/store/contracts/) runs on the memory store (the reference), on the Pg store over PGlite
 * and over the PostgreSQL server, and on the write-behind wrapper the server wires (PGlite), so
 * every implementation answers the same calls alike. One database per driver serves them all.
 */
import { afterAll } from 'vitest';
import { MemoryAlertStore, type AlertStore } from '@/server/alerts/alert-store';
import { MemoryRuleStore, type RuleStore } from '@/server/alerts/rule-store';
import { MemoryAnnouncementStore, type AnnouncementStore } from '@/server/control/announcement-store';
import { MemoryAuditStore, type AuditStore } from '@/server/control/audit';
import { WriteBehindAlertStore } from '@/server/persist/alert-store';
import { WriteBehindAnnouncementStore } from '@/server/persist/announcement-store';
import { WriteBehindAuditStore } from '@/server/persist/audit-store';
import { WriteBehindRuleStore } from '@/server/persist/rule-store';
import { WriteBehindThresholdStore } from '@/server/persist/threshold-store';
import { MemoryThresholdStore, type ThresholdStore } from '@/server/settings/threshold-store';
import type { Queryable } from '@/server/store/db';
import { PgAlertStore } from '@/server/store/pg-alert-store';
import { PgAnnouncementStore } from '@/server/store/pg-announcement-store';
import { PgAuditStore } from '@/server/store/pg-audit-store';
import { PgRuleStore } from '@/server/store/pg-rule-store';
import { PgThresholdStore } from '@/server/store/pg-threshold-store';
import { alertStoreContract } from './contracts/alert-store-contract';
import { announcementStoreContract } from './contracts/announcement-store-contract';
import { auditStoreContract } from './contracts/audit-store-contract';
import { ruleStoreContract, thresholdStoreContract } from './contracts/settings-contracts';
import type { StoreTarget } from './contracts/target';
import { DRIVERS, openTestDb, silentLog, truncateAll, type DriverName, type TestDb } from './helpers';

const TZ = { timeZone: 'Asia/Shanghai' };

const opened = new Map<DriverName, Promise<TestDb>>();
function dbOf(driver: DriverName): Promise<TestDb> {
  let p = opened.get(driver);
  if (!p) opened.set(driver, (p = openTestDb(driver)));
  return p;
}
afterAll(async () => {
  for (const p of opened.values()) await (await p).close();
}, 30_000);

/** The memory store: a reopen is the same instance (it has no other storage). */
function memoryTarget<S>(make: () => S): StoreTarget<S> {
  let store = make();
  return {
    setup: async () => {},
    fresh: async () => (store = make()),
    reopen: async () => store,
    teardown: async () => {},
  };
}

/**
 * A store over one of the test databases: emptied before each test, a new instance on reopen.
 * `settle` runs on every instance made since the last fresh() before the storage is read anew
 * or emptied (a write-behind store drains its queue, as a restart does).
 */
function dbTarget<S>(driver: DriverName, make: (db: Queryable) => S, settle: (store: S) => Promise<unknown> = async () => {}): StoreTarget<S> {
  let t: TestDb;
  let made: S[] = [];
  const next = (): S => {
    const s = make(t.db);
    made.push(s);
    return s;
  };
  const settleAll = async () => {
    for (const s of made) await settle(s);
  };
  return {
    setup: async () => {
      t = await dbOf(driver);
    },
    fresh: async () => {
      await settleAll();
      made = [];
      await truncateAll(t.db);
      return next();
    },
    reopen: async () => {
      await settleAll();
      return next();
    },
    teardown: settleAll,
  };
}

/** Flush a write-behind store's queue (a restart drains it before closing). */
const drained = async (s: { queue: { flush(ms?: number): Promise<boolean> } }) => {
  if (!(await s.queue.flush(10_000))) throw new Error('queue did not drain');
};

function attached<S extends { attach(db: Queryable): void }>(store: S, db: Queryable): S {
  store.attach(db);
  return store;
}

auditStoreContract('MemoryAuditStore', memoryTarget<AuditStore>(() => new MemoryAuditStore(100_000, TZ)));
alertStoreContract('MemoryAlertStore', memoryTarget<AlertStore>(() => new MemoryAlertStore()));
announcementStoreContract('MemoryAnnouncementStore', memoryTarget<AnnouncementStore>(() => new MemoryAnnouncementStore()));
ruleStoreContract('MemoryRuleStore', memoryTarget<RuleStore>(() => new MemoryRuleStore()));
thresholdStoreContract('MemoryThresholdStore', memoryTarget<ThresholdStore>(() => new MemoryThresholdStore()));

for (const driver of DRIVERS) {
  auditStoreContract(`PgAuditStore on ${driver}`, dbTarget<AuditStore>(driver, (db) => new PgAuditStore(db, TZ)));
  alertStoreContract(`PgAlertStore on ${driver}`, dbTarget<AlertStore>(driver, (db) => new PgAlertStore(db)));
  announcementStoreContract(`PgAnnouncementStore on ${driver}`, dbTarget<AnnouncementStore>(driver, (db) => new PgAnnouncementStore(db)));
  ruleStoreContract(`PgRuleStore on ${driver}`, dbTarget<RuleStore>(driver, (db) => new PgRuleStore(db)));
  thresholdStoreContract(`PgThresholdStore on ${driver}`, dbTarget<ThresholdStore>(driver, (db) => new PgThresholdStore(db)));
}

// The write-behind wrappers: queries merge the database with what the queue has not written yet.
auditStoreContract(
  'WriteBehindAuditStore on pglite',
  dbTarget<WriteBehindAuditStore>('pglite', (db) => attached(new WriteBehindAuditStore(silentLog, TZ), db), drained),
);
alertStoreContract(
  'WriteBehindAlertStore on pglite',
  dbTarget<WriteBehindAlertStore>('pglite', (db) => attached(new WriteBehindAlertStore(silentLog), db), drained),
);
announcementStoreContract(
  'WriteBehindAnnouncementStore on pglite',
  dbTarget<WriteBehindAnnouncementStore>('pglite', (db) => attached(new WriteBehindAnnouncementStore(silentLog), db), drained),
);
ruleStoreContract(
  'WriteBehindRuleStore on pglite',
  dbTarget<WriteBehindRuleStore>('pglite', (db) => attached(new WriteBehindRuleStore(Promise.resolve(db), silentLog), db), drained),
);
thresholdStoreContract(
  'WriteBehindThresholdStore on pglite',
  dbTarget<WriteBehindThresholdStore>('pglite', (db) => attached(new WriteBehindThresholdStore(Promise.resolve(db), silentLog), db), drained),
);
