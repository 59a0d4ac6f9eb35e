/**
 * Alert history with history on: entries go to the memory ring at once and to a write-behind
 * queue for alert_history. Queries read the database merged with what is not written yet; with
 * no database (opening, failed, or a failing query) the memory ring answers.
 */
import type { AlertHistoryEntry, AlertHistoryPage } from '@/lib/alerts/types';
import { matchesAlertFilter, MemoryAlertStore, type AlertHistoryQuery, type AlertStore } from '@/server/alerts/alert-store';
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import { pageWithPending } from '@/server/store/newest-first';
import { alertEntryKey, alertSortKey, PgAlertStore } from '@/server/store/pg-alert-store';
import { WriteBehind, type WriteBehindOptions } from './write-behind';

export class WriteBehindAlertStore implements AlertStore {
  readonly memory: MemoryAlertStore;
  readonly queue: WriteBehind<AlertHistoryEntry>;
  private pg: PgAlertStore | null = null;

  constructor(
    private readonly log: Logger,
    options: { memoryEntries?: number; queue?: Partial<WriteBehindOptions<AlertHistoryEntry>> } = {},
  ) {
    this.memory = new MemoryAlertStore(options.memoryEntries);
    this.queue = new WriteBehind<AlertHistoryEntry>({
      name: 'alerts',
      keyOf: alertEntryKey,
      write: (db, batch) => new PgAlertStore(db).append(batch),
      log,
      ...options.queue,
    });
  }

  attach(db: Queryable): void {
    this.pg = new PgAlertStore(db);
    this.queue.attach(db);
  }

  async append(entries: readonly AlertHistoryEntry[]): Promise<void> {
    await this.memory.append(entries);
    for (const e of entries) this.queue.push(e);
  }

  async query(q: AlertHistoryQuery): Promise<AlertHistoryPage> {
    if (!this.pg) return this.memory.query(q);
    const pg = this.pg;
    try {
      const page = await pageWithPending(this.queue.pending(), (e) => matchesAlertFilter(e, q), alertSortKey, q.cursor, q.limit, (after) => pg.page(q, after));
      return { entries: page.rows, nextCursor: page.next };
    } catch (err) {
      this.log.warn({ err }, 'alert history query failed on the database: answering from memory');
      return this.memory.query(q);
    }
  }
}
