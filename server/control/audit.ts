/**
 * The append-only audit trail of the control path (house style 9): who did what to whom,
 * the agent's status before, and the result, written for refusals and failures too.
 * The in-memory ring here keeps the newest `capacity` records (HISTORY=off); with history on,
 * server/persist/audit-store.ts keeps them in audit_log as well (server/store/pg-audit-store.ts).
 */
import type { AuditAction, AuditPage, AuditRecord, AuditResult } from '@/lib/control/audit';
import { auditToCsv } from './audit-csv';

export interface AuditQuery {
  /** Actor id. */
  actor?: string;
  extno?: string;
  action?: AuditAction;
  result?: AuditResult;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /**
   * A team lead's view: rows on their teams' agents, plus rows they wrote themselves
   * (announcements name no single team). Absent: everything.
   */
  scope?: { teams: readonly string[]; actorId: string };
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  /** Newest first. */
  query(query: AuditQuery): Promise<AuditPage>;
  toCsv(records: readonly AuditRecord[]): string;
}

/** Parse a cursor of this store: `m<seq>`. Anything else starts from the newest. */
function cursorSeq(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const m = /^m(\d{1,15})$/.exec(cursor);
  return m ? Number(m[1]) : null;
}

/** Whether a record passes a query's filters and scope (not its cursor or limit). */
export function matchesAuditQuery(r: AuditRecord, q: AuditQuery): boolean {
  if (q.actor !== undefined && r.actor.id !== q.actor) return false;
  if (q.extno !== undefined && r.target.extno !== q.extno) return false;
  if (q.action !== undefined && r.action !== q.action) return false;
  if (q.result !== undefined && r.result !== q.result) return false;
  if (q.from !== undefined && r.at < q.from) return false;
  if (q.to !== undefined && r.at >= q.to) return false;
  if (q.scope && !q.scope.teams.includes(r.target.team) && r.actor.id !== q.scope.actorId) return false;
  return true;
}

export class MemoryAuditStore implements AuditStore {
  private readonly ring: (AuditRecord | undefined)[];
  /** Sequence number the next record gets; records held are [nextSeq - count, nextSeq). */
  private nextSeq = 0;
  private count = 0;

  constructor(
    readonly capacity = 100_000,
    private readonly csvOptions: { timeZone?: string } = {},
  ) {
    this.ring = new Array<AuditRecord | undefined>(capacity);
  }

  async append(record: AuditRecord): Promise<void> {
    // Frozen: append-only means nobody edits a row after the fact, not even by reference.
    this.ring[this.nextSeq % this.capacity] = Object.freeze(structuredClone(record));
    this.nextSeq++;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    const oldest = this.nextSeq - this.count;
    const after = cursorSeq(q.cursor);
    let seq = Math.min(after === null ? this.nextSeq : after, this.nextSeq) - 1;
    const records: AuditRecord[] = [];
    for (; seq >= oldest && records.length < q.limit; seq--) {
      const r = this.ring[seq % this.capacity];
      if (r && matchesAuditQuery(r, q)) records.push(r);
    }
    // seq is now one below the last record looked at; more only if older records remain.
    const nextCursor = records.length === q.limit && seq >= oldest ? `m${seq + 1}` : null;
    return { records, nextCursor };
  }

  toCsv(records: readonly AuditRecord[]): string {
    return auditToCsv(records, this.csvOptions);
  }

  /** The record appended last, as stored (frozen), or undefined when empty. */
  newest(): AuditRecord | undefined {
    return this.count > 0 ? this.ring[(this.nextSeq - 1) % this.capacity] : undefined;
  }

  get size(): number {
    return this.count;
  }
}
