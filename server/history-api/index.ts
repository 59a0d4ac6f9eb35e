/**
 * The history and KPI API (docs/http-api.md, "History and KPIs"): intervals of a day, today
 * so far against yesterday at the same time, the per-agent day table, CSV of both, and one
 * agent's status timeline. Registered by ONE call in server/index.ts. The HTTP guard lets only
 * `view_history` principals in (server/auth/http-guard.ts); the team scope is enforced here.
 *
 * Errors: 400 BAD_QUERY, 403 TEAM_FORBIDDEN, 404 UNKNOWN_AGENT, 503 HISTORY_UNAVAILABLE (store
 * off, still opening, or failing a query: logged, never a crash).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HistoryAgents, HistoryFigures, HistoryIntervals, HistorySummary, HistoryTimeline, HistoryTotals } from '@/lib/history/types';
import { shiftDay } from '@/lib/history/days';
import { HttpError, sendJson } from '@/server/http/json';
import type { Router } from '@/server/http/routes';
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import { agentDayKpis, dayTotals, intervalKpis, type DayTotals, type PeriodKpis } from '@/server/store/repos/kpi-queries';
import { agentTimeline } from '@/server/store/repos/timeline';
import { dayBounds } from '@/server/store/repos/transitions';
import { agentsToCsv, attachmentHeader, intervalsToCsv } from './csv';
import { parseExtno, parseHistoryQuery, type HistoryQuery } from './query';
import { resolveScope, type ResolvedScope } from './scope';

export interface HistoryRouteDeps {
  /** The open history database, or null while it opens, after it failed, or with HISTORY=off. */
  store: () => { db: Queryable } | null;
  /** Teams the request's principal may see ('*' for all): the same accessor the floor JSON uses. */
  teamsOf: (req: IncomingMessage) => '*' | readonly string[];
  /** The centre's zone (config TZ). */
  timeZone: string;
  log: Logger;
  /** Agent names from the live roster (the store keeps extensions only). */
  nameOf?: (extno: string) => string | null;
  /** Server clock (tests pin it). */
  now?: () => number;
}

interface Request {
  db: Queryable;
  query: HistoryQuery;
  scope: ResolvedScope;
  now: number;
}

/** The public figures of a period (the store's raw sums and counts stay inside). */
function figuresOf(k: PeriodKpis): HistoryFigures {
  return {
    idleSeconds: k.idleSeconds,
    onCallSeconds: k.onCallSeconds,
    wrapUpSeconds: k.wrapUpSeconds,
    callsConnected: k.callsConnected,
    avgTalkSeconds: k.avgTalkSeconds,
    avgWrapSeconds: k.avgWrapSeconds,
    occupancy: k.occupancy,
    longestIdleSeconds: k.longestIdleSeconds,
  };
}

function totalsOf(t: DayTotals): HistoryTotals {
  return { day: t.day, until: t.until, signedInSeconds: t.signedInSeconds, ...figuresOf(t) };
}

function sendCsv(res: ServerResponse, body: string, disposition: string): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': disposition,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function registerHistoryRoutes(router: Router, deps: HistoryRouteDeps): void {
  const clock = deps.now ?? Date.now;
  const log = deps.log.child({ component: 'history-api' });
  const nameOf = deps.nameOf ?? (() => null);

  /** Validate, scope, then run `body` against the store; store failures become 503. */
  const route =
    (body: (r: Request, res: ServerResponse, params: Record<string, string>) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL): Promise<void> => {
      const now = clock();
      const query = parseHistoryQuery(url, now, deps.timeZone);
      const scope = resolveScope(deps.teamsOf(req), query.team);
      const store = deps.store();
      if (!store) throw new HttpError(503, 'HISTORY_UNAVAILABLE', 'History is off or its database is not open yet');
      try {
        await body({ db: store.db, query, scope, now }, res, params);
      } catch (err) {
        if (err instanceof HttpError) throw err;
        log.warn({ err, path: url.pathname }, 'history query failed');
        throw new HttpError(503, 'HISTORY_UNAVAILABLE', 'The history database did not answer');
      }
    };

  const intervals = async ({ db, query, scope, now }: Request): Promise<HistoryIntervals> => {
    const k = await intervalKpis(db, {
      day: query.day,
      timeZone: deps.timeZone,
      team: scope.team,
      teams: scope.teams,
      now,
      intervalMinutes: query.intervalMinutes,
    });
    return {
      day: k.day,
      timeZone: k.timeZone,
      team: scope.team,
      serverTime: now,
      intervalMinutes: query.intervalMinutes,
      intervals: k.intervals.map((i) => ({ start: i.start, end: i.end, elapsedSeconds: i.elapsedSeconds, agents: i.agents, ...figuresOf(i) })),
    };
  };

  const agents = async ({ db, query, scope, now }: Request): Promise<HistoryAgents> => {
    const rows = await agentDayKpis(db, { day: query.day, timeZone: deps.timeZone, team: scope.team, teams: scope.teams, now });
    return {
      day: query.day,
      timeZone: deps.timeZone,
      team: scope.team,
      serverTime: now,
      agents: rows.map((a) => ({
        extno: a.extno,
        name: nameOf(a.extno),
        team: a.team,
        signedInSeconds: a.signedInSeconds,
        calls: a.calls,
        onCallSeconds: a.onCallSeconds,
        wrapUpSeconds: a.wrapUpSeconds,
        idleSeconds: a.idleSeconds,
        avgTalkSeconds: a.avgTalkSeconds,
        occupancy: a.occupancy,
        longestWrapSeconds: a.longestWrapSeconds,
        longestIdleSeconds: a.longestIdleSeconds,
      })),
    };
  };

  /** A table as JSON at `path` and as CSV at `path.csv`. */
  const table = <T>(name: 'intervals' | 'agents', load: (r: Request) => Promise<T>, csv: (data: T, r: Request) => string) => {
    router.add(
      'GET',
      `/api/history/${name}`,
      route(async (r, res) => sendJson(res, 200, await load(r))),
    );
    router.add(
      'GET',
      `/api/history/${name}.csv`,
      route(async (r, res) => sendCsv(res, csv(await load(r), r), attachmentHeader(name, r.query.day, r.scope.team))),
    );
  };
  table('intervals', intervals, (data, r) => intervalsToCsv(data.intervals, { timeZone: deps.timeZone, lang: r.query.lang }));
  table('agents', agents, (data, r) => agentsToCsv(data.agents, { lang: r.query.lang }));

  /**
   * The day so far against the day before at the same time of day: both cut at the same offset
   * from their midnight (for a past day, the whole day against the whole day before).
   */
  router.add(
    'GET',
    '/api/history/summary',
    route(async ({ db, query, scope, now }, res) => {
      const previousDay = shiftDay(query.day, -1);
      const [cur, prev] = await Promise.all([dayBounds(db, query.day, deps.timeZone), dayBounds(db, previousDay, deps.timeZone)]);
      const offset = Math.min(Math.max(now - cur.start, 0), cur.end - cur.start);
      const base = { timeZone: deps.timeZone, team: scope.team, teams: scope.teams };
      const current = await dayTotals(db, { ...base, day: query.day, until: cur.start + offset });
      const previous = await dayTotals(db, { ...base, day: previousDay, until: prev.start + offset });
      const body: HistorySummary = {
        day: query.day,
        timeZone: deps.timeZone,
        team: scope.team,
        serverTime: now,
        current: totalsOf(current),
        previous: totalsOf(previous),
      };
      sendJson(res, 200, body);
    }),
  );

  router.add(
    'GET',
    '/api/history/agents/:extno/timeline',
    route(async ({ db, query, scope, now }, res, params) => {
      const extno = parseExtno(params.extno);
      const t = await agentTimeline(db, { extno, day: query.day, timeZone: deps.timeZone, now, teams: scope.team ? [scope.team] : scope.teams });
      // Out of scope and never seen look the same: a lead cannot probe other teams' extensions.
      if (t.team === null && (scope.teams !== null || scope.team !== null) && t.segments.length === 0) {
        throw new HttpError(404, 'UNKNOWN_AGENT', `no history for agent ${extno} in your teams`);
      }
      const body: HistoryTimeline = { ...t, day: query.day, timeZone: deps.timeZone, serverTime: now };
      sendJson(res, 200, body);
    }),
  );
}
