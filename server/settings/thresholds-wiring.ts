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
  /** Re-read the table from the store and push it to this process's boards (another web node changed it: CL6). */
  reload(): Promise<void>;
  /** Hears every change made here through the API; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
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
  const listeners = new Set<() => void>();
  // This process's boards only (io.local): in a cluster every web node pushes its own copy after
  // reading the shared table, so a broadcast through the adapter would arrive twice.
  const push = (): void => void deps.io().local.emit('settings:thresholds', current);
  const ready = deps.store.load().then(
    (loaded) => {
      current = loaded;
      push();
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
    push();
    // Other web nodes re-read the table from the database: tell them once it is written there.
    void Promise.resolve(deps.store.written?.()).then(() => {
      for (const listener of listeners) listener();
    });
    sendJson(res, 200, { ok: true, data: current });
  });

  return {
    current: () => current,
    ready,
    extendSocket(socket) {
      socket.emit('settings:thresholds', current);
      return [];
    },
    async reload() {
      await ready;
      current = await (deps.store.reread?.() ?? deps.store.load());
      push();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
