/**
 * Joins alerts to the running server in one call: the floor's agents feed the engine once a
 * second, the floor's change listener feeds the call clock ("no calls" rule), service changes
 * go out over Socket.IO, and the REST routes are registered. The lead calls `wireAlerts` in
 * server/index.ts after the floor service exists, and adds `extendSocket` to the realtime
 * `extend` hook (see docs/alerts.md, "Wiring").
 */
import type { IncomingMessage } from 'node:http';
import type { Actor } from '@/lib/control/actor';
import type { Router } from '@/server/http/routes';
import type { Logger } from '@/server/log';
import type { Metrics } from '@/server/metrics';
import type { FloorService } from '@/server/live/floor-service';
import type { BoardSocket } from '@/server/realtime/options';
import type { AlertStore } from './alert-store';
import { CallClock } from './call-clock';
import { createAlertHttpHandlers, registerAlertRoutes } from './http-handlers';
import type { RuleStore } from './rule-store';
import { createAlertService, type AlertService } from './service';
import { createAlertSocketHub, type AlertSocketHub } from './socket-hub';

export interface AlertWiringDeps {
  floor: Pick<FloorService, 'state' | 'onAgentChange' | 'realtime'>;
  /** The centre's IANA time zone (config.TZ). */
  timeZone: string;
  /** Registers the alerts REST routes when given. */
  router?: Router;
  log?: Logger;
  metrics?: Metrics;
  /** The HTTP request's user (session or API token); null may not act. */
  actorFor: (req: IncomingMessage) => Actor | null | Promise<Actor | null>;
  /** The board socket's user; null for display links (they show alerts but cannot acknowledge). */
  actorForSocket: (socket: BoardSocket) => Actor | null;
  /** The history store's database implementation when it exists; default in memory. */
  alertStore?: AlertStore;
  ruleStore?: RuleStore;
  /** Engine period, default 1000 ms. */
  intervalMs?: number;
  now?: () => number;
}

export interface AlertWiring {
  service: AlertService;
  hub: AlertSocketHub;
  /** Resolves once the rules are loaded. */
  ready: Promise<void>;
  /** For RealtimeOptions['extend']: joins the board to its alert rooms, sends `alert:snapshot`, handles `alert:ack`. */
  extendSocket(socket: BoardSocket): readonly string[];
  /** Stops the engine timer and listeners and waits for history writes. Call before closing the floor. */
  close(): Promise<void>;
}

export function wireAlerts(deps: AlertWiringDeps): AlertWiring {
  const now = deps.now ?? Date.now;
  const log = deps.log?.child({ component: 'alerts' });
  const calls = new CallClock(now());
  const service = createAlertService({
    agents: () => deps.floor.state.agents,
    callsQuietSince: (teams) => calls.quietSince(teams),
    timeZone: deps.timeZone,
    alertStore: deps.alertStore,
    ruleStore: deps.ruleStore,
    intervalMs: deps.intervalMs,
    now,
    log,
  });
  const rejected = (code: string): void => deps.metrics?.badRequests.inc({ surface: 'alerts', code });
  const hub = createAlertSocketHub({
    io: deps.floor.realtime.io,
    service,
    actorFor: deps.actorForSocket,
    log,
    rejected,
    now,
  });

  const unsubscribers = [
    deps.floor.onAgentChange((prev, next, at) => calls.onAgentChange(prev, next, at)),
    service.onChange((changes) => hub.publish(changes)),
  ];

  if (deps.router) {
    registerAlertRoutes(deps.router, createAlertHttpHandlers({ service, actorFor: deps.actorFor }));
  }

  return {
    service,
    hub,
    ready: service.ready,
    extendSocket: (socket) => hub.extend(socket),
    async close() {
      for (const u of unsubscribers) u();
      await service.close();
    },
  };
}
