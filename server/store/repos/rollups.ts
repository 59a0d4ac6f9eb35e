/**
 * team_minute_rollups: upsert-ADD per (team, minute). Adding is not idempotent, so callers
 * pass only deltas of rows they have just inserted (see rollup-deltas.ts).
 */
import type { Queryable } from '../db';
import type { RollupDelta } from '../rollup-deltas';
import { fromTs, toTs } from '../sql-time';

export async function addRollups(q: Queryable, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const doc = JSON.stringify(
    deltas.map((d) => ({
      team: d.team,
      minute: toTs(d.minute),
      idle_seconds: d.idleSeconds,
      on_call_seconds: d.onCallSeconds,
      wrap_up_seconds: d.wrapUpSeconds,
      calls_connected: d.callsConnected,
      talk_seconds: d.talkSeconds,
      talk_count: d.talkCount,
      wrap_seconds: d.wrapSeconds,
      wrap_count: d.wrapCount,
      max_idle_seconds: d.maxIdleSeconds,
    })),
  );
  await q.query(
    `INSERT INTO team_minute_rollups AS r (team, minute, idle_seconds, on_call_seconds, wrap_up_seconds,
       calls_connected, talk_seconds, talk_count, wrap_seconds, wrap_count, max_idle_seconds)
     SELECT team, minute, idle_seconds, on_call_seconds, wrap_up_seconds,
       calls_connected, talk_seconds, talk_count, wrap_seconds, wrap_count, max_idle_seconds
     FROM jsonb_to_recordset($1::jsonb) AS x(team text, minute timestamptz, idle_seconds float8,
       on_call_seconds float8, wrap_up_seconds float8, calls_connected int, talk_seconds float8,
       talk_count int, wrap_seconds float8, wrap_count int, max_idle_seconds float8)
     ON CONFLICT (team, minute) DO UPDATE SET
       idle_seconds = r.idle_seconds + excluded.idle_seconds,
       on_call_seconds = r.on_call_seconds + excluded.on_call_seconds,
       wrap_up_seconds = r.wrap_up_seconds + excluded.wrap_up_seconds,
       calls_connected = r.calls_connected + excluded.calls_connected,
       talk_seconds = r.talk_seconds + excluded.talk_seconds,
       talk_count = r.talk_count + excluded.talk_count,
       wrap_seconds = r.wrap_seconds + excluded.wrap_seconds,
       wrap_count = r.wrap_count + excluded.wrap_count,
       max_idle_seconds = greatest(r.max_idle_seconds, excluded.max_idle_seconds)`,
    [doc],
  );
}

/** The summed columns of team_minute_rollups, as the driver returns them (shared by the KPI queries). */
export interface RollupColumns {
  idle_seconds: number;
  on_call_seconds: number;
  wrap_up_seconds: number;
  calls_connected: number;
  talk_seconds: number;
  talk_count: number;
  wrap_seconds: number;
  wrap_count: number;
  max_idle_seconds: number;
}

interface DbRow extends RollupColumns {
  team: string;
  minute: Date;
}

/** Rollup rows with minute in [from, to), by minute then team. */
export async function listRollups(
  q: Queryable,
  f: { from: number; to: number; team?: string | null },
): Promise<RollupDelta[]> {
  const r = await q.query<DbRow>(
    `SELECT * FROM team_minute_rollups
     WHERE minute >= $1::timestamptz AND minute < $2::timestamptz AND ($3::text IS NULL OR team = $3)
     ORDER BY minute, team`,
    [toTs(f.from), toTs(f.to), f.team ?? null],
  );
  return r.rows.map((x) => ({
    team: x.team,
    minute: fromTs(x.minute),
    idleSeconds: x.idle_seconds,
    onCallSeconds: x.on_call_seconds,
    wrapUpSeconds: x.wrap_up_seconds,
    callsConnected: x.calls_connected,
    talkSeconds: x.talk_seconds,
    talkCount: x.talk_count,
    wrapSeconds: x.wrap_seconds,
    wrapCount: x.wrap_count,
    maxIdleSeconds: x.max_idle_seconds,
  }));
}
