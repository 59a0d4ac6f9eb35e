/**
 * One agent's day as status segments (the agent detail's timeline): every stored state that
 * overlaps the centre-local day, clipped to it, plus the state still running at `now`.
 * Transitions say "left `from` at `at` after `prevDurationMs`", so a segment is
 * [at - prevDurationMs, at) in `from`; the running one is [since, now) in agent_last_state.
 */
import type { Queryable } from '../db';
import { fromTs, toTs } from '../sql-time';
import type { AgentStatus } from '@/lib/domain/status';
import { dayBounds } from './transitions';

export interface TimelineSegment {
  status: AgentStatus;
  /** Epoch ms, clipped to the day. */
  from: number;
  to: number;
  /** Still running at `now`. */
  open: boolean;
}

export interface AgentTimeline {
  extno: string;
  /** The agent's team on its latest segment of the day, or null without any. */
  team: string | null;
  start: number;
  end: number;
  segments: TimelineSegment[];
}

interface Row {
  team: string;
  from_status: AgentStatus;
  began: Date;
  at: Date;
}

export async function agentTimeline(
  q: Queryable,
  query: { extno: string; day: string; timeZone: string; now: number; teams?: readonly string[] | null },
): Promise<AgentTimeline> {
  const { start, end } = await dayBounds(q, query.day, query.timeZone);
  const teams = query.teams ?? null;
  // A state ending up to a day after midnight can still have begun inside the day (as agentDayKpis).
  const rows = await q.query<Row>(
    `SELECT team, from_status, at - prev_duration_ms * interval '1 millisecond' AS began, at
     FROM agent_transitions
     WHERE extno = $1 AND at > $2::timestamptz AND at < $3::timestamptz + interval '1 day'
       AND at - prev_duration_ms * interval '1 millisecond' < $3::timestamptz
       AND ($4::text[] IS NULL OR team = ANY($4::text[]))
     ORDER BY at`,
    [query.extno, toTs(start), toTs(end), teams === null ? null : [...teams]],
  );
  const segments: TimelineSegment[] = [];
  let team: string | null = null;
  for (const r of rows.rows) {
    const from = Math.max(start, fromTs(r.began));
    const to = Math.min(end, fromTs(r.at));
    if (to > from) segments.push({ status: r.from_status, from, to, open: false });
    team = r.team;
  }
  const open = await q.query<{ team: string; status: AgentStatus; since: Date }>(
    `SELECT team, status, since FROM agent_last_state WHERE extno = $1 AND ($2::text[] IS NULL OR team = ANY($2::text[]))`,
    [query.extno, teams === null ? null : [...teams]],
  );
  const running = open.rows[0];
  if (running) {
    const from = Math.max(start, fromTs(running.since));
    const to = Math.min(end, query.now);
    if (to > from) {
      segments.push({ status: running.status, from, to, open: true });
      team = running.team;
    }
  }
  return { extno: query.extno, team, start, end, segments };
}
