/**
 * With history on, the audit trail, announcements, alert history, alert rules and colour
 * thresholds are kept in the history database (issue #7) through write-behind stores: the live
 * path writes to memory and never waits; the queues write once the store is open (seconds after
 * boot), retry while the database is down, and count what they cannot keep. With HISTORY=off
 * this is not wired and the memory stores stay as they are.
 */
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import type { Store } from '@/server/store/index';
import { WriteBehindAlertStore } from './alert-store';
import { WriteBehindAnnouncementStore } from './announcement-store';
import { WriteBehindAuditStore } from './audit-store';
import { WriteBehindRuleStore } from './rule-store';
import { WriteBehindThresholdStore } from './threshold-store';
import type { WriteBehind, WriteBehindStats } from './write-behind';

export interface Persistence {
  audit: WriteBehindAuditStore;
  announcements: WriteBehindAnnouncementStore;
  alerts: WriteBehindAlertStore;
  rules: WriteBehindRuleStore;
  thresholds: WriteBehindThresholdStore;
  /** Per queue: audit, announcements, alerts, alert-rules, thresholds. */
  stats(): Record<string, WriteBehindStats>;
  /** Everything queued is written (true), or the timeout passed / there is no database (false). */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Drain (up to `timeoutMs` each) and stop: call before the history store closes. */
  close(timeoutMs?: number): Promise<void>;
}

export function wirePersistence(deps: { ready: Promise<Store>; log: Logger; timeZone: string; auditMemoryRows?: number }): Persistence {
  const log = deps.log.child({ component: 'persist' });
  const dbReady: Promise<Queryable | null> = deps.ready.then(
    (store) => store.db,
    () => null,
  );
  const audit = new WriteBehindAuditStore(log, { timeZone: deps.timeZone, ...(deps.auditMemoryRows ? { memoryRows: deps.auditMemoryRows } : {}) });
  const announcements = new WriteBehindAnnouncementStore(log);
  const alerts = new WriteBehindAlertStore(log);
  const rules = new WriteBehindRuleStore(dbReady, log);
  const thresholds = new WriteBehindThresholdStore(dbReady, log);
  const stores = [audit, announcements, alerts, rules, thresholds];
  const queues: WriteBehind<unknown>[] = stores.map((s) => s.queue as WriteBehind<unknown>);

  void dbReady.then((db) => {
    for (const s of stores) {
      if (db) s.attach(db);
      else s.queue.abandon();
    }
  });

  return {
    audit,
    announcements,
    alerts,
    rules,
    thresholds,
    stats: () => Object.fromEntries(queues.map((q) => [q.name, q.stats()])),
    async flush(timeoutMs = 10_000) {
      const done = await Promise.all(queues.map((q) => q.flush(timeoutMs)));
      return done.every(Boolean);
    },
    async close(timeoutMs = 5_000) {
      await Promise.all(queues.map((q) => q.close(timeoutMs)));
    },
  };
}
