/**
 * Boot: one process runs the live path (upstream links -> floor state -> Socket.IO), the HTTP API
 * and the Next.js pages; with CALL_SYSTEM_URL unset it also starts the embedded call-system
 * simulator on its own port and talks to it exactly as to a real call system.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Config } from './config';
import { prepareNext } from './http/next-bridge';
import { Router } from './http/routes';
import { createHttpServer, type NextBridge } from './http/server';
import { createLogger, type Logger } from './log';
import { type AlertWiring, wireAlerts } from './alerts/wiring';
import { MemoryAuthStore, registerAuthRoutes } from './auth/index';
import { type AuthWiring, wireAuth } from './live/auth-wiring';
import { type ControlWiring, wireControl } from './live/control-wiring';
import { type HistoryWiring, wireHistory } from './live/history-wiring';
import { registerLiveRoutes } from './live/routes';
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
  const startedAt = Date.now();

  // Health answers as soon as the server listens, before the floor and Next are ready.
  router.add('GET', '/api/health', (_req, res) => {
    const h = floor?.health();
    const body = {
      ok: true,
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      callSystem: config.CALL_SYSTEM_URL ? 'external' : 'embedded',
      ready: { floor: floor !== null, web: options.web === false ? 'disabled' : next !== null },
      links: h ? { live: h.linksLive, total: h.linksTotal, byState: h.byLink } : null,
      newestFrameAgeMs: h?.newestFrameAgeMs ?? null,
      history: history ? summarizeHistory(history) : { state: 'off' },
    };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  });

  const authWiring: AuthWiring = await wireAuth({ store: new MemoryAuthStore(), env: process.env, router, log });

  const http = createHttpServer({
    router,
    log,
    metrics,
    guard: authWiring.guard,
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
        authorize: authWiring.sockets.authorize,
        extend: (socket) => [
          ...authWiring.sockets.extend(socket),
          ...(control?.extendSocket(socket) ?? []),
          ...(alerts?.extendSocket(socket) ?? []),
        ],
        ...options.floor?.realtime,
      },
    });
    authWiring.attach(floor.realtime.io);
    registerLiveRoutes(router, { floor, metrics, teamsOf: (req) => authWiring.teamsOf(req) });
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
      actorFor: authWiring.actorFor,
      actorForSocket: authWiring.actorForSocket,
    });
    const audit = control.control.audit;
    registerAuthRoutes(router, { auth: authWiring.auth, guard: authWiring.guard, audit: (r) => audit.append(r), log });
    alerts = wireAlerts({
      floor,
      timeZone: config.TZ,
      router,
      log,
      metrics,
      actorFor: authWiring.actorFor,
      actorForSocket: authWiring.actorForSocket,
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

    if (options.web !== false) {
      next = await prepareNext({ dev: options.dev ?? false, dir: path.resolve('.'), hostname: 'localhost', port });
    }
  } catch (err) {
    authWiring.close();
    await history?.close();
    await alerts?.close();
    control?.close();
    await floor?.close().catch(() => undefined);
    await simulator?.close().catch(() => undefined);
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    throw err;
  }

  const service = floor;
  const controlWiring = control!;
  const alertWiring = alerts!;
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
    auth: authWiring,
    async close() {
      authWiring.close();
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
