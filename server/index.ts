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
import { registerLiveRoutes } from './live/routes';
import { registerHistoryRoutes } from './history-api/index';
import { createFloorService, type FloorService, type FloorServiceOptions } from './live/floor-service';
import { createMetrics, type Metrics } from './metrics';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator/index';
import type { RosterEntry } from './state/types';
import { monitorUrlFor } from './upstream/monitor-url';
import { loadRosterFile } from './upstream/roster';

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

function summarizeHistory(h: HistoryWiring): Record<string, unknown> {
  const s = h.stats();
  const r = s.recorder;
  return {
    state: s.state,
    queued: r ? r.queued : s.buffered,
    written: r?.written ?? 0,
    dropped: (r?.dropped ?? 0) + s.bufferDropped,
    failing: r?.failing ?? false,
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
  /** Set once the user store is open (with history on, it lives in the history database). */
  let authWiring: AuthWiring | null = null;
  const startedAt = Date.now();

  // Health answers as soon as the server listens, before the floor and Next are ready.
  router.add('GET', '/api/health', (_req, res) => {
    const h = floor?.health();
    const body = {
      ok: true,
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      callSystem: config.CALL_SYSTEM_URL ? 'external' : 'embedded',
      ready: { floor: floor !== null, auth: authWiring !== null, web: options.web === false ? 'disabled' : next !== null },
      links: h ? { live: h.linksLive, total: h.linksTotal, byState: h.byLink } : null,
      newestFrameAgeMs: h?.newestFrameAgeMs ?? null,
      history: history ? summarizeHistory(history) : { state: 'off' },
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
      roster: callSystem.roster,
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
        ],
        ...options.floor?.realtime,
      },
    });
    const actorFor = (req: IncomingMessage) => authWiring?.actorFor(req) ?? null;
    const actorForSocket = (socket: BoardSocket) => authWiring?.actorForSocket(socket) ?? null;
    registerLiveRoutes(router, { floor, metrics, teamsOf: (req) => authWiring?.teamsOf(req) ?? [] });
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
    });
    alerts = wireAlerts({
      floor,
      timeZone: config.TZ,
      router,
      log,
      metrics,
      actorFor,
      actorForSocket,
    });
    if (config.HISTORY === 'on') {
      history = wireHistory({
        floor,
        databaseUrl: config.DATABASE_URL,
        dataDir: config.DATA_DIR,
        retentionDays: config.RETENTION_DAYS,
        queueCapacity: config.HISTORY_QUEUE_SIZE,
        log,
        metrics,
      });
    }

    // Next prepares while the database opens (PGlite's first start takes seconds).
    const preparing =
      options.web !== false ? prepareNext({ dev: options.dev ?? false, dir: path.resolve('.'), hostname: 'localhost', port }) : null;
    preparing?.catch(() => undefined);

    authWiring = await wireAuth({ store: await openAuthStore(history, log), env: process.env, router, log });
    authWiring.attach(floor.realtime.io);
    const audit = control.control.audit;
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
    authWiring?.close();
    await history?.close();
    await alerts?.close();
    control?.close();
    await floor?.close().catch(() => undefined);
    await simulator?.close().catch(() => undefined);
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    throw err;
  }

  async function reloadRoster(): Promise<{ agents: number }> {
    if (!config.ROSTER_FILE) throw new Error('no ROSTER_FILE configured: the embedded simulator owns the roster');
    const entries = await loadRosterFile(config.ROSTER_FILE);
    control!.setRoster(entries);
    floor!.setRoster(entries);
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
    auth: authReady,
    reloadRoster,
    async close() {
      authReady.close();
      await alertWiring.close();
      controlWiring.close();
      await service.close();
      await history?.close();
      await next?.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await simulator?.close();
    },
  };
}
