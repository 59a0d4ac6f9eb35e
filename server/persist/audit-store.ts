/**
 * The audit trail with history on: every record goes to the memory ring at once (the live path
 * never waits) and to a write-behind queue for audit_log. Queries read the database merged with
 * the records not written yet, so a user sees their action at once; while there is no database
 * (still opening, failed, or a query fails) they read the memory ring, which holds this run's
 * newest records.
 */
import type { AuditPage, AuditRecord } from '@/lib/control/audit';
import { matchesAuditQuery, MemoryAuditStore, type AuditQuery, type AuditStore } from '@/server/control/audit';
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import { pageWithPending } from '@/server/store/newest-first';
import { auditSortKey, PgAuditStore } from '@/server/store/pg-audit-store';
import { WriteBehind, type WriteBehindOptions } from './write-behind';

export class WriteBehindAuditStore implements AuditStore {
  readonly memory: MemoryAuditStore;
  readonly queue: WriteBehind<AuditRecord>;
  private pg: PgAuditStore | null = null;
  private readonly csvOptions: { timeZone?: string };

  constructor(
    private readonly log: Logger,
    options: { memoryRows?: number; timeZone?: string; queue?: Partial<WriteBehindOptions<AuditRecord>> } = {},
  ) {
    const csv = options.timeZone ? { timeZone: options.timeZone } : {};
    this.memory = new MemoryAuditStore(options.memoryRows, csv);
    this.queue = new WriteBehind<AuditRecord>({
      name: 'audit',
      keyOf: (r) => r.id,
      write: (db, batch) => new PgAuditStore(db).appendMany(batch),
      log,
      ...options.queue,
    });
    this.csvOptions = csv;
  }

  attach(db: Queryable): void {
    this.pg = new PgAuditStore(db, this.csvOptions);
    this.queue.attach(db);
  }

  async append(record: AuditRecord): Promise<void> {
    await this.memory.append(record);
    this.queue.push(this.memory.newest()!);
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    if (!this.pg) return this.memory.query(q);
    const pg = this.pg;
    try {
      const page = await pageWithPending(this.queue.pending(), (r) => matchesAuditQuery(r, q), auditSortKey, q.cursor, q.limit, (after) => pg.page(q, after));
      return { records: page.rows, nextCursor: page.next };
    } catch (err) {
      this.log.warn({ err }, 'audit query failed on the database: answering from memory');
      return this.memory.query(q);
    }
  }

  toCsv(records: readonly AuditRecord[]): string {
    return this.memory.toCsv(records);
  }
}
