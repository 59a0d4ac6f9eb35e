/**
 * Per-team colour tiers (issue #4), end to end on the server:
 *
 *   GET /api/settings/thresholds   the table, the defaults and the teams on the floor (signed-in users)
 *   PUT /api/settings/thresholds   replace the table (managers and admins; zod-validated; audited)
 *
 * Boards get the table over Socket.IO (`settings:thresholds`) when they connect and whenever it
 * changes, and colour their tiles with it (lib/client/tier-config.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditActorOf, type Actor } from '@/lib/control/actor';
import { DEFAULT_TIER_THRESHOLDS } from '@/lib/client/tier-config';
import { putThresholdsSchema, type ThresholdSettings } from '@/lib/settings/thresholds';
import type { AuditStore } from '@/server/control/audit';
import { readBody, sendJson } from '@/server/http/json';
import type { Router } from '@/server/http/routes';
import type { Logger } from '@/server/log';
import type { BoardSocket, FloorServer } from '@/server/realtime/options';
import type { ThresholdStore } from './threshold-store';
import { firstIssueText } from '@/server/http/zod-text';

export const THRESHOLD_ERROR_STATUS = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, UNSUPPORTED_MEDIA_TYPE: 415 } as const;
type ThresholdErrorCode = keyof typeof THRESHOLD_ERROR_STATUS;

export interface ThresholdsWiring {
  /** The table as the boards have it now. */
  current(): ThresholdSettings;
  /** Resolves once the table is read (from the database when history is on). */
  ready: Promise<void>;
  /** Realtime `extend` hook: sends the table to a board as it connects. */
  extendSocket(socket: BoardSocket): readonly string[];
}

const mayEdit = (actor: Actor): boolean => actor.role === 'manager' || actor.role === 'admin';

function fail(res: ServerResponse, code: ThresholdErrorCode, message: string): void {
  sendJson(res, THRESHOLD_ERROR_STATUS[code], { ok: false, code, message });
}

async function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return fail(res, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  const raw = await readBody(req, 256 * 1024);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return fail(res, 'BAD_REQUEST', 'The body is not valid JSON');
  }
}

export function wireThresholds(deps: {
  store: ThresholdStore;
  router: Router;
  io: () => FloorServer;
  audit: () => AuditStore;
  actorFor: (req: IncomingMessage) => Actor | null | Promise<Actor | null>;
  /** Teams on the floor now (for the editing form). */
  teams: () => readonly string[];
  log: Logger;
  now?: () => number;
}): ThresholdsWiring {
  const now = deps.now ?? Date.now;
  let current: ThresholdSettings = { teams: {}, updatedAt: null, updatedBy: null };
  const ready = deps.store.load().then(
    (loaded) => {
      current = loaded;
      deps.io().emit('settings:thresholds', current);
    },
    (err: unknown) => deps.log.error({ err }, 'colour thresholds could not be loaded: the defaults apply'),
  );

  deps.router.add('GET', '/api/settings/thresholds', async (req, res) => {
    if (!(await deps.actorFor(req))) return fail(res, 'UNAUTHORIZED', 'Sign in to read the settings');
    sendJson(res, 200, { ok: true, data: { ...current, defaults: DEFAULT_TIER_THRESHOLDS, floorTeams: [...deps.teams()].sort() } });
  });

  deps.router.add('PUT', '/api/settings/thresholds', async (req, res) => {
    const startedAt = now();
    const actor = await deps.actorFor(req);
    if (!actor) return fail(res, 'UNAUTHORIZED', 'Sign in to change the settings');
    const body = await jsonBody(req, res);
    if (body === undefined) return;
    const parsed = putThresholdsSchema.safeParse(body);
    const refusal: { code: ThresholdErrorCode; message: string } | null = !mayEdit(actor)
      ? { code: 'FORBIDDEN', message: 'Only managers and admins may change the colour thresholds' }
      : !parsed.success
        ? { code: 'BAD_REQUEST', message: firstIssueText(parsed.error) }
        : null;
    const teams = parsed.success ? Object.keys(parsed.data.teams).sort() : [];
    await deps
      .audit()
      .append({
        id: randomUUID(),
        at: startedAt,
        actor: auditActorOf(actor),
        action: 'settings_update',
        target: { extno: '', team: teams.length === 0 ? '*' : teams.join(',') },
        params: { setting: 'thresholds', teams: teams.length },
        statusBefore: null,
        result: refusal === null ? 'ok' : refusal.code === 'FORBIDDEN' ? 'denied' : 'invalid',
        ...(refusal ? { code: refusal.code, reason: refusal.message } : {}),
        requestId: '',
        durationMs: Math.max(0, now() - startedAt),
      })
      .catch((err: unknown) => deps.log.error({ err }, 'audit append failed'));
    if (refusal || !parsed.success) return fail(res, refusal?.code ?? 'BAD_REQUEST', refusal?.message ?? 'invalid');
    await ready;
    current = await deps.store.replace(parsed.data.teams, { id: actor.id, name: actor.name }, startedAt);
    deps.io().emit('settings:thresholds', current);
    sendJson(res, 200, { ok: true, data: current });
  });

  return {
    current: () => current,
    ready,
    extendSocket(socket) {
      socket.emit('settings:thresholds', current);
      return [];
    },
  };
}
