/**
 * The control path's `AuditStore` (server/control/audit.ts) on audit_log: the same records,
 * filters, team scope and CSV as MemoryAuditStore, kept across restarts. Newest first by
 * (at, id) (newest-first.ts), so the write-behind wrapper can merge rows not yet written.
 */
import type { AuditAction, AuditPage, AuditParams, AuditRecord } from '@/lib/control/audit';
import type { AgentStatus } from '@/lib/domain/status';
import type { AuditActor } from '@/lib/control/actor';
import type { AuditQuery, AuditStore } from '@/server/control/audit';
import { auditToCsv } from '@/server/control/audit-csv';
import type { Queryable } from './db';
import { decodeSortCursor, encodeSortCursor, type SortKey } from './newest-first';
import { appendAudit, type AuditDbRow, type AuditEntry } from './repos/audit';
import { fromTs, toTs } from './sql-time';

export const auditSortKey = (r: AuditRecord): SortKey => ({ at: r.at, key: r.id });

function toEntry(r: AuditRecord): AuditEntry {
  return {
    eventId: r.id,
    at: r.at,
    actorId: r.actor.id,
    actorName: r.actor.name,
    actorRole: r.actor.role,
    action: r.action,
    targetExtno: r.target.extno,
    targetTeam: r.target.team,
    targetSessionId: r.target.sessionId ?? null,
    params: r.params,
    statusBefore: r.statusBefore,
    result: r.result,
    code: r.code ?? null,
    reason: r.reason ?? null,
    requestId: r.requestId,
    durationMs: r.durationMs,
  };
}


function fromRow(r: AuditDbRow): AuditRecord {
  return {
    id: r.event_id,
    at: fromTs(r.at),
    actor: { id: r.actor_id ?? '', name: r.actor_name ?? '', role: (r.actor_role ?? 'system') as AuditActor['role'] },
    action: r.action as AuditAction,
    target: { extno: r.target_extno ?? '', team: r.target_team ?? '', ...(r.target_session_id !== null ? { sessionId: r.target_session_id } : {}) },
    params: r.params as AuditParams,
    statusBefore: r.status_before as AgentStatus | null,
    result: r.result,
    ...(r.code !== null ? { code: r.code } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    requestId: r.request_id ?? '',
    durationMs: r.duration_ms ?? 0,
  };
}

export class PgAuditStore implements AuditStore {
  constructor(
    private readonly db: Queryable,
    private readonly csvOptions: { timeZone?: string } = {},
  ) {}

  async append(record: AuditRecord): Promise<void> {
    await this.appendMany([record]);
  }

  /** One statement for a batch; a record whose id is stored already is skipped (replays). */
  async appendMany(records: readonly AuditRecord[]): Promise<void> {
    await appendAudit(this.db, records.map(toEntry));
  }

  async query(q: AuditQuery): Promise<AuditPage> {
    const { rows, more } = await this.page(q, decodeSortCursor(q.cursor));
    const last = rows[rows.length - 1];
    return { records: rows, nextCursor: more && last ? encodeSortCursor(auditSortKey(last)) : null };
  }

  /** Up to `limit` records older than `after`, newest first, and whether more exist. */
  async page(q: AuditQuery, after: SortKey | null): Promise<{ rows: AuditRecord[]; more: boolean }> {
    const r = await this.db.query<AuditDbRow>(
      `SELECT * FROM audit_log
       WHERE ($1::text IS NULL OR actor_id = $1) AND ($2::text IS NULL OR target_extno = $2)
         AND ($3::text IS NULL OR action = $3) AND ($4::text IS NULL OR result = $4)
         AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
         AND ($7::text[] IS NULL OR target_team = ANY($7::text[]) OR actor_id = $8)
         AND ($9::timestamptz IS NULL OR (at, event_id COLLATE "C") < ($9::timestamptz, $10::text COLLATE "C"))
       ORDER BY at DESC, event_id COLLATE "C" DESC
       LIMIT $11`,
      [
        q.actor ?? null,
        q.extno ?? null,
        q.action ?? null,
        q.result ?? null,
        q.from === undefined ? null : toTs(q.from),
        q.to === undefined ? null : toTs(q.to),
        q.scope ? [...q.scope.teams] : null,
        q.scope?.actorId ?? null,
        after ? toTs(after.at) : null,
        after ? after.key : null,
        q.limit + 1,
      ],
    );
    return { rows: r.rows.slice(0, q.limit).map(fromRow), more: r.rows.length > q.limit };
  }

  toCsv(records: readonly AuditRecord[]): string {
    return auditToCsv(records, this.csvOptions);
  }
}
