/**
 * Boot: one process runs the live path (upstream links -> floor state -> Socket.IO), the HTTP API
 * and the Next.js pages; with CALL_SYSTEM_URL unset it also starts the embedded call-system
 * simulator on its own port and talks to it exactly as to a real call system.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BoardSocket } from './realtime/options';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Config } from './config';
import { prepareNext } from './http/next-bridge';
import { Router } from './http/routes';
import { createHttpServer, type NextBridge } from './http/server';
import { createLogger, type Logger } from './log';
import { type AlertWiring, wireAlerts } from './alerts/wiring';
import { type AuthStore, MemoryAuthStore, registerAuthRoutes } from './auth/index';
import { PgAuthStore } from './store/index';
import { sendError, sendJson } from './http/json';
import { type AuthWiring, wireAuth } from './live/auth-wiring';
import { type ControlWiring, wireControl } from './live/control-wiring';
import { type HistoryWiring, wireHistory } from './live/history-wiring';
import { type Persistence, wirePersistence } from './persist/wiring';
import { MemoryThresholdStore } from './settings/threshold-store';
import { type ThresholdsWiring, wireThresholds } from './settings/thresholds-wiring';
import { registerLiveRoutes } from './live/routes';
import { registerHistoryRoutes } from './history-api/index';
import { createFloorService, type FloorService, type FloorServiceOptions } from './live/floor-service';
import { createMetrics, type Metrics } from './metrics';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator/index';
import type { RosterEntry } from './state/types';
import { monitorUrlFor } from './upstream/monitor-url';
import { loadRosterFile } from './upstream/roster';
import { type ClusterNode, startClusterNode } from './cluster/boot';
import { rolePlan } from './cluster/roles';

export const VERSION = '0.1.0';

export interface StartOptions {
  config: Config;
  log?: Logger;
  /** Serve the Next.js pages (tests of the live path alone turn this off). Default true. */
  web?: boolean;
  dev?: boolean;
  /** Overrides for the embedded simulator (tests: speed, agents, seed, faults). */
  simulator?: SimulatorOptions;
  /** Overrides for the floor service (tests: short heartbeats). */
  floor?: Partial<Pick<FloorServiceOptions, 'links' | 'realtime' | 'sweepIntervalMs'>>;
}

export interface Floorboard {
  url: string;
  port: number;
  config: Config;
  log: Logger;
  metrics: Metrics;
  simulator: Simulator | null;
  floor: FloorService;
  control: ControlWiring;
  alerts: AlertWiring;
  auth: AuthWiring;
  /**
   * Re-read ROSTER_FILE and open/close monitor links for the difference only (SIGHUP, or
   * POST /api/admin/roster/reload). A bad file changes nothing and is reported.
   */
  reloadRoster(): Promise<{ agents: number }>;
  /** Null when HISTORY=off. */
  history: HistoryWiring | null;
  /** Audit, announcements, alert history and rules, thresholds in the history database; null when HISTORY=off. */
  persist: Persistence | null;
  thresholds: ThresholdsWiring;
  /** This process's cluster role (docs/deploy.md); null with FLOORBOARD_ROLE=all. */
  cluster: ClusterNode | null;
  http: Server;
  close(): Promise<void>;
}

async function resolveCallSystem(
  config: Config,
  log: Logger,
  overrides: SimulatorOptions | undefined,
): Promise<{ url: string; roster: RosterEntry[]; simulator: Simulator | null }> {
  if (config.CALL_SYSTEM_URL) {
    const roster = await loadRosterFile(config.ROSTER_FILE!);
    return { url: config.CALL_SYSTEM_URL, roster, simulator: null };
  }
  const simulator = await startSimulator({
    agents: config.SIM_AGENTS,
    teams: config.SIM_TEAMS,
    seed: config.SIM_SEED,
    speed: config.SIM_SPEED,
    tickMs: config.SIM_TICK_MS,
    port: config.SIM_PORT,
    ...overrides,
  });
  const roster = config.ROSTER_FILE ? await loadRosterFile(config.ROSTER_FILE) : simulator.roster.map((r) => ({ ...r }));
  log.info({ url: simulator.url, agents: simulator.roster.length }, 'embedded call-system simulator started');
  return { url: simulator.url, roster, simulator };
}

/**
 * Users, sessions, display links and API tokens live in the history database when there is one
 * (they survive restarts); with HISTORY=off, or a database that will not open, in memory.
 */
async function openAuthStore(history: HistoryWiring | null, log: Logger): Promise<AuthStore> {
  if (!history) return new MemoryAuthStore();
  try {
    const store = await history.ready;
    return new PgAuthStore(store.db, { log });
  } catch (err) {
    log.error({ err }, 'history database unavailable: users and display links are kept in memory until restart');
    return new MemoryAuthStore();
  }
}

function summarizeHistory(h: HistoryWiring, p: Persistence | null): Record<string, unknown> {
  const s = h.stats();
  const r = s.recorder;
  const queues = Object.values(p?.stats() ?? {});
  return {
    state: s.state,
    queued: r ? r.queued : s.buffered,
    written: r?.written ?? 0,
    dropped: (r?.dropped ?? 0) + s.bufferDropped,
    failing: r?.failing ?? false,
    // The write-behind stores (audit, announcements, alerts, rules, thresholds): never silent.
    records: {
      queued: queues.reduce((n, q) => n + q.queued, 0),
      dropped: queues.reduce((n, q) => n + q.dropped + q.rejected, 0),
      failing: queues.some((q) => q.failing),
    },
  };
}

export async function startFloorboard(options: StartOptions): Promise<Floorboard> {
  const { config } = options;
  const log = options.log ?? createLogger({ level: config.LOG_LEVEL });
  const metrics = createMetrics();
  const router = new Router();
  let next: (NextBridge & { close(): Promise<void> }) | null = null;
  let floor: FloorService | null = null;
  let simulator: Simulator | null = null;
  let control: ControlWiring | null = null;
  let alerts: AlertWiring | null = null;
  let history: HistoryWiring | null = null;
  let persist: Persistence | null = null;
  let thresholds: ThresholdsWiring | null = null;
  /** Set once the user store is open (with history on, it lives in the history database). */
  let authWiring: AuthWiring | null = null;
  const startedAt = Date.now();
  // FLOORBOARD_ROLE (docs/deploy.md): the only differences between one process and a cluster node.
  const plan = rolePlan(config);
  let cluster: ClusterNode | null = null;
  const serveWeb = options.web !== false && plan.serveWeb;

  // Health answers as soon as the server listens, before the floor and Next are ready.
  router.add('GET', '/api/health', (_req, res) => {
    const h = floor?.health();
    const body = {
      ok: true,
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      callSystem: config.CALL_SYSTEM_URL ? 'external' : 'embedded',
      ready: { floor: floor !== null, auth: authWiring !== null, web: !serveWeb ? 'disabled' : next !== null },
      links: h ? { live: h.linksLive, total: h.linksTotal, byState: h.byLink } : null,
      newestFrameAgeMs: h?.newestFrameAgeMs ?? null,
      history: history ? summarizeHistory(history, persist) : { state: 'off' },
      ...(cluster ? { cluster: { role: cluster.role, id: cluster.id, ...cluster.health() } } : {}),
    };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  });

  /** Until sign-in is ready nothing but health is served: nobody gets in unchecked. */
  const guard = {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (authWiring) return authWiring.guard.handle(req, res, url);
      if (url.pathname === '/api/health') return false;
      res.setHeader('retry-after', '2');
      sendError(res, 503, 'STARTING', 'Floorboard is starting');
      return true;
    },
  };

  const http = createHttpServer({
    router,
    log,
    metrics,
    guard,
    next: () => next,
    realtime: () => floor?.realtime ?? null,
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.PORT, config.HOST, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;

  try {
    const callSystem = await resolveCallSystem(config, log, options.simulator);
    simulator = callSystem.simulator;
    floor = createFloorService({
      roster: plan.floorRoster(callSystem.roster),
      upstream: plan.upstream,
      urlFor: monitorUrlFor(config.MONITOR_URL_TEMPLATE, callSystem.url),
      timeZone: config.TZ,
      staleAfterMs: config.STALE_AFTER_MS > 0 ? config.STALE_AFTER_MS : null,
      connectRatePerSecond: config.UPSTREAM_CONNECT_RATE,
      batchMs: config.BROADCAST_BATCH_MS,
      log,
      metrics,
      ...options.floor,
      realtime: {
        authorize: (handshake) => (authWiring ? authWiring.sockets.authorize(handshake) : Promise.resolve(null)),
        extend: (socket) => [
          ...(authWiring?.sockets.extend(socket) ?? []),
          ...(control?.extendSocket(socket) ?? []),
          ...(alerts?.extendSocket(socket) ?? []),
          ...(thresholds?.extendSocket(socket) ?? []),
        ],
        ...options.floor?.realtime,
      },
    });
    const actorFor = (req: IncomingMessage) => authWiring?.actorFor(req) ?? null;
    const actorForSocket = (socket: BoardSocket) => authWiring?.actorForSocket(socket) ?? null;
    registerLiveRoutes(router, { floor, metrics, teamsOf: (req) => authWiring?.teamsOf(req) ?? [] });
    if (config.HISTORY === 'on') {
      history = wireHistory({
        floor,
        // `cluster` is set further down; until then no gateway hands anything over.
        handingOver: (extno) => cluster?.handingOver(extno) ?? false,
        databaseUrl: config.DATABASE_URL,
        dataDir: config.DATA_DIR,
        retentionDays: config.RETENTION_DAYS,
        queueCapacity: config.HISTORY_QUEUE_SIZE,
        log,
        metrics,
        record: plan.recordHistory,
      });
      persist = wirePersistence({ ready: history.ready, log, timeZone: config.TZ });
    }
    const liveFloor = floor;
    registerHistoryRoutes(router, {
      store: () => history?.store() ?? null,
      teamsOf: (req) => authWiring?.teamsOf(req) ?? [],
      timeZone: config.TZ,
      log,
      nameOf: (extno) => liveFloor.state.agents.get(extno)?.name ?? null,
    });
    control = wireControl({
      floor,
      roster: callSystem.roster,
      callSystemUrl: callSystem.url,
      adminToken: simulator?.adminToken,
      env: process.env,
      timeZone: config.TZ,
      router,
      log,
      metrics,
      actorFor,
      actorForSocket,
      ...(persist ? { audit: persist.audit, announcementStore: persist.announcements } : {}),
    });
    alerts = wireAlerts({
      floor,
      timeZone: config.TZ,
      router,
      log,
      metrics,
      actorFor,
      actorForSocket,
      ...(persist ? { alertStore: persist.alerts, ruleStore: persist.rules } : {}),
    });
    const live = floor;
    const audit = control.control.audit;
    thresholds = wireThresholds({
      store: persist?.thresholds ?? new MemoryThresholdStore(),
      router,
      io: () => live.realtime.io,
      audit: () => audit,
      actorFor,
      teams: () => [...new Set([...live.state.agents.values()].map((a) => a.team))],
      log,
    });
    if (plan.clustered) cluster = await startClusterNode({ config, floor, roster: callSystem.roster, log, alerts: alerts.service, thresholds, control: control.control.pipeline });

    // Next prepares while the database opens (PGlite's first start takes seconds).
    const preparing =
      serveWeb ? prepareNext({ dev: options.dev ?? false, dir: path.resolve('.'), hostname: 'localhost', port }) : null;
    preparing?.catch(() => undefined);

    authWiring = await wireAuth({
      store: await openAuthStore(history, log),
      env: process.env,
      router,
      log,
      onSocketRefused: (_event, code) => metrics.badRequests.inc({ surface: 'socket', code }),
    });
    authWiring.attach(floor.realtime.io);
    const auth = authWiring;
    registerAuthRoutes(router, { auth: auth.auth, guard: auth.guard, audit: (r) => audit.append(r), log });

    if (preparing) next = await preparing;
    router.add('POST', '/api/admin/roster/reload', async (_req, res) => {
      try {
        sendJson(res, 200, { ok: true, data: await reloadRoster() });
      } catch (err) {
        sendError(res, 422, 'BAD_ROSTER', err instanceof Error ? err.message : String(err));
      }
    });
  } catch (err) {
    await cluster?.close().catch(() => undefined);
    authWiring?.close();
    await alerts?.close();
    control?.close();
    await floor?.close().catch(() => undefined);
    await persist?.close();
    await history?.close();
    await simulator?.close().catch(() => undefined);
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    throw err;
  }

  async function reloadRoster(): Promise<{ agents: number }> {
    if (!config.ROSTER_FILE) throw new Error('no ROSTER_FILE configured: the embedded simulator owns the roster');
    const entries = await loadRosterFile(config.ROSTER_FILE);
    control!.setRoster(entries);
    if (cluster) cluster.setRoster(entries);
    else floor!.setRoster(entries);
    log.info({ agents: entries.length, file: config.ROSTER_FILE }, 'roster reloaded');
    return { agents: entries.length };
  }

  const service = floor;
  const controlWiring = control!;
  const alertWiring = alerts!;
  const authReady = authWiring!;
  return {
    url,
    port,
    config,
    log,
    metrics,
    simulator,
    floor: service,
    control: controlWiring,
    alerts: alertWiring,
    http,
    history,
    persist,
    thresholds: thresholds!,
    cluster,
    auth: authReady,
    reloadRoster,
    async close() {
      authReady.close();
      await alertWiring.close();
      controlWiring.close();
      await cluster?.close();
      await service.close();
      // The write-behind stores drain into the database before it closes.
      await persist?.close();
      await history?.close();
      await next?.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await simulator?.close();
    },
  };
}
