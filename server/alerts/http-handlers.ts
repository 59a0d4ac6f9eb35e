/**
 * The alerts REST API, registered on the server's own router (server/http/routes.ts). Thin:
 * find the actor from the session, check the role, validate, hand over to the service.
 *
 *   GET    /api/alerts            open alerts + history page (filters: alertHistoryQuerySchema)
 *   GET    /api/alerts.csv        history as CSV (same filters, no limit/cursor)
 *   POST   /api/alerts/:id/ack    acknowledge (body {} or {requestId})
 *   GET    /api/alert-rules       the rule set
 *   PUT    /api/alert-rules       replace the rule set (managers)
 *   PUT    /api/alert-rules/:id   create or replace one rule (managers)
 *   DELETE /api/alert-rules/:id   delete one rule (managers)
 *
 * Bodies must be application/json (a cross-site form cannot send that without a CORS preflight).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '@/lib/control/actor';
import { ALERT_HTTP_STATUS, alertHistoryQuerySchema, alertVisibleTo, type AlertErrorCode, type AlertHistoryEntry } from '@/lib/alerts/types';
import { readJsonBody, sendJson } from '@/server/http/json';
import { parseListQuery } from '@/server/http/zod-text';
import type { RouteHandler, Router } from '@/server/http/routes';
import { localStamp } from '@/server/control/audit-csv';
import { teamScope } from '@/server/control/permissions';
import { matchesAlertFilter, type AlertHistoryQuery } from './alert-store';
import { alertHistoryToCsv } from './csv';
import type { AlertResult, AlertService } from './service';

export interface AlertHttpDeps {
  service: AlertService;
  /** The acting user from the server-side session, or null when not signed in. */
  actorFor: (req: IncomingMessage) => Actor | null | Promise<Actor | null>;
  /** Default 64 KiB (a full rule set). */
  bodyLimit?: number;
  /** Rows at most in one CSV export. Default 100 000. */
  csvMaxRows?: number;
}

export interface AlertHttpHandlers {
  list: RouteHandler;
  csv: RouteHandler;
  ack: RouteHandler;
  getRules: RouteHandler;
  putRules: RouteHandler;
  putRule: RouteHandler;
  deleteRule: RouteHandler;
}

function send(res: ServerResponse, result: AlertResult<unknown>): void {
  sendJson(res, result.ok ? 200 : ALERT_HTTP_STATUS[result.code], result);
}

function fail(res: ServerResponse, code: AlertErrorCode, message: string): void {
  send(res, { ok: false, code, message });
}

const mayManageRules = (actor: Actor): boolean => actor.role === 'manager' || actor.role === 'admin';

export function createAlertHttpHandlers(deps: AlertHttpDeps): AlertHttpHandlers {
  const { service } = deps;
  const bodyLimit = deps.bodyLimit ?? 64 * 1024;
  const csvMaxRows = deps.csvMaxRows ?? 100_000;

  function withActor(handler: (actor: Actor, req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => Promise<void>): RouteHandler {
    return async (req, res, params, url) => {
      const actor = await deps.actorFor(req);
      if (!actor) return fail(res, 'UNAUTHORIZED', 'Sign in to use the alerts API');
      await handler(actor, req, res, params, url);
    };
  }

  /** The JSON body, or undefined after answering the error. */
  async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const read = await readJsonBody(req, bodyLimit);
    if (read.ok) return read.body;
    fail(res, read.code, read.message);
    return undefined;
  }

  /** History filters from the query string, scoped to the actor's teams. */
  function historyQuery(actor: Actor, url: URL, res: ServerResponse, paged: boolean): AlertHistoryQuery | null {
    const parsed = parseListQuery(url, alertHistoryQuerySchema, { paged, omit: ['state'] });
    if (!parsed.ok) {
      fail(res, 'BAD_REQUEST', parsed.message);
      return null;
    }
    const scope = teamScope(actor);
    const { cursor, ...rest } = parsed.data;
    return { ...rest, ...(cursor ? { cursor } : {}), ...(scope === '*' ? {} : { scope }) };
  }

  return {
    list: withActor(async (actor, _req, res, _params, url) => {
      const state = url.searchParams.get('state') ?? 'all';
      if (state !== 'open' && state !== 'all') return fail(res, 'BAD_REQUEST', 'state: open or all');
      const query = historyQuery(actor, url, res, true);
      if (!query) return;
      const { from: _from, to: _to, event: _event, ...current } = query;
      const open = service.open(teamScope(actor)).filter((alert) => matchesAlertFilter({ at: alert.openedAt, event: 'opened', actor: null, alert }, current));
      const history = state === 'all' ? await service.history(query) : null;
      send(res, { ok: true, data: { serverTime: Date.now(), open, history } });
    }),

    csv: withActor(async (actor, _req, res, _params, url) => {
      if (actor.role === 'viewer') return fail(res, 'FORBIDDEN', 'You may not export alerts');
      const query = historyQuery(actor, url, res, false);
      if (!query) return;
      const rows: AlertHistoryEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await service.history({ ...query, limit: Math.min(1000, csvMaxRows - rows.length), ...(cursor ? { cursor } : {}) });
        rows.push(...page.entries);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < csvMaxRows);
      const text = alertHistoryToCsv(rows, { timeZone: service.timeZone });
      const day = localStamp(Date.now(), service.timeZone).slice(0, 10).replace(/-/g, '');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="floorboard-alerts-${day}.csv"`,
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    }),

    ack: withActor(async (actor, req, res, params) => {
      if (actor.role === 'viewer') return fail(res, 'FORBIDDEN', 'Viewers may not acknowledge alerts');
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      const scope = teamScope(actor);
      send(res, await service.acknowledge(params.id ?? '', actor, (a) => alertVisibleTo(a, scope)));
    }),

    getRules: withActor(async (_actor, _req, res) => {
      send(res, { ok: true, data: service.rules() });
    }),

    putRules: withActor(async (actor, req, res) => {
      if (!mayManageRules(actor)) return fail(res, 'FORBIDDEN', 'Only managers may change alert rules');
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      // Either the bare array or {rules: [...]} (what GET answers), so a GET can be edited and PUT back.
      const rules = typeof body === 'object' && body !== null && !Array.isArray(body) && 'rules' in body ? (body as { rules: unknown }).rules : body;
      send(res, await service.replaceRules(rules, actor));
    }),

    putRule: withActor(async (actor, req, res, params) => {
      if (!mayManageRules(actor)) return fail(res, 'FORBIDDEN', 'Only managers may change alert rules');
      const body = await jsonBody(req, res);
      if (body === undefined) return;
      send(res, await service.putRule(body, actor, params.id ?? ''));
    }),

    deleteRule: withActor(async (actor, _req, res, params) => {
      if (!mayManageRules(actor)) return fail(res, 'FORBIDDEN', 'Only managers may change alert rules');
      send(res, await service.deleteRule(params.id ?? '', actor));
    }),
  };
}

export function registerAlertRoutes(router: Router, handlers: AlertHttpHandlers): void {
  router
    .add('GET', '/api/alerts', handlers.list)
    .add('GET', '/api/alerts.csv', handlers.csv)
    .add('POST', '/api/alerts/:id/ack', handlers.ack)
    .add('GET', '/api/alert-rules', handlers.getRules)
    .add('PUT', '/api/alert-rules', handlers.putRules)
    .add('PUT', '/api/alert-rules/:id', handlers.putRule)
    .add('DELETE', '/api/alert-rules/:id', handlers.deleteRule);
}
