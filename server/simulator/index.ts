/**
 * The embedded call-system simulator: the call system of call-system-api.md, for real,
 * over HTTP and WebSocket on its own port. Floorboard talks to it with the same code it
 * uses for a real call system. See docs/simulator.md.
 *
 *   const sim = await startSimulator({ agents: 50, speed: 10 });
 *   // ws://127.0.0.1:PORT/agent/monitor?<token>, POST /admin/agent/logon?access_token=<token>
 *   await sim.close();
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { AgentOps } from './agent-ops';
import { SimClock } from './clock';
import { createControl, type SimControl } from './control';
import { FloorDynamics, STILL_FLOOR, type FloorDriver } from './dynamics';
import { FaultState, type RestFault } from './faults';
import { SimFloor, type AgentTruth, type TransitionLogEntry } from './floor';
import { baseUrl, SimHttpServer } from './http-server';
import { dynamicsModelSchema } from './model';
import { MonitorHub, type DropMode } from './monitor-hub';
import { simulatorOptionsSchema, type ResolvedSimulatorOptions, type SimulatorOptions } from './options';
import { mixSeed, Rng } from './prng';
import { SimRecords } from './records';
import { createRestHandler } from './rest-api';
import { buildRoster, rosterToCsv, type SimRosterEntry } from './roster';

export { rosterToCsv, type SimRosterEntry, type SimulatorOptions, type SimControl, type AgentTruth };
export { type TransitionLogEntry, type RestFault, type DropMode };
export { ANNOUNCE_PATH } from './rest-api';
export { MONITOR_PATH } from './monitor-hub';
export { type SimCall } from './floor';
export { SimRecords } from './records';

export interface SimFaults {
  /** Closes (close frame, code 1001 by default) or terminates (no close frame) monitor sockets. */
  dropSockets(opts?: { extnos?: readonly string[]; mode?: DropMode; code?: number; reason?: string }): number;
  /** Writes raw data to the agents' sockets: a string as a text frame, bytes as a binary frame. */
  sendRaw(data: string | Uint8Array, opts?: { extnos?: readonly string[] }): number;
  /** Sockets stay open but no frames are written (pongs still answer pings). */
  pauseFeed(): void;
  /** Frames flow again; `resend` pushes every agent's current notice at once. */
  resumeFeed(opts?: { resend?: boolean }): void;
  readonly paused: boolean;
  /** An endpoint path (or '*' for all) answers `{status}` (e.g. 503) or late by `{delayMs}`; null clears. */
  setRestFault(endpoint: string, fault: RestFault | null): void;
  clearRestFaults(): void;
  /** Refuse these agents' tokens ('all', a list of extensions, or null for none): upgrade 401, REST 401. */
  refuseTokens(which: 'all' | readonly string[] | null): void;
  /** Stops the server (monitor sockets closed or terminated); the floor keeps going. */
  stopServer(opts?: { mode?: DropMode }): Promise<void>;
  /** Listens again on the same port. */
  restartServer(): Promise<void>;
  readonly serverRunning: boolean;
}

export interface SimTruth {
  agent(extno: string): AgentTruth;
  all(): AgentTruth[];
  /** Every status change, when started with `logTransitions: true` (else empty). */
  readonly transitions: readonly TransitionLogEntry[];
  /** Simulated seconds since the start (real seconds x speed). */
  simSeconds(): number;
}

export interface Simulator {
  readonly port: number;
  /** `http://127.0.0.1:PORT`; the monitor socket is `ws://127.0.0.1:PORT/agent/monitor?<token>`. */
  readonly url: string;
  readonly roster: readonly SimRosterEntry[];
  readonly adminToken: string;
  readonly options: Readonly<ResolvedSimulatorOptions>;
  readonly control: SimControl;
  readonly faults: SimFaults;
  readonly records: SimRecords;
  readonly truth: SimTruth;
  /** Open monitor sockets, of one agent or in all. */
  monitorSockets(extno?: string): number;
  /**
   * Serve a connection accepted by someone else, with the bytes already read from it: several
   * simulator processes behind one address (the cluster benchmark's front, bench/cluster/).
   */
  adoptConnection(socket: Socket, head: Buffer): void;
  close(): Promise<void>;
}

/** Stream ids: each purpose draws from its own stream, so one does not shift another. */
const DYNAMICS_STREAM = 0x64796e61;
const CUSTOMER_STREAM = 0x63757374;

export async function startSimulator(input: SimulatorOptions = {}): Promise<Simulator> {
  const options = Object.freeze(simulatorOptionsSchema.parse(input));
  const model = dynamicsModelSchema.parse(options.model ?? {});
  const { entries: roster, teamOf, teamNames } = buildRoster(options);
  const tokenIndex = new Map(roster.map((r, i) => [r.token, i]));
  const agentForToken = (token: string): number | undefined => tokenIndex.get(token);
  const adminToken = options.adminToken ?? randomBytes(16).toString('hex');
  const clock = new SimClock(options.speed, Date.now());
  const faults = new FaultState();
  const records = new SimRecords();

  // The hub is the floor's output; the floor exists before the hub, so route through a holder.
  let hub: MonitorHub | null = null;
  const floor = new SimFloor(
    {
      extnos: roster.map((r) => r.extno),
      teams: Array.from(teamOf, (t) => teamNames[t] ?? ''),
      extnoStart: options.extnoStart,
      infoAsString: options.infoAsString,
      logTransitions: options.logTransitions,
      customers: new Rng(mixSeed(mixSeed(options.seed, CUSTOMER_STREAM), options.extnoStart)),
      now: clock.now(),
    },
    { notice: (idx) => hub?.notice(idx), info: (idx, text) => hub?.info(idx, text) },
  );
  hub = new MonitorHub({ floor, faults, tickMs: options.tickMs, agentForToken });
  const monitors = hub;

  const dynamics = options.dynamics
    ? new FloorDynamics({ floor, teamOf, teams: options.teams, model, clock, rng: new Rng(mixSeed(options.seed, DYNAMICS_STREAM)) })
    : null;
  const driver: FloorDriver = dynamics ?? STILL_FLOOR;
  const ops = new AgentOps(floor, driver, clock);

  const announce = (msg: string, extnos: readonly string[] | null): number => {
    const idxs = extnos?.flatMap((e) => {
      const i = floor.indexOf.get(e);
      return i === undefined ? [] : [i];
    });
    const sent = monitors.announce(msg, idxs ?? null);
    records.announcements.push({ at: Date.now(), msg, extnos: extnos ? [...extnos] : null, sent });
    return sent;
  };

  const http = new SimHttpServer(
    {
      request: createRestHandler({
        floor,
        ops,
        records,
        names: roster.map((r) => r.name),
        faults,
        adminToken,
        bodyLimit: options.bodyLimitBytes,
        agentForToken,
        announce,
      }),
      upgrade: (req, socket, head) => monitors.handleUpgrade(req, socket, head),
    },
    options.host,
  );
  const port = await http.listen(options.port);
  monitors.startTicker();
  dynamics?.start();

  const indexOf = (extno: string): number => {
    const idx = floor.indexOf.get(extno);
    if (idx === undefined) throw new Error(`simulator: no agent with extension ${extno}`);
    return idx;
  };
  const idxsOf = (extnos: readonly string[] | undefined): number[] | null => (extnos ? extnos.map(indexOf) : null);

  const faultApi: SimFaults = {
    dropSockets: (opts = {}) => monitors.drop(idxsOf(opts.extnos), opts.mode ?? 'close', opts.code, opts.reason),
    sendRaw: (data, opts = {}) => monitors.sendRaw(data, idxsOf(opts.extnos)),
    pauseFeed: () => {
      faults.paused = true;
    },
    resumeFeed: (opts = {}) => {
      faults.paused = false;
      if (opts.resend) for (let i = 0; i < floor.size; i++) monitors.notice(i);
    },
    get paused() {
      return faults.paused;
    },
    setRestFault: (endpoint, fault) => faults.setRestFault(endpoint, fault),
    clearRestFaults: () => faults.clearRestFaults(),
    refuseTokens: (which) => faults.refuse(which),
    stopServer: async (opts = {}) => {
      monitors.drop(null, opts.mode ?? 'close', 1001, 'server stopping');
      await http.stop();
    },
    restartServer: () => listenAgain(http, port),
    get serverRunning() {
      return http.running;
    },
  };

  let closed = false;
  return {
    port,
    url: baseUrl(options.host, port),
    roster,
    adminToken,
    options,
    control: createControl({ floor, ops, announce }),
    faults: faultApi,
    records,
    truth: {
      agent: (extno) => floor.truth(indexOf(extno), clock.now()),
      all: () => {
        const now = clock.now();
        return Array.from({ length: floor.size }, (_, i) => floor.truth(i, now));
      },
      transitions: floor.log ?? [],
      simSeconds: () => clock.sim() / 1000,
    },
    monitorSockets: (extno) => monitors.count(extno === undefined ? undefined : indexOf(extno)),
    adoptConnection: (socket, head) => http.adopt(socket, head),
    close: async () => {
      if (closed) return;
      closed = true;
      driver.stop();
      monitors.close();
      await http.stop(true);
    },
  };
}

/** Re-listens on the old port; the old listener's port may take a moment to come free. */
async function listenAgain(http: SimHttpServer, port: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await http.listen(port);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
