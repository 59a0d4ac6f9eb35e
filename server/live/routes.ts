/**
 * HTTP routes of the live path: the floor as JSON (scoped to the caller's teams), rejected-frame
 * diagnostics and Prometheus metrics (both behind `view_metrics`, see server/auth/http-guard.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Router } from '@/server/http/routes';
import { sendJson } from '@/server/http/json';
import type { Metrics } from '@/server/metrics';
import type { FloorService } from './floor-service';

export function registerLiveRoutes(
  router: Router,
  deps: { floor: FloorService; metrics: Metrics; teamsOf: (req: IncomingMessage) => '*' | readonly string[] },
): void {
  const { floor, metrics } = deps;
  /** The agents a request may see: its principal's teams (the guard has already refused strangers). */
  const visible = (req: IncomingMessage) => {
    const teams = deps.teamsOf(req);
    return floor.views().filter((a) => teams === '*' || teams.includes(a.team));
  };

  /** The floor as JSON: docs/http-api.md describes the shape. */
  router.add('GET', '/api/agents', (req, res, _params, url) => {
    const team = url.searchParams.get('team');
    const agents = visible(req)
      .filter((a) => team === null || a.team === team)
      .map((a) => ({
        extno: a.extno,
        name: a.name,
        team: a.team,
        status: a.status,
        stateSince: new Date(a.stateSince).toISOString(),
        link: a.link,
        lastFrameAt: a.lastFrameAt === null ? null : new Date(a.lastFrameAt).toISOString(),
        call: a.call && {
          sessionId: a.call.sessionId,
          city: a.call.city,
          phoneMasked: a.call.phoneMasked,
          connectedAt: new Date(a.call.connectedAt).toISOString(),
          held: a.call.held,
          ended: a.call.endedAt !== null,
        },
        today: a.today,
      }));
    sendJson(res, 200, { serverTime: new Date().toISOString(), count: agents.length, agents });
  });

  router.add('GET', '/api/agents/:extno', (req, res, params) => {
    const view = visible(req).find((a) => a.extno === params.extno);
    if (!view) return sendJson(res, 404, { ok: false, code: 'UNKNOWN_AGENT', message: `no agent ${params.extno}` });
    sendJson(res, 200, view);
  });

  router.add('GET', '/api/diagnostics/rejected-frames', (_req, res) => {
    sendJson(res, 200, floor.rejects());
  });

  router.add('GET', '/metrics', async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  });
}
