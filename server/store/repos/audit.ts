/**
 * audit_log: append-only record of every control action, failed or not (architecture point 9).
 * Queried newest first with an opaque cursor (at, id), so paging is stable while rows arrive.
 * Results are the control path's own model (lib/control/audit.ts), kept exactly (migration 003).
 */
import { randomUUID } from 'node:crypto';
import { AUDIT_RESULTS, type AuditResult } from '@/lib/control/audit';
import type { Queryable } from '../db';
import { fromTs, toTs } from '../sql-time';

export { AUDIT_RESULTS, type AuditResult };

export interface AuditEntry {
  /** Idempotency key (the control record's id, or a uuid assigned when absent). */
  eventId?: string;
  at: number;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetExtno?: string | null;
  targetTeam?: string | null;
  targetSessionId?: string | null;
  params?: Record<string, unknown>;
  statusBefore?: string | null;
  result: AuditResult;
  code?: string | null;
  reason?: string | null;
  requestId?: string | null;
  durationMs?: number | null;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'params'>> {
  id: number;
  params: Record<string, unknown>;
}

export interface AuditFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  actorId?: string;
  action?: string;
  targetExtno?: string;
  targetTeam?: string;
  /** Scope: only rows whose target team is one of these (a team lead's view). */
  teams?: readonly string[];
  result?: AuditResult;
  requestId?: string;
}

/** An audit_log row as both drivers return it. */
export interface AuditDbRow {
  id: number;
  event_id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  target_extno: string | null;
  target_team: string | null;
  target_session_id: string | null;
  params: Record<string, unknown>;
  status_before: string | null;
  result: AuditResult;
  code: string | null;
  reason: string | null;
  request_id: string | null;
  duration_ms: number | null;
}

function fromRow(r: AuditDbRow): AuditRow {
  return {
    id: r.id,
    eventId: r.event_id,
    at: fromTs(r.at),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    action: r.action,
    targetExtno: r.target_extno,
    targetTeam: r.target_team,
    targetSessionId: r.target_session_id,
    params: r.params,
    statusBefore: r.status_before,
    result: r.result,
    code: r.code,
    reason: r.reason,
    requestId: r.request_id,
    durationMs: r.duration_ms,
  };
}

/** Append entries; an entry whose eventId is already stored is skipped. Returns rows inserted. */
export async function appendAudit(q: Queryable, entries: readonly AuditEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const doc = JSON.stringify(
    entries.map((e) => ({
      event_id: e.eventId ?? randomUUID(),
      at: toTs(e.at),
      actor_id: e.actorId,
      actor_name: e.actorName,
      actor_role: e.actorRole,
      action: e.action,
      target_extno: e.targetExtno ?? null,
      target_team: e.targetTeam ?? null,
      target_session_id: e.targetSessionId ?? null,
      params: e.params ?? {},
      status_before: e.statusBefore ?? null,
      result: e.result,
      code: e.code ?? null,
      reason: e.reason ?? null,
      request_id: e.requestId ?? null,
      duration_ms: e.durationMs === null || e.durationMs === undefined ? null : Math.round(e.durationMs),
    })),
  );
  const r = await q.query(
    `INSERT INTO audit_log (event_id, at, actor_id, actor_name, actor_role, action, target_extno,
       target_team, target_session_id, params, status_before, result, code, reason, request_id, duration_ms)
     SELECT event_id, at, actor_id, actor_name, actor_role, action, target_extno, target_team,
       target_session_id, params, status_before, result, code, reason, request_id, duration_ms
     FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, at timestamptz, actor_id text, actor_name text,
       actor_role text, action text, target_extno text, target_team text, target_session_id text,
       params jsonb, status_before text, result text, code text, reason text, request_id text, duration_ms int)
     ON CONFLICT (event_id) DO NOTHING`,
    [doc],
  );
  return r.rowCount;
}

/** Cursor = the last row of a page, as base64url `at:id`; opaque to callers. */
function encodeCursor(row: AuditRow): string {
  return Buffer.from(`${row.at}:${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: number } {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new RangeError('bad audit cursor');
  return { at: Number(m[1]), id: Number(m[2]) };
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass back to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Newest first. `limit` is capped at 1000. */
export async function queryAudit(
  q: Queryable,
  filter: AuditFilter,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(1, page.limit ?? 100), 1000);
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const r = await q.query<AuditDbRow>(
    `SELECT * FROM audit_log
     WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
       AND ($3::text IS NULL OR actor_id = $3) AND ($4::text IS NULL OR action = $4)
       AND ($5::text IS NULL OR target_extno = $5) AND ($6::text IS NULL OR target_team = $6)
       AND ($7::text[] IS NULL OR target_team = ANY($7::text[]))
       AND ($8::text IS NULL OR result = $8) AND ($9::text IS NULL OR request_id = $9)
       AND ($10::timestamptz IS NULL OR (at, id) < ($10::timestamptz, $11::bigint))
     ORDER BY at DESC, id DESC
     LIMIT $12`,
    [
      filter.from === undefined ? null : toTs(filter.from),
      filter.to === undefined ? null : toTs(filter.to),
      filter.actorId ?? null,
      filter.action ?? null,
      filter.targetExtno ?? null,
      filter.targetTeam ?? null,
      filter.teams ? [...filter.teams] : null,
      filter.result ?? null,
      filter.requestId ?? null,
      after ? toTs(after.at) : null,
      after ? after.id : null,
      limit + 1,
    ],
  );
  const rows = r.rows.slice(0, limit).map(fromRow);
  const last = rows[rows.length - 1];
  return { rows, nextCursor: r.rows.length > limit && last ? encodeCursor(last) : null };
}
