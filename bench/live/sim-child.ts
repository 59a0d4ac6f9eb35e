/**
 * Simulator child of the live-path bench: the call system in its own process (its CPU apart
 * from Floorboard's), writing its roster CSV for Floorboard's ROSTER_FILE, and streaming every
 * status change (extension, new status, epoch ms) to the bench for the end-to-end latency.
 *
 * The transitions come from the simulator's own log (`logTransitions: true`); `at` is the real
 * clock at the moment the dynamics moved the agent, just before the notice is written to the
 * monitor socket. The log is drained as it is streamed so it does not grow for the whole run.
 */
import { writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type TransitionLogEntry, rosterToCsv, startSimulator } from '@/server/simulator/index';
import { procSample, serveParent } from './ipc';

export interface SimChildOptions {
  agents: number;
  teams: number;
  seed: number;
  speed: number;
  tickMs: number;
  rosterFile: string;
  /** Several simulator processes on one floor (bench/cluster): disjoint extensions, tokens told apart by prefix. */
  extnoStart?: number;
  tokenPrefix?: string;
}

const opts = JSON.parse(process.env.BENCH_SIM ?? '{}') as SimChildOptions;

const sim = await startSimulator({
  agents: opts.agents,
  teams: opts.teams,
  seed: opts.seed,
  speed: opts.speed,
  tickMs: opts.tickMs,
  logTransitions: true,
  ...(opts.extnoStart !== undefined ? { extnoStart: opts.extnoStart } : {}),
  ...(opts.tokenPrefix !== undefined ? { tokenPrefix: opts.tokenPrefix } : {}),
});
await writeFile(opts.rosterFile, rosterToCsv(sim.roster));

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

// The log is the simulator's array; the bench owns this process, so it drains it in place.
const log = sim.truth.transitions as TransitionLogEntry[];
let drained = 0;
let streaming = false;

const drain = setInterval(() => {
  if (log.length === 0) return;
  if (streaming) {
    // Flat [extno, to, at, ...]: a few hundred numbers per 100 ms.
    const batch = new Array<number>(log.length * 3);
    for (let i = 0; i < log.length; i++) {
      const e = log[i]!;
      batch[i * 3] = Number(e.extno);
      batch[i * 3 + 1] = e.to;
      batch[i * 3 + 2] = e.at;
    }
    process.send?.({ type: 'transitions', batch });
  }
  drained += log.length;
  log.length = 0;
}, 100);

serveParent(
  {
    sample: () => ({
      proc: procSample(),
      sockets: sim.monitorSockets(),
      transitions: drained + log.length,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    }),
    'reset-loop': () => loop.reset(),
    stream: (on) => {
      streaming = on === true;
    },
    /** Stop the feed and return every agent's status at that instant (a quiet floor to compare with). */
    'pause-truth': () => {
      sim.faults.pauseFeed();
      return sim.truth.all().map((t) => [t.extno, t.status, t.stateSince, t.call?.sessionId ?? null] as const);
    },
    resume: () => sim.faults.resumeFeed(),
    /**
     * A connection the bench's call-system front (bench/cluster/sim-front.ts) accepted for one of
     * this simulator's tokens, with the bytes it read to route it: served by the simulator itself.
     */
    connection: (arg, handle) => {
      if (handle) sim.adoptConnection(handle, Buffer.from(String(arg), 'base64'));
    },
  },
  async () => {
    clearInterval(drain);
    await sim.close();
  },
);

process.send?.({ type: 'ready', url: sim.url, agents: sim.roster.length });
