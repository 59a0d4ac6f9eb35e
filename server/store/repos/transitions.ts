/**
 * agent_transitions: append-only status changes. A row says "the agent left `from` for `to` at
 * `at`; `from` had lasted `prevDurationMs`". Batches go in as one JSON document
 * (jsonb_to_recordset), which both drivers pass as a single text parameter.
 */
import type { Queryable } from '../db';
import { fromTs, toTs } from '../sql-time';
import type { AgentStatus } from '@/lib/domain/status';

export interface TransitionRow {
  extno: string;
  team: string;
  from: AgentStatus;
  to: AgentStatus;
  /** Epoch ms the agent entered `to`. */
  at: number;
  /** How long `from` lasted (ms, >= 0). */
  prevDurationMs: number;
}

export interface StoredTransition extends TransitionRow {
  id: number;
}

interface DbRow {
  id: number;
  extno: string;
  team: string;
  from_status: AgentStatus;
  to_status: AgentStatus;
  at: Date;
  prev_duration_ms: number;
}

function fromRow(r: DbRow): StoredTransition {
  return {
    id: r.id,
    extno: r.extno,
    team: r.team,
    from: r.from_status,
    to: r.to_status,
    at: fromTs(r.at),
    prevDurationMs: r.prev_duration_ms,
  };
}

/**
 * Append transitions; a row already stored (same extno, at, from, to) is skipped.
 * Returns only the rows this call inserted, so derived figures (rollups) are added once even
 * when a batch is retried after a commit whose answer was lost.
 */
export async function appendTransitions(q: Queryable, rows: readonly TransitionRow[]): Promise<StoredTransition[]> {
  if (rows.length === 0) return [];
  const doc = JSON.stringify(
    rows.map((r) => ({
      extno: r.extno,
      team: r.team,
      from_status: r.from,
      to_status: r.to,
      at: toTs(r.at),
      prev_duration_ms: Math.max(0, Math.round(r.prevDurationMs)),
    })),
  );
  const r = await q.query<DbRow>(
    `INSERT INTO agent_transitions (extno, team, from_status, to_status, at, prev_duration_ms)
     SELECT extno, team, from_status, to_status, at, prev_duration_ms
     FROM jsonb_to_recordset($1::jsonb)
       AS x(extno text, team text, from_status text, to_status text, at timestamptz, prev_duration_ms bigint)
     ON CONFLICT (extno, at, from_status, to_status) DO NOTHING
     RETURNING id, extno, team, from_status, to_status, at, prev_duration_ms`,
    [doc],
  );
  return r.rows.map(fromRow);
}

export interface TransitionFilter {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  extno?: string;
  team?: string;
  limit?: number;
}

/** Transitions with `at` in [from, to), oldest first. */
export async function listTransitions(q: Queryable, f: TransitionFilter): Promise<StoredTransition[]> {
  const r = await q.query<DbRow>(
    `SELECT id, extno, team, from_status, to_status, at, prev_duration_ms
     FROM agent_transitions
     WHERE at >= $1::timestamptz AND at < $2::timestamptz
       AND ($3::text IS NULL OR extno = $3)
       AND ($4::text IS NULL OR team = $4)
     ORDER BY at, id
     LIMIT $5`,
    [toTs(f.from), toTs(f.to), f.extno ?? null, f.team ?? null, f.limit ?? 100_000],
  );
  return r.rows.map(fromRow);
}

/** The centre-local day [start, end) as epoch ms (23 or 25 hours on a DST day). */
export async function dayBounds(q: Queryable, day: string, timeZone: string): Promise<{ start: number; end: number }> {
  const r = await q.query<{ s: Date; e: Date }>(
    `SELECT ($1::date)::timestamp AT TIME ZONE $2 AS s, ($1::date + 1)::timestamp AT TIME ZONE $2 AS e`,
    [day, timeZone],
  );
  const row = r.rows[0];
  if (!row) throw new Error('dayBounds: no row');
  return { start: fromTs(row.s), end: fromTs(row.e) };
}

/** Transitions of one centre-local day (`YYYY-MM-DD` in `timeZone`). */
export async function listTransitionsForDay(
  q: Queryable,
  f: { day: string; timeZone: string; extno?: string; team?: string },
): Promise<StoredTransition[]> {
  const { start, end } = await dayBounds(q, f.day, f.timeZone);
  return listTransitions(q, { from: start, to: end, extno: f.extno, team: f.team });
}
