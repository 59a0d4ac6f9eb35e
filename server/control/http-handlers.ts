/**
 * The REST face of the control path: route handlers the lead registers on the server's own
 * router (server/http/routes.ts). Thin by design (cal.com's habit): parse, find the actor from
 * the session, hand over to the pipeline / announcements / audit store, map codes to statuses.
 *
 * POSTs must be `application/json`: a cross-site HTML form cannot send that without a CORS
 * preflight, which keeps a session cookie from being used to act from another site.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '@/lib/control/actor';
import { auditQuerySchema, type AuditRecord } from '@/lib/control/audit';
import { HTTP_STATUS_BY_CODE, type ControlErrorCode } from '@/lib/control/errors';
import type { Ack } from '@/lib/protocol';
import { readJsonBody, sendJson } from '@/server/http/json';
import { parseListQuery } from '@/server/http/zod-text';
import type { RouteHandler, Router } from '@/server/http/routes';
import type { Announcements } from './announcements';
import type { AuditQuery, AuditStore } from './audit';
import { localStamp } from './audit-csv';
import { defaultCan, teamScope, type Can } from './permissions';
import type { ControlPipeline } from './pipeline';

export interface ControlHttpDeps {
  pipeline: ControlPipeline;
  announcements: Announcements;
  audit: AuditStore;
  /** The acting user from the server-side session (cookie), or null when not signed in. */
  actorFor: (req: IncomingMessage) => Actor | null | Promise<Actor | null>;
  can?: Can;
  /** Default 16 KiB. */
  bodyLimit?: number;
  /** Rows at most in one CSV export. Default 100 000. */
  csvMaxRows?: number;
  timeZone?: string;
}

export interface ControlHttpHandlers {
  /** POST /api/agents/:extno/:action, body {requestId, ...params}. */
  agentAction: RouteHandler;
  /** POST /api/announcements, body {requestId, text, audience}. */
  announce: RouteHandler;
  /** GET /api/announcements?limit=&before= */
  listAnnouncements: RouteHandler;
  /** GET /api/announcements/:id */
  getAnnouncement: RouteHandler;
  /** POST /api/announcements/:id/resend, body {requestId}. */
  resendAnnouncement: RouteHandler;
  /** GET /api/audit?actor=&extno=&action=&result=&from=&to=&limit=&cursor= */
  auditList: RouteHandler;
  /** GET /api/audit.csv with the same filters (no limit/cursor). */
  auditCsv: RouteHandler;
}

function sendAck(res: ServerResponse, ack: Ack<unknown>): void {
  if (ack.ok) sendJson(res, 200, ack);
  else sendJson(res, HTTP_STATUS_BY_CODE[ack.code as ControlErrorCode] ?? 400, ack);
}

function fail(res: ServerResponse, code: ControlErrorCode, message: string): void {
  sendAck(res, { ok: false, code, message });
}

export function createControlHttpHandlers(deps: ControlHttpDeps): ControlHttpHandlers {
  const can = deps.can ?? defaultCan;
  const bodyLimit = deps.bodyLimit ?? 16 * 1024;
  const csvMaxRows = deps.csvMaxRows ?? 100_000;

  /** Wrap a handler with "who is asking": no session, no entry. */
  function withActor(handler: (actor: Actor, req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => Promise<void>): RouteHandler {
    return async (req, res, params, url) => {
      const actor = await deps.actorFor(req);
      if (!actor) return fail(res, 'UNAUTHORIZED', 'Sign in to use the control API');
      await handler(actor, req, res, params, url);
    };
  }

  /** The JSON object body of a POST, or null after answering the error. */
  async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
    const read = await readJsonBody(req, bodyLimit);
    if (!read.ok) {
      fail(res, read.code, read.message);
      return null;
    }
    const body = read.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      fail(res, 'BAD_REQUEST', 'The body must be a JSON object');
      return null;
    }
    return body as Record<string, unknown>;
  }

  /** Audit filters from the query string, scoped to what the actor may see. */
  function auditQuery(actor: Actor, url: URL, res: ServerResponse, paged: boolean): AuditQuery | null {
    const parsed = parseListQuery(url, auditQuerySchema, { paged });
    if (!parsed.ok) {
      fail(res, 'BAD_REQUEST', parsed.message);
      return null;
    }
    const scope = teamScope(actor);
    const { cursor, ...rest } = parsed.data;
    return { ...rest, ...(cursor ? { cursor } : {}), ...(scope === '*' ? {} : { scope: { teams: scope, actorId: actor.id } }) };
  }

  return {
    agentAction: withActor(async (actor, req, res, params) => {
      const body = await jsonBody(req, res);
      if (!body) return;
      const { requestId, ...rest } = body;
      // Path segments may be kebab-case (next-call) or snake_case (next_call).
      const action = (params.action ?? '').replace(/-/g, '_');
      sendAck(res, await deps.pipeline.act(actor, { action, extno: params.extno, requestId, params: rest }));
    }),

    announce: withActor(async (actor, req, res) => {
      const body = await jsonBody(req, res);
      if (!body) return;
      sendAck(res, await deps.announcements.send(actor, body));
    }),

    listAnnouncements: withActor(async (actor, _req, res, _params, url) => {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const beforeText = url.searchParams.get('before');
      const before = beforeText === null ? undefined : Number(beforeText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200 || (before !== undefined && !Number.isFinite(before))) {
        return fail(res, 'BAD_REQUEST', 'limit must be 1-200 and before an epoch ms');
      }
      sendAck(res, await deps.announcements.list(actor, { limit, ...(before === undefined ? {} : { before }) }));
    }),

    getAnnouncement: withActor(async (actor, _req, res, params) => {
      sendAck(res, await deps.announcements.get(actor, params.id ?? ''));
    }),

    resendAnnouncement: withActor(async (actor, req, res, params) => {
      const body = await jsonBody(req, res);
      if (!body) return;
      sendAck(res, await deps.announcements.resend(actor, params.id ?? '', body));
    }),

    auditList: withActor(async (actor, _req, res, _params, url) => {
      if (!can(actor, 'audit_read', { kind: 'none' })) return fail(res, 'FORBIDDEN', 'You may not read the audit trail');
      const query = auditQuery(actor, url, res, true);
      if (!query) return;
      sendAck(res, { ok: true, data: await deps.audit.query(query) });
    }),

    auditCsv: withActor(async (actor, _req, res, _params, url) => {
      if (!can(actor, 'audit_export', { kind: 'none' })) return fail(res, 'FORBIDDEN', 'You may not export the audit trail');
      const query = auditQuery(actor, url, res, false);
      if (!query) return;
      const rows: AuditRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.audit.query({ ...query, limit: Math.min(1000, csvMaxRows - rows.length), ...(cursor ? { cursor } : {}) });
        rows.push(...page.records);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < csvMaxRows);
      const text = deps.audit.toCsv(rows);
      const day = localStamp(Date.now(), deps.timeZone).slice(0, 10).replace(/-/g, '');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="floorboard-audit-${day}.csv"`,
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    }),
  };
}

/** Register every control route on the server's router. */
export function registerControlRoutes(router: Router, handlers: ControlHttpHandlers): void {
  router
    .add('POST', '/api/agents/:extno/:action', handlers.agentAction)
    .add('POST', '/api/announcements', handlers.announce)
    .add('GET', '/api/announcements', handlers.listAnnouncements)
    .add('GET', '/api/announcements/:id', handlers.getAnnouncement)
    .add('POST', '/api/announcements/:id/resend', handlers.resendAnnouncement)
    .add('GET', '/api/audit', handlers.auditList)
    .add('GET', '/api/audit.csv', handlers.auditCsv);
}
