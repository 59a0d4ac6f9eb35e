/**
 * The live-path environment of the bench: the simulator and Floorboard children, what they
 * report, the floor's warm-up, one measured window, and optional CPU profiles of Floorboard.
 */
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { BoardCredentials } from './board-socket';
import { type Child, type ProcSample, procSample, sleep, startChild, waitFor } from './ipc';
import type { LiveOptions } from './options';
import { summarizeProfile } from './profile-summary';
import type { Report } from './report';
import type { BoardsSample, SinkGroup } from './sink-group';

/** What every scenario shares: the flags, the report, a temporary folder and the progress log. */
export interface LiveContext {
  opts: LiveOptions;
  report: Report;
  workDir: string;
  profileDir: string;
  progress(msg: string): void;
}

export interface SimSample {
  proc: ProcSample;
  sockets: number;
  transitions: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

export interface FbSample {
  proc: ProcSample;
  loopP99Ms: number;
  loopMaxMs: number;
  health: { linksLive: number; linksTotal: number; newestFrameAgeMs: number | null };
  /** A cluster node's /api/health `cluster` figures; null for FLOORBOARD_ROLE=all. */
  cluster?: ({ redis: 'ok' | 'down' } & Record<string, unknown>) | null;
  /** Upstream connect attempts beyond each link's first, since start. */
  upstreamReconnects: number;
  realtime: {
    channels: { key: string; seq: number }[];
    boards: number;
    pausedBoards: number;
    deltasSent: number;
    deltaBytesSent: number;
    snapshotsSent: number;
    /** Snapshot encodes (one per channel per batch of joining boards); absent on older servers. */
    snapshotBatches?: number;
    /** Resume on reconnect (R13); absent on older servers. */
    replaysSent?: number;
    replayBatches?: number;
    resumesRefused?: number;
    slowBoardPauses: number;
    largestBuffer: { packets: number; bytes: number };
  };
}

export interface LiveEnv {
  agents: number;
  speed: number;
  sim: Child;
  fb: Child;
  url: string;
  credentials: BoardCredentials | null;
  /** Flat [extno, status, epoch ms] pushed by the simulator while streaming. */
  transitions: number[];
  linksLiveSeconds: number;
  simStartedAt: number;
  rosterFile: string;
  close(): Promise<void>;
}

export async function startEnv(ctx: LiveContext, agents: number, speed: number): Promise<LiveEnv> {
  const { opts, progress } = ctx;
  const rosterFile = join(ctx.workDir, `roster-${agents}.csv`);
  progress(`simulator: ${agents} agents, ${opts.teams} teams, speed ${speed}, 1 Hz ticks`);
  const sim = startChild('simulator', './sim-child.ts', {
    BENCH_SIM: JSON.stringify({ agents, teams: opts.teams, seed: 1, speed, tickMs: 1000, rosterFile }),
  });
  const simReady = (await sim.ready) as { url: string };
  const simStartedAt = Date.now();
  const transitions: number[] = [];
  sim.onPush((msg) => {
    if (msg.type !== 'transitions') return;
    for (const v of msg.batch as number[]) transitions.push(v);
  });

  const fbEnv: Record<string, string> = {
    CALL_SYSTEM_URL: simReady.url,
    ROSTER_FILE: rosterFile,
    UPSTREAM_CONNECT_RATE: String(opts.connectRate),
    LOG_LEVEL: 'warn',
    // The history store (issue 4+) shares the thread; off by default to measure the live path alone.
    HISTORY: opts.history,
    DATA_DIR: join(ctx.workDir, `data-${agents}`),
  };
  if (opts.batchMs !== null) fbEnv.BROADCAST_BATCH_MS = String(opts.batchMs);
  const fb = startChild('floorboard', './floorboard-child.ts', { BENCH_FLOORBOARD_ENV: JSON.stringify(fbEnv) });
  const fbReady = (await fb.ready) as { url: string; credentials: BoardCredentials | null };
  const linksStarted = Date.now();
  await waitFor(
    async () => {
      const s = await fb.request<FbSample>('sample');
      return s.health.linksLive >= agents ? s : undefined;
    },
    `${agents} upstream links live`,
    // Seconds on a quiet box; a minute and more was seen while other work loaded both cores.
    300_000,
    100,
  );
  const linksLiveSeconds = (Date.now() - linksStarted) / 1000;
  progress(`floorboard at ${fbReady.url}: ${agents} links live in ${linksLiveSeconds.toFixed(1)} s`);
  return {
    agents,
    speed,
    sim,
    fb,
    url: fbReady.url,
    credentials: fbReady.credentials,
    transitions,
    linksLiveSeconds,
    simStartedAt,
    rosterFile,
    async close() {
      await fb.stop();
      await sim.stop();
    },
  };
}

/** Wait until the simulator's floor has signed in (the 90 s simulated sign-in spread), showing the change rate. */
export async function warmUp(ctx: LiveContext, env: LiveEnv, seconds: number): Promise<void> {
  let prev = await env.sim.request<SimSample>('sample');
  while ((Date.now() - env.simStartedAt) / 1000 < seconds) {
    await sleep(5000);
    const s = await env.sim.request<SimSample>('sample');
    const rate = (s.transitions - prev.transitions) / ((s.proc.wallMs - prev.proc.wallMs) / 1000);
    ctx.progress(`warm-up: ${rate.toFixed(0)} status changes/s`);
    prev = s;
  }
}

export interface Window {
  seconds: number;
  sim0: SimSample;
  sim1: SimSample;
  fb0: FbSample;
  fb1: FbSample;
  boards0: BoardsSample[] | null;
  boards1: BoardsSample[] | null;
  main0: ProcSample;
  main1: ProcSample;
  fbPeakRss: number;
  minLinksLive: number;
  load: number[];
}

export async function measure(env: LiveEnv, seconds: number, boards: SinkGroup | null): Promise<Window> {
  await Promise.all([env.fb.request('reset-loop'), env.sim.request('reset-loop')]);
  const [sim0, fb0, boards0] = await Promise.all([
    env.sim.request<SimSample>('sample'),
    env.fb.request<FbSample>('sample'),
    boards ? boards.sample() : Promise.resolve(null),
  ]);
  const main0 = procSample();
  let fbPeakRss = fb0.proc.rss;
  let minLinksLive = fb0.health.linksLive;
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    await sleep(1000);
    const s = await env.fb.request<FbSample>('sample');
    fbPeakRss = Math.max(fbPeakRss, s.proc.rss);
    minLinksLive = Math.min(minLinksLive, s.health.linksLive);
  }
  const [sim1, fb1, boards1] = await Promise.all([
    env.sim.request<SimSample>('sample'),
    env.fb.request<FbSample>('sample'),
    boards ? boards.sample() : Promise.resolve(null),
  ]);
  const main1 = procSample();
  fbPeakRss = Math.max(fbPeakRss, fb1.proc.rss);
  return { seconds: (fb1.proc.wallMs - fb0.proc.wallMs) / 1000, sim0, sim1, fb0, fb1, boards0, boards1, main0, main1, fbPeakRss, minLinksLive, load: loadavg() };
}

export const changesPerSecond = (w: Window): number => (w.sim1.transitions - w.sim0.transitions) / ((w.sim1.proc.wallMs - w.sim0.proc.wallMs) / 1000);

/** With --profile: a CPU profile of Floorboard over one window, summarized on stderr at the end. */
export async function profileStart(ctx: LiveContext, env: LiveEnv): Promise<void> {
  if (ctx.opts.profile) await env.fb.request('profile-start');
}

export async function profileStop(ctx: LiveContext, env: LiveEnv, name: string): Promise<void> {
  if (!ctx.opts.profile) return;
  await mkdir(ctx.profileDir, { recursive: true });
  const file = join(ctx.profileDir, `floorboard-${name}.cpuprofile`);
  await env.fb.request('profile-stop', file);
  ctx.report.profiles.push(await summarizeProfile(file));
}
