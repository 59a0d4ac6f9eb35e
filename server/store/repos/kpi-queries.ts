/**
 * KPI queries for the history charts (docs/storage.md, H12-H14). Days and intervals follow the
 * centre's time zone; formulas come from lib/domain/kpi-formulas.ts. Two sources are combined:
 * - ended states: team_minute_rollups (intervals) or agent_transitions (per-agent day table);
 * - states still running at `now`: agent_last_state, clipped to [day start, now).
 */
import type { Queryable } from '../db';
import {
  averageAgents,
  averageSeconds,
  occupancy,
  signedInSeconds,
  sliceIntoBuckets,
  type StatusSeconds,
} from '@/lib/domain/kpi-formulas';
import { toTs } from '../sql-time';
import { countCallsByAgent } from './calls';
import { listOpenStates, type OpenState } from './last-states';
import { dayBounds } from './transitions';
import type { RollupColumns } from './rollups';

export interface KpiDayQuery {
  /** Centre-local `YYYY-MM-DD`. */
  day: string;
  /** IANA zone of the centre (config TZ). */
  timeZone: string;
  /** A team, or null / absent for the whole floor (within `teams`). */
  team?: string | null;
  /** The teams the caller may see: null / absent for all. An empty list sees nothing. */
  teams?: readonly string[] | null;
  /** Server time (epoch ms): running states count up to here; later intervals are empty. */
  now: number;
}

/** What an interval and a day's totals both carry: sums from the SQL and the formulas over them. */
export interface PeriodKpis extends StatusSeconds {
  callsConnected: number;
  talkSeconds: number;
  talkCount: number;
  wrapSeconds: number;
  wrapCount: number;
  avgTalkSeconds: number | null;
  avgWrapSeconds: number | null;
  occupancy: number | null;
  /** Longest idle period that ended in the period, or is still running in it at `now`. */
  longestIdleSeconds: number;
}

export interface IntervalKpi extends PeriodKpis {
  start: number;
  end: number;
  /** Seconds of the interval before `now` (0 for a future interval). */
  elapsedSeconds: number;
  /** Average number of agents in each status over the elapsed part. */
  agents: { idle: number; onCall: number; wrapUp: number; signedIn: number };
}

export interface IntervalKpis {
  day: string;
  timeZone: string;
  team: string | null;
  start: number;
  end: number;
  intervals: IntervalKpi[];
}

const ALLOWED_INTERVALS = [5, 10, 15, 30, 60];

interface BucketRow extends RollupColumns {
  bucket: number;
}

function openSignedIn(states: readonly OpenState[], until: number): OpenState[] {
  return states.filter((s) => s.since < until && (s.status === 'idle' || s.status === 'on_call' || s.status === 'wrap_up'));
}

/** The teams a query covers: null for every team. `team` narrows `teams`; outside it nothing. */
export function teamScope(query: Pick<KpiDayQuery, 'team' | 'teams'>): string[] | null {
  const teams = query.teams ?? null;
  if (query.team) return teams === null || teams.includes(query.team) ? [query.team] : [];
  return teams === null ? null : [...teams];
}

function inScope(scope: readonly string[] | null, team: string): boolean {
  return scope === null || scope.includes(team);
}

/** A day in intervals (default 15 minutes) for a team or the floor. */
export async function intervalKpis(q: Queryable, query: KpiDayQuery & { intervalMinutes?: number }): Promise<IntervalKpis> {
  const minutes = query.intervalMinutes ?? 15;
  if (!ALLOWED_INTERVALS.includes(minutes)) throw new RangeError(`interval must be one of ${ALLOWED_INTERVALS.join(', ')} minutes`);
  const bucketMs = minutes * 60_000;
  const scope = teamScope(query);
  const { start, end } = await dayBounds(q, query.day, query.timeZone);
  const count = Math.round((end - start) / bucketMs);

  const intervals: IntervalKpi[] = Array.from({ length: count }, (_, i) => {
    const s = start + i * bucketMs;
    return {
      start: s,
      end: s + bucketMs,
      elapsedSeconds: Math.max(0, Math.min(s + bucketMs, query.now) - s) / 1000,
      agents: { idle: 0, onCall: 0, wrapUp: 0, signedIn: 0 },
      idleSeconds: 0,
      onCallSeconds: 0,
      wrapUpSeconds: 0,
      callsConnected: 0,
      talkSeconds: 0,
      talkCount: 0,
      wrapSeconds: 0,
      wrapCount: 0,
      avgTalkSeconds: null,
      avgWrapSeconds: null,
      occupancy: null,
      longestIdleSeconds: 0,
    };
  });

  // Rollup minutes align with local quarter hours: every zone's offset is a multiple of 15 min.
  const rows = await q.query<BucketRow>(
    `SELECT floor(extract(epoch FROM (minute - $1::timestamptz)) / $4)::int AS bucket,
       sum(idle_seconds)::float8 AS idle_seconds, sum(on_call_seconds)::float8 AS on_call_seconds,
       sum(wrap_up_seconds)::float8 AS wrap_up_seconds, sum(calls_connected)::int AS calls_connected,
       sum(talk_seconds)::float8 AS talk_seconds, sum(talk_count)::int AS talk_count,
       sum(wrap_seconds)::float8 AS wrap_seconds, sum(wrap_count)::int AS wrap_count,
       max(max_idle_seconds)::float8 AS max_idle_seconds
     FROM team_minute_rollups
     WHERE minute >= $1::timestamptz AND minute < $2::timestamptz AND ($3::text[] IS NULL OR team = ANY($3::text[]))
     GROUP BY 1`,
    [toTs(start), toTs(end), scope, bucketMs / 1000],
  );
  for (const r of rows.rows) {
    const b = intervals[r.bucket];
    if (!b) continue;
    b.idleSeconds += r.idle_seconds;
    b.onCallSeconds += r.on_call_seconds;
    b.wrapUpSeconds += r.wrap_up_seconds;
    b.callsConnected += r.calls_connected;
    b.talkSeconds += r.talk_seconds;
    b.talkCount += r.talk_count;
    b.wrapSeconds += r.wrap_seconds;
    b.wrapCount += r.wrap_count;
    b.longestIdleSeconds = Math.max(b.longestIdleSeconds, r.max_idle_seconds);
  }

  const until = Math.min(query.now, end);
  const open = until > start ? openSignedIn(await listOpenStates(q), until).filter((s) => inScope(scope, s.team)) : [];
  for (const s of open) {
    sliceIntoBuckets(Math.max(s.since, start), until, start, bucketMs, count, (i, seconds) => {
      const b = intervals[i];
      if (!b) return;
      if (s.status === 'idle') b.idleSeconds += seconds;
      else if (s.status === 'on_call') b.onCallSeconds += seconds;
      else b.wrapUpSeconds += seconds;
    });
    if (s.status === 'idle' && query.now < end) {
      const b = intervals[Math.floor((query.now - start) / bucketMs)];
      if (b) b.longestIdleSeconds = Math.max(b.longestIdleSeconds, (query.now - s.since) / 1000);
    }
  }

  for (const b of intervals) {
    b.agents = {
      idle: averageAgents(b.idleSeconds, b.elapsedSeconds),
      onCall: averageAgents(b.onCallSeconds, b.elapsedSeconds),
      wrapUp: averageAgents(b.wrapUpSeconds, b.elapsedSeconds),
      signedIn: averageAgents(signedInSeconds(b), b.elapsedSeconds),
    };
    b.avgTalkSeconds = averageSeconds(b.talkSeconds, b.talkCount);
    b.avgWrapSeconds = averageSeconds(b.wrapSeconds, b.wrapCount);
    b.occupancy = occupancy(b);
  }
  return { day: query.day, timeZone: query.timeZone, team: query.team ?? null, start, end, intervals };
}

// ---------------------------------------------------------------------------------------------
// Per-agent day table

export interface AgentDayKpi extends StatusSeconds {
  extno: string;
  /** The agent's team at its latest transition of the day. */
  team: string;
  signedInSeconds: number;
  /** Calls connected in the day. */
  calls: number;
  avgTalkSeconds: number | null;
  occupancy: number | null;
  longestWrapSeconds: number;
  longestIdleSeconds: number;
}

interface AgentRow {
  extno: string;
  team: string;
  idle_seconds: number;
  on_call_seconds: number;
  wrap_up_seconds: number;
  longest_wrap_seconds: number;
  longest_idle_seconds: number;
}

/**
 * One row per agent signed in during the day (or with calls), by extno. Time in each status is
 * clipped to the day; a state ending more than a day after midnight is clipped at that point.
 * "Longest" figures are periods that ended in the day or are still running at `now`.
 */
export async function agentDayKpis(q: Queryable, query: KpiDayQuery): Promise<AgentDayKpi[]> {
  const scope = teamScope(query);
  const { start, end } = await dayBounds(q, query.day, query.timeZone);
  const rows = await q.query<AgentRow>(
    `WITH t AS (
       SELECT extno, team, from_status, at, prev_duration_ms,
         greatest(0, extract(epoch FROM (least(at, $2::timestamptz)
           - greatest(at - prev_duration_ms * interval '1 millisecond', $1::timestamptz))))::float8 AS secs,
         (at >= $1::timestamptz AND at < $2::timestamptz) AS ended_in_day
       FROM agent_transitions
       WHERE at >= $1::timestamptz AND at < $2::timestamptz + interval '1 day'
         AND at - prev_duration_ms * interval '1 millisecond' < $2::timestamptz
         AND ($3::text[] IS NULL OR team = ANY($3::text[]))
     )
     SELECT extno, (array_agg(team ORDER BY at DESC))[1] AS team,
       coalesce(sum(secs) FILTER (WHERE from_status = 'idle'), 0)::float8 AS idle_seconds,
       coalesce(sum(secs) FILTER (WHERE from_status = 'on_call'), 0)::float8 AS on_call_seconds,
       coalesce(sum(secs) FILTER (WHERE from_status = 'wrap_up'), 0)::float8 AS wrap_up_seconds,
       coalesce(max(prev_duration_ms) FILTER (WHERE from_status = 'wrap_up' AND ended_in_day), 0)::float8 / 1000 AS longest_wrap_seconds,
       coalesce(max(prev_duration_ms) FILTER (WHERE from_status = 'idle' AND ended_in_day), 0)::float8 / 1000 AS longest_idle_seconds
     FROM t GROUP BY extno`,
    [toTs(start), toTs(end), scope],
  );
  const byAgent = new Map<string, AgentDayKpi>();
  const get = (extno: string, agentTeam: string): AgentDayKpi => {
    let a = byAgent.get(extno);
    if (!a) {
      a = {
        extno,
        team: agentTeam,
        idleSeconds: 0,
        onCallSeconds: 0,
        wrapUpSeconds: 0,
        signedInSeconds: 0,
        calls: 0,
        avgTalkSeconds: null,
        occupancy: null,
        longestWrapSeconds: 0,
        longestIdleSeconds: 0,
      };
      byAgent.set(extno, a);
    }
    return a;
  };
  for (const r of rows.rows) {
    const a = get(r.extno, r.team);
    a.idleSeconds = r.idle_seconds;
    a.onCallSeconds = r.on_call_seconds;
    a.wrapUpSeconds = r.wrap_up_seconds;
    a.longestWrapSeconds = r.longest_wrap_seconds;
    a.longestIdleSeconds = r.longest_idle_seconds;
  }

  const until = Math.min(query.now, end);
  // A day that has not begun at `now` has no running time in it.
  const open = until > start ? openSignedIn(await listOpenStates(q), until).filter((s) => inScope(scope, s.team)) : [];
  for (const s of open) {
    const a = get(s.extno, s.team);
    a.team = s.team;
    const seconds = (until - Math.max(s.since, start)) / 1000;
    const running = (query.now - s.since) / 1000;
    if (s.status === 'idle') {
      a.idleSeconds += seconds;
      if (query.now < end) a.longestIdleSeconds = Math.max(a.longestIdleSeconds, running);
    } else if (s.status === 'on_call') {
      a.onCallSeconds += seconds;
    } else {
      a.wrapUpSeconds += seconds;
      if (query.now < end) a.longestWrapSeconds = Math.max(a.longestWrapSeconds, running);
    }
  }

  const calls = await countCallsByAgent(q, { from: start, to: end });
  for (const [extno, c] of calls) if (inScope(scope, c.team)) get(extno, c.team).calls = c.calls;

  const result: AgentDayKpi[] = [];
  for (const a of byAgent.values()) {
    a.signedInSeconds = signedInSeconds(a);
    if (a.signedInSeconds <= 0 && a.calls === 0) continue;
    a.avgTalkSeconds = averageSeconds(a.onCallSeconds, a.calls);
    a.occupancy = occupancy(a);
    result.push(a);
  }
  return result.sort((x, y) => (x.extno < y.extno ? -1 : x.extno > y.extno ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Day totals up to a time of day (today so far against yesterday at the same time)

export interface DayTotals extends PeriodKpis {
  day: string;
  /** Epoch ms the totals run to: the last whole minute before the requested time, within the day. */
  until: number;
  signedInSeconds: number;
}

/**
 * A day's totals from its start up to `until` (cut to the whole minute: rollups are per minute,
 * and cutting today and yesterday the same way keeps the two comparable). Time in each status
 * counts up to the cut whenever the state ended; calls, talk and wrap-up periods count when
 * they connected / ended before the cut; states still running now count up to the cut.
 */
export async function dayTotals(q: Queryable, query: Omit<KpiDayQuery, 'now'> & { until: number }): Promise<DayTotals> {
  const scope = teamScope(query);
  const { start, end } = await dayBounds(q, query.day, query.timeZone);
  const cut = Math.max(start, Math.min(end, Math.floor(query.until / 60_000) * 60_000));
  const r = await q.query<Omit<BucketRow, 'bucket'>>(
    `SELECT coalesce(sum(idle_seconds), 0)::float8 AS idle_seconds, coalesce(sum(on_call_seconds), 0)::float8 AS on_call_seconds,
       coalesce(sum(wrap_up_seconds), 0)::float8 AS wrap_up_seconds, coalesce(sum(calls_connected), 0)::int AS calls_connected,
       coalesce(sum(talk_seconds), 0)::float8 AS talk_seconds, coalesce(sum(talk_count), 0)::int AS talk_count,
       coalesce(sum(wrap_seconds), 0)::float8 AS wrap_seconds, coalesce(sum(wrap_count), 0)::int AS wrap_count,
       coalesce(max(max_idle_seconds), 0)::float8 AS max_idle_seconds
     FROM team_minute_rollups
     WHERE minute >= $1::timestamptz AND minute < $2::timestamptz AND ($3::text[] IS NULL OR team = ANY($3::text[]))`,
    [toTs(start), toTs(cut), scope],
  );
  const row = r.rows[0];
  const t: DayTotals = {
    day: query.day,
    until: cut,
    idleSeconds: row?.idle_seconds ?? 0,
    onCallSeconds: row?.on_call_seconds ?? 0,
    wrapUpSeconds: row?.wrap_up_seconds ?? 0,
    signedInSeconds: 0,
    callsConnected: row?.calls_connected ?? 0,
    talkSeconds: row?.talk_seconds ?? 0,
    talkCount: row?.talk_count ?? 0,
    wrapSeconds: row?.wrap_seconds ?? 0,
    wrapCount: row?.wrap_count ?? 0,
    avgTalkSeconds: null,
    avgWrapSeconds: null,
    occupancy: null,
    longestIdleSeconds: row?.max_idle_seconds ?? 0,
  };
  const open = cut > start ? openSignedIn(await listOpenStates(q), cut).filter((s) => inScope(scope, s.team)) : [];
  for (const s of open) {
    const seconds = (cut - Math.max(s.since, start)) / 1000;
    if (s.status === 'idle') {
      t.idleSeconds += seconds;
      t.longestIdleSeconds = Math.max(t.longestIdleSeconds, (cut - s.since) / 1000);
    } else if (s.status === 'on_call') t.onCallSeconds += seconds;
    else t.wrapUpSeconds += seconds;
  }
  t.signedInSeconds = signedInSeconds(t);
  t.avgTalkSeconds = averageSeconds(t.talkSeconds, t.talkCount);
  t.avgWrapSeconds = averageSeconds(t.wrapSeconds, t.wrapCount);
  t.occupancy = occupancy(t);
  return t;
}
