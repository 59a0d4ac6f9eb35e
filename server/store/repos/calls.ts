/**
 * calls: one row per call (session_id), upserted as the call progresses: connect, hold, end,
 * wrap-up end. Times are first-write-wins, so replaying a patch changes nothing; `held` is
 * sticky (ever held). The customer is only its record id: no phone number, no name.
 */
import type { Queryable } from '../db';
import { fromTsOrNull, toTs, toTsOrNull } from '../sql-time';

/** Why a call row was closed (free text in the table; these are the values Floorboard writes). */
export const CALL_OUTCOMES = ['completed', 'superseded', 'agent_removed'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** What is known about a call now; absent fields leave the stored value alone. */
export interface CallPatch {
  sessionId: string;
  extno: string;
  team: string;
  projectId?: number | null;
  taskId?: number | null;
  city?: string | null;
  recordUuid?: string | null;
  connectedAt?: number;
  endedAt?: number;
  wrapEndedAt?: number;
  held?: boolean;
  outcome?: string;
}

export interface CallRow {
  sessionId: string;
  extno: string;
  team: string;
  projectId: number | null;
  taskId: number | null;
  city: string | null;
  recordUuid: string | null;
  connectedAt: number | null;
  endedAt: number | null;
  wrapEndedAt: number | null;
  held: boolean;
  outcome: string | null;
}

interface DbRow {
  session_id: string;
  extno: string;
  team: string;
  project_id: number | null;
  task_id: number | null;
  city: string | null;
  record_uuid: string | null;
  connected_at: Date | null;
  ended_at: Date | null;
  wrap_ended_at: Date | null;
  held: boolean;
  outcome: string | null;
}

function fromRow(r: DbRow): CallRow {
  return {
    sessionId: r.session_id,
    extno: r.extno,
    team: r.team,
    projectId: r.project_id,
    taskId: r.task_id,
    city: r.city,
    recordUuid: r.record_uuid,
    connectedAt: fromTsOrNull(r.connected_at),
    endedAt: fromTsOrNull(r.ended_at),
    wrapEndedAt: fromTsOrNull(r.wrap_ended_at),
    held: r.held,
    outcome: r.outcome,
  };
}

/** Fold several patches of one batch into one per session (one statement may not touch a row twice). */
export function mergeCallPatches(patches: readonly CallPatch[]): CallPatch[] {
  const bySession = new Map<string, CallPatch>();
  for (const p of patches) {
    const cur = bySession.get(p.sessionId);
    if (!cur) {
      bySession.set(p.sessionId, { ...p });
      continue;
    }
    for (const [k, v] of Object.entries(p) as [keyof CallPatch, unknown][]) {
      if (v === undefined) continue;
      // The same rules as the upsert below: held is sticky, everything else first-write-wins.
      if (k === 'held') cur.held = Boolean(cur.held) || Boolean(v);
      else (cur as unknown as Record<string, unknown>)[k] ??= v;
    }
  }
  return [...bySession.values()];
}

/**
 * Upsert merged patches (unique session ids). Returns the calls whose connect this call
 * stored for the first time, for the rollups' calls-connected count.
 */
export async function upsertCalls(
  q: Queryable,
  patches: readonly CallPatch[],
): Promise<{ newlyConnected: { sessionId: string; team: string; connectedAt: number }[] }> {
  if (patches.length === 0) return { newlyConnected: [] };
  const ids = patches.map((p) => p.sessionId);
  const known = await q.query<{ session_id: string }>(
    `SELECT session_id FROM calls WHERE session_id = ANY($1::text[]) AND connected_at IS NOT NULL`,
    [ids],
  );
  const alreadyConnected = new Set(known.rows.map((r) => r.session_id));
  const doc = JSON.stringify(
    patches.map((p) => ({
      session_id: p.sessionId,
      extno: p.extno,
      team: p.team,
      project_id: p.projectId ?? null,
      task_id: p.taskId ?? null,
      city: p.city ?? null,
      record_uuid: p.recordUuid ?? null,
      connected_at: toTsOrNull(p.connectedAt),
      ended_at: toTsOrNull(p.endedAt),
      wrap_ended_at: toTsOrNull(p.wrapEndedAt),
      held: p.held ?? null,
      outcome: p.outcome ?? null,
    })),
  );
  await q.query(
    `INSERT INTO calls AS c (session_id, extno, team, project_id, task_id, city, record_uuid,
       connected_at, ended_at, wrap_ended_at, held, outcome)
     SELECT session_id, extno, team, project_id, task_id, city, record_uuid,
       connected_at, ended_at, wrap_ended_at, coalesce(held, false), outcome
     FROM jsonb_to_recordset($1::jsonb) AS x(session_id text, extno text, team text, project_id int,
       task_id int, city text, record_uuid text, connected_at timestamptz, ended_at timestamptz,
       wrap_ended_at timestamptz, held boolean, outcome text)
     ON CONFLICT (session_id) DO UPDATE SET
       project_id = coalesce(c.project_id, excluded.project_id),
       task_id = coalesce(c.task_id, excluded.task_id),
       city = coalesce(c.city, excluded.city),
       record_uuid = coalesce(c.record_uuid, excluded.record_uuid),
       connected_at = coalesce(c.connected_at, excluded.connected_at),
       ended_at = coalesce(c.ended_at, excluded.ended_at),
       wrap_ended_at = coalesce(c.wrap_ended_at, excluded.wrap_ended_at),
       held = c.held OR excluded.held,
       outcome = coalesce(c.outcome, excluded.outcome),
       updated_at = now()`,
    [doc],
  );
  const newlyConnected = patches
    .filter((p) => p.connectedAt !== undefined && !alreadyConnected.has(p.sessionId))
    .map((p) => ({ sessionId: p.sessionId, team: p.team, connectedAt: p.connectedAt as number }));
  return { newlyConnected };
}

export async function getCall(q: Queryable, sessionId: string): Promise<CallRow | null> {
  const r = await q.query<DbRow>(`SELECT * FROM calls WHERE session_id = $1`, [sessionId]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** Calls connected in [from, to), oldest first. */
export async function listCalls(
  q: Queryable,
  f: { from: number; to: number; extno?: string; team?: string; limit?: number },
): Promise<CallRow[]> {
  const r = await q.query<DbRow>(
    `SELECT * FROM calls
     WHERE connected_at >= $1::timestamptz AND connected_at < $2::timestamptz
       AND ($3::text IS NULL OR extno = $3) AND ($4::text IS NULL OR team = $4)
     ORDER BY connected_at, session_id LIMIT $5`,
    [toTs(f.from), toTs(f.to), f.extno ?? null, f.team ?? null, f.limit ?? 100_000],
  );
  return r.rows.map(fromRow);
}

/** Calls connected per agent in [from, to), with the agent's team on its latest call (the per-agent day table's "calls"). */
export async function countCallsByAgent(
  q: Queryable,
  f: { from: number; to: number; team?: string | null },
): Promise<Map<string, { calls: number; team: string }>> {
  const r = await q.query<{ extno: string; n: number; team: string }>(
    `SELECT extno, count(*)::int AS n, (array_agg(team ORDER BY connected_at DESC))[1] AS team FROM calls
     WHERE connected_at >= $1::timestamptz AND connected_at < $2::timestamptz AND ($3::text IS NULL OR team = $3)
     GROUP BY extno`,
    [toTs(f.from), toTs(f.to), f.team ?? null],
  );
  return new Map(r.rows.map((x) => [x.extno, { calls: x.n, team: x.team }]));
}
