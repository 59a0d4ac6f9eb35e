/**
 * Alerts over Socket.IO: `alert:snapshot` to a board on connect, `alert:opened|updated|closed`
 * to the boards that may see them, and `alert:ack` from boards.
 *
 * Alerts use rooms of their own rather than the broadcaster's channel rooms: a board paused as
 * slow leaves its channel room and is resumed with a floor snapshot only, so alerts sent to the
 * channel room meanwhile would be lost for good. Alert messages are rare and small, so every
 * board gets them, paused or not. Scope comes from `socket.data.scope`, set at the handshake.
 */
import type { Actor } from '@/lib/control/actor';
import { alertAckRequestSchema, alertVisibleTo, type Alert, type AlertErrorCode, type AlertBatch } from '@/lib/alerts/types';
import type { Ack } from '@/lib/protocol';
import { teamScope } from '@/server/control/permissions';
import type { BoardSocket, FloorServer } from '@/server/realtime/options';
import type { AlertChanges, AlertResult, AlertService } from './service';
import { firstIssueText } from '@/server/http/zod-text';
import type { LogFn } from '@/server/log';

/** Every board: alerts every team sees (floor alerts of '*' rules). */
export const ALERTS_ANY_ROOM = 'alerts:any';
/** Boards that show every team: they see every alert. */
export const ALERTS_ALL_TEAMS_ROOM = 'alerts:all-teams';
/** Boards that show `team` (among others). */
export function alertTeamRoom(team: string): string {
  return `alerts:team:${team}`;
}

export interface AlertSocketDeps {
  io: FloorServer;
  service: AlertService;
  /** The socket's session user; null refuses acknowledgements with UNAUTHORIZED. */
  actorFor: (socket: BoardSocket) => Actor | null;
  log?: { debug: LogFn; error: LogFn };
  /** A refused `alert:ack` (for the bad-requests counter). */
  rejected?: (code: AlertErrorCode) => void;
  /** Server clock for the snapshot's serverTime (the same clock as the service's). */
  now?: () => number;
}

export interface AlertSocketHub {
  /** RealtimeOptions['extend']-shaped: joins alert rooms, sends the snapshot, handles `alert:ack`. */
  extend(socket: BoardSocket): readonly string[];
  /** Send one service change to the boards that may see each alert (AlertService.onChange). */
  publish(changes: AlertChanges): void;
}

/** Acks remembered per socket, so a re-sent request id gets the first answer. */
const REMEMBERED_REQUESTS = 64;

export function createAlertSocketHub(deps: AlertSocketDeps): AlertSocketHub {
  const { io, service } = deps;
  const now = deps.now ?? Date.now;

  // io.local: every web node of a cluster derives alerts from its own copy of the floor, so an
  // alert must not also reach other nodes' boards through the Redis adapter (docs/deploy.md).
  function emitAll(event: 'alert:opened' | 'alert:updated' | 'alert:closed', alerts: readonly Alert[], serverTime: number): void {
    if (alerts.length === 0) return;
    const batch = (list: Alert[]): AlertBatch => ({ serverTime, alerts: list });
    const everyone: Alert[] = [];
    const allTeams: Alert[] = [];
    const byTeam = new Map<string, Alert[]>();
    for (const a of alerts) {
      if (a.teams === '*') everyone.push(a);
      else if (a.teams.length === 1) {
        const team = a.teams[0]!;
        allTeams.push(a);
        const list = byTeam.get(team);
        if (list) list.push(a);
        else byTeam.set(team, [a]);
      } else {
        // Several teams: one emit to all their rooms at once, so a board in two of them gets it once.
        io.local.to([ALERTS_ALL_TEAMS_ROOM, ...a.teams.map(alertTeamRoom)]).emit(event, batch([a]));
      }
    }
    if (everyone.length > 0) io.local.to(ALERTS_ANY_ROOM).emit(event, batch(everyone));
    if (allTeams.length > 0) io.local.to(ALERTS_ALL_TEAMS_ROOM).emit(event, batch(allTeams));
    for (const [team, list] of byTeam) io.local.to(alertTeamRoom(team)).emit(event, batch(list));
  }

  function refuse(code: AlertErrorCode, message: string): AlertResult<Alert> {
    deps.rejected?.(code);
    return { ok: false, code, message };
  }

  async function acknowledge(socket: BoardSocket, payload: unknown): Promise<AlertResult<Alert>> {
    const parsed = alertAckRequestSchema.safeParse(payload);
    if (!parsed.success) return refuse('BAD_REQUEST', firstIssueText(parsed.error, 'payload'));
    const actor = deps.actorFor(socket);
    if (actor === null) return refuse('UNAUTHORIZED', 'sign in to acknowledge alerts');
    // A wall-board signed in as a viewer (TV mode) shows alerts but cannot make them go quiet.
    if (actor.role === 'viewer') return refuse('FORBIDDEN', 'viewers may not acknowledge alerts');
    const userScope = teamScope(actor);
    const boardScope = socket.data.scope;
    const result = await service.acknowledge(parsed.data.alertId, actor, (a) => alertVisibleTo(a, boardScope) && alertVisibleTo(a, userScope));
    if (!result.ok) deps.rejected?.(result.code);
    return result;
  }

  return {
    extend(socket) {
      const scope = socket.data.scope;
      void socket.join(ALERTS_ANY_ROOM);
      if (scope === '*') void socket.join(ALERTS_ALL_TEAMS_ROOM);
      else for (const team of scope) void socket.join(alertTeamRoom(team));
      // Joined and sent in one tick: no engine tick can fall in between, so nothing is missed (AL18).
      socket.emit('alert:snapshot', { serverTime: now(), alerts: service.open(scope) });

      const answered = new Map<string, Promise<AlertResult<Alert>>>();
      socket.on('alert:ack', (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') {
          deps.rejected?.('BAD_REQUEST');
          deps.log?.debug({ socket: socket.id }, 'alert:ack without an ack callback');
          return;
        }
        const reply = ack as (r: Ack<Alert>) => void;
        const { requestId, alertId } = (typeof payload === 'object' && payload !== null ? payload : {}) as { requestId?: unknown; alertId?: unknown };
        // Keyed with the alert too: a client reusing a request id for another alert is not answered from the first.
        const key = typeof requestId === 'string' && typeof alertId === 'string' ? `${alertId}\u0000${requestId}` : null;
        let pending = key !== null ? answered.get(key) : undefined;
        if (pending === undefined) {
          pending = acknowledge(socket, payload).catch((err: unknown): AlertResult<Alert> => {
            deps.log?.error({ err, socket: socket.id }, 'alert:ack failed');
            return { ok: false, code: 'INTERNAL', message: 'internal error' };
          });
          if (key !== null) {
            answered.set(key, pending);
            if (answered.size > REMEMBERED_REQUESTS) answered.delete(answered.keys().next().value as string);
          }
        }
        void pending.then(reply);
      });
      return ['alert:ack'];
    },
    publish(changes) {
      emitAll('alert:opened', changes.opened, changes.serverTime);
      emitAll('alert:updated', changes.updated, changes.serverTime);
      emitAll('alert:closed', changes.closed, changes.serverTime);
    },
  };
}
