/**
 * agent_last_state: each agent's newest transition, i.e. the state still running. The KPI
 * queries add these open states up to `now`, since rollups only hold states that have ended.
 */
import type { Queryable } from '../db';
import { fromTs, toTs } from '../sql-time';
import type { TransitionRow } from './transitions';
import type { AgentStatus } from '@/lib/domain/status';

export interface OpenState {
  extno: string;
  team: string;
  status: AgentStatus;
  /** Epoch ms the state began. */
  since: number;
}

/** Move each agent's open state forward to its newest transition among `rows` (never backward). */
export async function advanceLastStates(q: Queryable, rows: readonly TransitionRow[]): Promise<void> {
  const newest = new Map<string, TransitionRow>();
  for (const r of rows) {
    const cur = newest.get(r.extno);
    if (!cur || r.at >= cur.at) newest.set(r.extno, r);
  }
  if (newest.size === 0) return;
  const doc = JSON.stringify([...newest.values()].map((r) => ({ extno: r.extno, team: r.team, status: r.to, since: toTs(r.at) })));
  await q.query(
    `INSERT INTO agent_last_state (extno, team, status, since)
     SELECT extno, team, status, since
     FROM jsonb_to_recordset($1::jsonb) AS x(extno text, team text, status text, since timestamptz)
     ON CONFLICT (extno) DO UPDATE
       SET team = excluded.team, status = excluded.status, since = excluded.since, updated_at = now()
       WHERE agent_last_state.since <= excluded.since`,
    [doc],
  );
}

export async function listOpenStates(q: Queryable, f: { team?: string | null } = {}): Promise<OpenState[]> {
  const r = await q.query<{ extno: string; team: string; status: AgentStatus; since: Date }>(
    `SELECT extno, team, status, since FROM agent_last_state
     WHERE ($1::text IS NULL OR team = $1) ORDER BY extno`,
    [f.team ?? null],
  );
  return r.rows.map((x) => ({ extno: x.extno, team: x.team, status: x.status, since: fromTs(x.since) }));
}

/**
 * Forget open states (all, or these agents'). Call at boot for the agents this process
 * monitors: the floor restarts them as unknown and their first notice records the real state
 * with its true start (from the call system's `time`); a stale row would otherwise count an
 * agent removed while we were down as still in its last state.
 */
export async function clearLastStates(q: Queryable, extnos?: readonly string[]): Promise<number> {
  const r = extnos
    ? await q.query(`DELETE FROM agent_last_state WHERE extno = ANY($1::text[])`, [extnos])
    : await q.query(`DELETE FROM agent_last_state`);
  return r.rowCount;
}
