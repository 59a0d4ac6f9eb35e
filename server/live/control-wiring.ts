/**
 * Joins the control path to the live floor: the floor's state and roster tokens feed the
 * pipeline's target checks, control events go back into the reducer, status changes drive
 * pending sign-outs, monitor `message` frames become announcement receipts, and results reach
 * the requesting user's boards.
 */
import type { IncomingMessage } from 'node:http';
import type { Actor } from '@/lib/control/actor';
import type { Router } from '@/server/http/routes';
import type { Logger } from '@/server/log';
import type { Metrics } from '@/server/metrics';
import type { AnnouncementStore } from '@/server/control/announcement-store';
import type { AuditStore } from '@/server/control/audit';
import { type ControlPlane, createControlPlane, registerControlRoutes } from '@/server/control/index';
import { parseControlConfig } from '@/server/control/config';
import { floorReader } from '@/server/control/floor-read';
import { toControlResult } from '@/server/control/pending-signout';
import type { BoardSocket } from '@/server/realtime/options';
import type { RosterEntry } from '@/server/state/types';
import type { FloorService } from './floor-service';

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

export interface ControlWiring {
  control: ControlPlane;
  /** Realtime `extend` hook: registers `control:act` on each board socket. */
  extendSocket(socket: BoardSocket): readonly string[];
  setRoster(entries: readonly RosterEntry[]): void;
  close(): void;
}

export function wireControl(deps: {
  floor: FloorService;
  roster: readonly RosterEntry[];
  callSystemUrl: string;
  adminToken?: string;
  env: Record<string, string | undefined>;
  timeZone: string;
  router: Router;
  log: Logger;
  metrics: Metrics;
  /** The acting user of an HTTP request (from the session or API token); null may not act. */
  actorFor: (req: IncomingMessage) => Actor | null;
  /** The acting user of a board socket; null for display links and read-only tokens. */
  actorForSocket: (socket: BoardSocket) => Actor | null;
  /** The history database's stores (server/persist/); default in memory. */
  audit?: AuditStore;
  announcementStore?: AnnouncementStore;
}): ControlWiring {
  const tokens = new Map<string, string>();
  const setRoster = (entries: readonly RosterEntry[]): void => {
    tokens.clear();
    for (const e of entries) tokens.set(e.extno, e.token);
  };
  setRoster(deps.roster);

  const config = parseControlConfig({
    ...deps.env,
    ...(deps.adminToken && !deps.env.CALL_SYSTEM_ADMIN_TOKEN ? { CALL_SYSTEM_ADMIN_TOKEN: deps.adminToken } : {}),
  });
  const reader = floorReader(
    () => deps.floor.state,
    (extno) => tokens.get(extno),
  );
  const control = createControlPlane({
    baseUrl: deps.callSystemUrl,
    config,
    agent: reader.agent,
    agents: reader.agents,
    applyControl: (event) => {
      deps.floor.apply(event);
    },
    actorFor: deps.actorFor,
    onReceipts: (receipts) => deps.floor.realtime.io.emit('announce:receipts', receipts),
    onCarriedOut: (c) => deps.floor.realtime.io.to(userRoom(c.requestedBy.id)).emit('control:result', toControlResult(c)),
    onError: (code) => deps.metrics.badRequests.inc({ surface: 'control', code }),
    logger: deps.log,
    timeZone: deps.timeZone,
    ...(deps.audit ? { audit: deps.audit } : {}),
    ...(deps.announcementStore ? { announcementStore: deps.announcementStore } : {}),
  });
  registerControlRoutes(deps.router, control.http);

  const unsubscribers = [
    deps.floor.onAgentChange((prev, next) => {
      if (prev?.status !== next.status) void control.watcher.statusChanged(next.extno, next.status);
    }),
    deps.floor.onMessage((extno, msg, at) => control.announcements.onMessage(extno, msg, at)),
  ];

  return {
    control,
    extendSocket(socket) {
      const actor = deps.actorForSocket(socket);
      if (actor) void socket.join(userRoom(actor.id));
      socket.on('control:act', (payload: unknown, ack: unknown) => {
        void control.handleControlEvent(actor, payload, ack);
      });
      return ['control:act'];
    },
    setRoster,
    close() {
      for (const u of unsubscribers) u();
      control.close();
    },
  };
}
