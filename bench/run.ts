/**
 * `npm run bench`: the live path of issue 3, end to end, on loopback, in separate processes:
 *
 *   simulator child (bench/live/sim-child.ts)    the call system, streaming its status changes
 *   Floorboard child (bench/live/floorboard-child.ts)  startFloorboard({web:false}) against it
 *   2 boards children (bench/live/boards-child.ts) sink boards: real socket.io-client connections
 *   this process                                  probe boards (full decode) + orchestration
 *
 * Scenarios (each measured for --seconds after its warm-up):
 *   A  fan-out: AGENTS agents at 1 Hz ticks, ~10% changing state per second, BOARDS boards:
 *      end-to-end latency (simulator change -> probe holds the delta), CPU, loop delay, bytes
 *   B  ingest alone: the same floor with 0 boards; then HOLD_AGENTS agents on one Floorboard
 *   C  mass resync: every board killed at once and reconnected: time to resync, and every
 *      board compared with GET /api/agents on a quiet floor (the simulator's feed paused)
 *
 *   npm run bench                      all scenarios, Markdown on stdout
 *   npm run bench -- --only A          one scenario (A, B or C; comma-separated list)
 *   npm run bench -- --write           also replace "## Live path (issue 3)" in BENCHMARKS.md
 *   npm run bench -- --profile         CPU profile of Floorboard per measured window (bench/out/,
 *                                      summarized on stderr)
 *   npm run bench -- --team-boards     each sink board shows one team instead of all teams
 *   npm run bench -- --history on      with the history recorder (embedded PGlite in a temp dir)
 *   other flags: --seconds 30 --warmup 25 --agents 5000 --teams 40 --speed 4.4 --boards 500
 *     --probes 4 --hold-agents 10000 --hold-seconds 20 --batch-ms N --connect-rate 2000
 *     --max-minutes 9
 *
 * Progress goes to stderr, the report to stdout. Every child is killed on exit, on SIGINT /
 * SIGTERM and by a watchdog; children also exit by themselves if this process dies.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STATUS_BY_CODE, type StatusCode } from '@/lib/domain/status';
import { loadRosterFile } from '@/server/upstream/roster';
import { fetchServerFloor, keysFor, mismatches } from './live/compare';
import { type Child, type ProcSample, cpuPercent, killAllChildren, procSample, sleep, startChild, waitFor } from './live/ipc';
import { matchLatencies, quantile } from './live/latency';
import { summarizeProfile } from './live/profile-summary';
import { type BoardCredentials } from './live/board-socket';
import { ProbeBoard } from './live/probe-board';
import { type BoardsSample, SinkGroup, groupCpuPercent, sumSamples } from './live/sink-group';

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv,
  strict: true,
  options: {
    only: { type: 'string' },
    write: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'team-boards': { type: 'boolean', default: false },
    history: { type: 'string', default: 'off' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '25' },
    agents: { type: 'string', default: '5000' },
    teams: { type: 'string', default: '40' },
    speed: { type: 'string', default: '4.4' },
    boards: { type: 'string', default: '500' },
    probes: { type: 'string', default: '4' },
    'hold-agents': { type: 'string', default: '10000' },
    'hold-seconds': { type: 'string', default: '20' },
    'batch-ms': { type: 'string' },
    'connect-rate': { type: 'string', default: '2000' },
    'max-minutes': { type: 'string', default: '9' },
  },
});

function num(name: keyof typeof flags): number {
  const v = Number(flags[name]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--${name}: not a number: ${String(flags[name])}`);
    process.exit(2);
  }
  return v;
}

const only = new Set((flags.only ?? 'A,B,C').toUpperCase().split(',').map((s) => s.trim()).filter(Boolean));
for (const s of only) {
  if (!['A', 'B', 'C'].includes(s)) {
    console.error(`--only: unknown scenario ${s} (A, B or C)`);
    process.exit(2);
  }
}
const SECONDS = num('seconds');
const WARMUP_S = num('warmup');
const AGENTS = num('agents');
const TEAMS = num('teams');
const SPEED = num('speed');
const BOARDS = num('boards');
const PROBES = Math.min(num('probes'), BOARDS);
const HOLD_AGENTS = num('hold-agents');
const HOLD_SECONDS = num('hold-seconds');
const BATCH_MS = flags['batch-ms'] === undefined ? null : num('batch-ms');
const CONNECT_RATE = num('connect-rate');
const MAX_MINUTES = num('max-minutes');
const HISTORY = flags.history === 'on' ? 'on' : 'off';
if (flags.history !== 'on' && flags.history !== 'off') {
  console.error('--history: on or off');
  process.exit(2);
}
const COMMAND = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));
const profileDir = join(benchDir, 'out');

// ---------------------------------------------------------------- process hygiene

process.on('exit', killAllChildren);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping children`);
    killAllChildren();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  console.error(`watchdog: still running after ${MAX_MINUTES} minutes, stopping`);
  killAllChildren();
  process.exit(3);
}, MAX_MINUTES * 60_000);
watchdog.unref();

const t0 = Date.now();
const progress = (msg: string): void => console.error(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// ---------------------------------------------------------------- child samples

interface SimSample {
  proc: ProcSample;
  sockets: number;
  transitions: number;
  loopP99Ms: number;
  loopMaxMs: number;
}
interface FbSample {
  proc: ProcSample;
  loopP99Ms: number;
  loopMaxMs: number;
  health: { linksLive: number; linksTotal: number; newestFrameAgeMs: number | null };
  /** Upstream connect attempts beyond each link's first, since start. */
  upstreamReconnects: number;
  realtime: {
    channels: { key: string; seq: number }[];
    boards: number;
    pausedBoards: number;
    deltasSent: number;
    deltaBytesSent: number;
    snapshotsSent: number;
    slowBoardPauses: number;
    largestBuffer: { packets: number; bytes: number };
  };
}

// ---------------------------------------------------------------- environment

interface LiveEnv {
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

let workDir = '';

async function startEnv(agents: number, speed: number): Promise<LiveEnv> {
  const rosterFile = join(workDir, `roster-${agents}.csv`);
  progress(`simulator: ${agents} agents, ${TEAMS} teams, speed ${speed}, 1 Hz ticks`);
  const sim = startChild('simulator', './sim-child.ts', {
    BENCH_SIM: JSON.stringify({ agents, teams: TEAMS, seed: 1, speed, tickMs: 1000, rosterFile }),
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
    UPSTREAM_CONNECT_RATE: String(CONNECT_RATE),
    LOG_LEVEL: 'warn',
    // The history store (issue 4+) shares the thread; off by default to measure the live path alone.
    HISTORY,
    DATA_DIR: join(workDir, `data-${agents}`),
  };
  if (BATCH_MS !== null) fbEnv.BROADCAST_BATCH_MS = String(BATCH_MS);
  const fb = startChild('floorboard', './floorboard-child.ts', { BENCH_FLOORBOARD_ENV: JSON.stringify(fbEnv) });
  const fbReady = (await fb.ready) as { url: string; credentials: BoardCredentials | null };
  const linksStarted = Date.now();
  await waitFor(
    async () => {
      const s = await fb.request<FbSample>('sample');
      return s.health.linksLive >= agents ? s : undefined;
    },
    `${agents} upstream links live`,
    120_000,
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
async function warmUp(env: LiveEnv, seconds: number): Promise<void> {
  let prev = await env.sim.request<SimSample>('sample');
  while ((Date.now() - env.simStartedAt) / 1000 < seconds) {
    await sleep(5000);
    const s = await env.sim.request<SimSample>('sample');
    const rate = (s.transitions - prev.transitions) / ((s.proc.wallMs - prev.proc.wallMs) / 1000);
    progress(`warm-up: ${rate.toFixed(0)} status changes/s`);
    prev = s;
  }
}

interface Window {
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

async function measure(env: LiveEnv, seconds: number, boards: SinkGroup | null): Promise<Window> {
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
  return {
    seconds: (fb1.proc.wallMs - fb0.proc.wallMs) / 1000,
    sim0,
    sim1,
    fb0,
    fb1,
    boards0,
    boards1,
    main0,
    main1,
    fbPeakRss,
    minLinksLive,
    load: loadavg(),
  };
}

/** With --profile: a CPU profile of Floorboard over one window, summarized on stderr. */
async function profileStart(env: LiveEnv): Promise<void> {
  if (flags.profile) await env.fb.request('profile-start');
}
async function profileStop(env: LiveEnv, name: string): Promise<void> {
  if (!flags.profile) return;
  await mkdir(profileDir, { recursive: true });
  const file = join(profileDir, `floorboard-${name}.cpuprofile`);
  await env.fb.request('profile-stop', file);
  profiles.push(await summarizeProfile(file));
}
const profiles: string[] = [];

const changesPerSecond = (w: Window): number => (w.sim1.transitions - w.sim0.transitions) / ((w.sim1.proc.wallMs - w.sim0.proc.wallMs) / 1000);

// ---------------------------------------------------------------- boards

interface Boards {
  sinkGroup: SinkGroup;
  probes: ProbeBoard[];
  sinks: number;
  connectSeconds: number;
  teamBoards: boolean;
}

const CONNECT_TIMEOUT_MS = 150_000;
/** Boards are connected in waves of this many at once, each wave until all of it holds a snapshot. */
const CONNECT_WAVE = 100;
/** Processes the sink boards are spread over. */
const SINK_PROCESSES = 2;

async function connectBoards(env: LiveEnv): Promise<Boards> {
  const sinks = BOARDS - PROBES;
  const teams = flags['team-boards'] ? [...new Set((await loadRosterFile(env.rosterFile)).map((r) => r.team))] : null;
  progress(`boards: ${sinks} sinks (child process, ${teams ? `one team each of ${teams.length}` : 'all teams'}) + ${PROBES} probes (this process, all teams)`);
  const sinkGroup = await SinkGroup.start(env.url, env.credentials, SINK_PROCESSES);
  const started = Date.now();
  const probes = Array.from({ length: PROBES }, () => new ProbeBoard(env.url, env.credentials));
  for (const p of probes) p.connect();
  const res = await sinkGroup.connect(sinks, CONNECT_WAVE, CONNECT_TIMEOUT_MS, teams);
  if (res.failed > 0) progress(`boards: Floorboard transports: ${JSON.stringify(await env.fb.request('transports'))}`);
  if (res.failed > 0) throw new Error(`${res.failed} sink boards got no snapshot within ${CONNECT_TIMEOUT_MS / 1000} s (${res.error ?? 'no connect error'})`);
  await waitFor(() => (probes.every((p) => p.snapshotAt > 0) ? true : undefined), 'probe snapshots', 30_000, 20);
  const connectSeconds = (Date.now() - started) / 1000;
  progress(`boards: ${BOARDS} connected with their snapshots in ${connectSeconds.toFixed(1)} s`);
  // Settled: every board connected and none paused as slow (a resumed board gets a fresh snapshot).
  // Not reached in time: go on, the pauses show in scenario A's figures.
  await waitFor(
    async () => {
      const s = await env.fb.request<FbSample>('sample');
      return s.realtime.boards >= BOARDS && s.realtime.pausedBoards === 0 ? true : undefined;
    },
    'boards settled',
    30_000,
    500,
  ).catch(() => progress('boards: still some paused as slow after 30 s; going on'));
  return { sinkGroup, probes, sinks, connectSeconds, teamBoards: teams !== null };
}

// ---------------------------------------------------------------- formatting

const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const pct = (n: number): string => `${f1(n)}%`;
const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
const table = (rows: [string, string][]): string => ['| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
const loadText = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');

interface Target {
  scenario: string;
  target: string;
  measured: string;
  met: boolean;
}
const targets: Target[] = [];
const sections: string[] = [];

// ---------------------------------------------------------------- scenarios

async function scenarioB(env: LiveEnv): Promise<void> {
  progress(`B: measuring ingest alone (0 boards) for ${SECONDS} s`);
  await profileStart(env);
  const w = await measure(env, SECONDS, null);
  await profileStop(env, 'B-ingest');
  const fbCpu = cpuPercent(w.fb0.proc, w.fb1.proc);
  sections.push(
    `### B. Ingest alone: ${thousands(env.agents)} agents at 1 Hz, 0 boards\n\n` +
      table([
        ['measured for', `${f1(w.seconds)} s`],
        ['upstream links live (min during the window) / agents', `${thousands(w.minLinksLive)} / ${thousands(env.agents)}`],
        ['status changes/s (simulator)', f0(changesPerSecond(w))],
        ['notice ticks/s (1 Hz per agent)', `about ${thousands(env.agents)}`],
        ['**Floorboard CPU** (one core = 100%)', `**${pct(fbCpu)}**`],
        ['Floorboard event-loop delay p99 / max', `${f1(w.fb1.loopP99Ms)} ms / ${f1(w.fb1.loopMaxMs)} ms`],
        ['Floorboard RSS (peak)', mib(w.fbPeakRss)],
        ['upstream link reconnects during the window', `${w.fb1.upstreamReconnects - w.fb0.upstreamReconnects}`],
        ['simulator CPU', pct(cpuPercent(w.sim0.proc, w.sim1.proc))],
        ['load average (1 / 5 / 15 min) at the end', loadText(w.load)],
      ]),
  );
  targets.push({ scenario: 'B', target: `Floorboard CPU <= 15% of a core (${thousands(env.agents)} agents, 0 boards)`, measured: pct(fbCpu), met: fbCpu <= 15 });
}

async function scenarioHold(): Promise<void> {
  const env = await startEnv(HOLD_AGENTS, SPEED);
  try {
    await warmUp(env, WARMUP_S);
    progress(`B: holding ${HOLD_AGENTS} agents, measuring for ${HOLD_SECONDS} s`);
    await profileStart(env);
    const w = await measure(env, HOLD_SECONDS, null);
    await profileStop(env, 'B-hold');
    const allLive = w.minLinksLive >= HOLD_AGENTS && w.fb1.health.linksLive >= HOLD_AGENTS;
    sections.push(
      `### B. ${thousands(HOLD_AGENTS)} agents held by one Floorboard process (0 boards)\n\n` +
        table([
          ['all links live after start (connect rate ' + CONNECT_RATE + '/s)', `${f1(env.linksLiveSeconds)} s`],
          ['upstream links live: min during the window / agents', `${thousands(w.minLinksLive)} / ${thousands(HOLD_AGENTS)}`],
          ['simulator sockets (server side)', thousands(w.sim1.sockets)],
          ['measured for', `${f1(w.seconds)} s, from ${f0((Date.now() - env.simStartedAt) / 1000 - w.seconds)} s after the simulator started`],
          ['status changes/s (simulator)', f0(changesPerSecond(w))],
          ['**Floorboard CPU**', `**${pct(cpuPercent(w.fb0.proc, w.fb1.proc))}**`],
          ['Floorboard event-loop delay p99 / max', `${f1(w.fb1.loopP99Ms)} ms / ${f1(w.fb1.loopMaxMs)} ms`],
          ['Floorboard RSS (peak)', mib(w.fbPeakRss)],
          ['upstream link reconnects during the window', `${w.fb1.upstreamReconnects - w.fb0.upstreamReconnects}`],
          ['simulator CPU', pct(cpuPercent(w.sim0.proc, w.sim1.proc))],
          ['load average at the end', loadText(w.load)],
        ]),
    );
    targets.push({
      scenario: 'B',
      target: `${thousands(HOLD_AGENTS)} agents held by one Floorboard process, all links live`,
      measured: `${thousands(w.minLinksLive)} live (min)`,
      met: allLive,
    });
  } finally {
    await env.close();
  }
}

async function scenarioA(env: LiveEnv, boards: Boards): Promise<void> {
  progress('A: boards warming up for 5 s');
  await sleep(5000);
  env.transitions.length = 0;
  await env.sim.request('stream', true);
  for (const p of boards.probes) {
    p.observations = [];
    p.recording = true;
  }
  const from = Date.now();
  progress(`A: measuring fan-out for ${SECONDS} s`);
  await profileStart(env);
  const w = await measure(env, SECONDS, boards.sinkGroup);
  await profileStop(env, 'A-fanout');
  const to = Date.now();
  await sleep(1500);
  for (const p of boards.probes) p.recording = false;
  await env.sim.request('stream', false);
  await sleep(200);

  const perProbe = boards.probes.map((p) => matchLatencies(env.transitions, p.observations, { from, to, settleMs: 1000 }));
  const samples = perProbe.flatMap((r) => r.samples).sort((a, b) => a - b);
  const sum = (k: 'matched' | 'coalesced' | 'missing' | 'unmatchedObservations' | 'transitions'): number => perProbe.reduce((s, r) => s + r[k], 0);
  const p99 = quantile(samples, 0.99);
  const fbCpu = cpuPercent(w.fb0.proc, w.fb1.proc);
  const b0 = sumSamples(w.boards0!);
  const b1 = sumSamples(w.boards1!);
  const sinkCpu = groupCpuPercent(w.boards0!, w.boards1!);
  const secs = w.seconds;
  const probeGaps = boards.probes.reduce((s, p) => s + p.counts.gaps, 0);
  const deltasPerBoard = (b1.board0.deltas - b0.board0.deltas) / secs;
  const bytesPerBoard = (b1.board0.bytes - b0.board0.bytes) / secs;
  const rt0 = w.fb0.realtime;
  const rt1 = w.fb1.realtime;
  sections.push(
    `### A. Fan-out: ${thousands(env.agents)} agents, ${BOARDS} boards\n\n` +
      table([
        ['measured for', `${f1(secs)} s (after ${WARMUP_S} s floor warm-up and 5 s with the boards)`],
        [`boards: sinks (${boards.teamBoards ? 'one team each' : 'all teams'}) + probes (all teams); WebSocket only`, `${boards.sinks} + ${boards.probes.length}; connected at the end: ${b1.connected} + ${boards.probes.filter((p) => p.socket?.connected).length}`],
        [`time to connect the boards (waves of ${CONNECT_WAVE} at once, until each holds its snapshot)`, `${f1(boards.connectSeconds)} s`],
        ['**status changes/s** (simulator, speed ' + env.speed + ')', `**${f0(changesPerSecond(w))}** (${pct((100 * changesPerSecond(w)) / env.agents)} of agents per second)`],
        ['**end-to-end latency p50 / p99 / p99.9 / max**', `**${f0(quantile(samples, 0.5))} / ${f0(p99)} / ${f0(quantile(samples, 0.999))} / ${f0(samples.at(-1) ?? NaN)} ms**`],
        ['changes matched (all probes) / in window', `${thousands(sum('matched'))} / ${thousands(sum('transitions'))}`],
        ['changes coalesced (superseded within a batch) / missing', `${thousands(sum('coalesced'))} / ${thousands(sum('missing'))}`],
        ['deltas/s per sink board / bytes/s per sink board', `${f1(deltasPerBoard)} / ${kib(bytesPerBoard)}`],
        ['mean delta size', kib(bytesPerBoard / Math.max(1, deltasPerBoard))],
        ['fan-out bytes/s (all sinks, approx.)', `${mib(bytesPerBoard * boards.sinks)}`],
        ['seq gaps: sinks / probes', `${b1.gaps - b0.gaps} / ${probeGaps}`],
        ['sinks disconnected by the server or transport (reason: count, whole run so far)', Object.entries(b1.disconnects).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'],
        ['slow-board pauses / paused at the end', `${rt1.slowBoardPauses - rt0.slowBoardPauses} / ${rt1.pausedBoards}`],
        ['**Floorboard CPU**', `**${pct(fbCpu)}**`],
        ['Floorboard event-loop delay p99 / max', `${f1(w.fb1.loopP99Ms)} ms / ${f1(w.fb1.loopMaxMs)} ms`],
        ['Floorboard RSS (peak)', mib(w.fbPeakRss)],
        ['upstream link reconnects during the window', `${w.fb1.upstreamReconnects - w.fb0.upstreamReconnects}`],
        [`CPU: simulator / sink boards (${SINK_PROCESSES} processes together) / probes + bench`, `${pct(cpuPercent(w.sim0.proc, w.sim1.proc))} / ${pct(sinkCpu)} / ${pct(cpuPercent(w.main0, w.main1))}`],
        ['load average at the end', loadText(w.load)],
      ]),
  );
  targets.push({ scenario: 'A', target: 'end-to-end p99 <= 80 ms', measured: `${f0(p99)} ms`, met: p99 <= 80 });
  targets.push({ scenario: 'A', target: 'Floorboard under one core', measured: pct(fbCpu), met: fbCpu < 100 });
}

const C_TIMEOUT_MS = 60_000;

async function scenarioC(env: LiveEnv, boards: Boards): Promise<void> {
  progress(`C: dropping all ${BOARDS} boards at once and reconnecting them`);
  await sleep(2000);
  await env.fb.request('reset-loop');
  await profileStart(env);
  const fb0 = await env.fb.request<FbSample>('sample');
  const dropAt = Date.now();
  const sinkResync = boards.sinkGroup.dropReconnect(C_TIMEOUT_MS);
  for (const p of boards.probes) p.kill();
  for (const p of boards.probes) p.connect();
  const sinks = await sinkResync;
  await waitFor(() => (boards.probes.every((p) => p.snapshotAt > 0) ? true : undefined), 'probe snapshots', C_TIMEOUT_MS, 10).catch(() => undefined);
  const fb1 = await env.fb.request<FbSample>('sample');
  await profileStop(env, 'C-resync');
  const probeMs = boards.probes.filter((p) => p.snapshotAt > 0).map((p) => p.snapshotAt - dropAt);
  const all = [...sinks.resyncMs, ...probeMs].sort((a, b) => a - b);
  const failed = sinks.failed + boards.probes.filter((p) => p.snapshotAt === 0).length;
  progress(`C: ${all.length} boards resynced, last after ${f0(all.at(-1) ?? NaN)} ms`);

  // Before checking the boards, wait until Floorboard answers promptly again with every upstream
  // link live (a long stall can cost links: see the reconnect count), then let changes flow 3 s.
  let minLive = fb1.health.linksLive;
  let calm = 0;
  let recovered: FbSample = fb1;
  const recoveryDeadline = Date.now() + 60_000;
  while (calm < 3 && Date.now() < recoveryDeadline) {
    const asked = Date.now();
    recovered = await env.fb.request<FbSample>('sample');
    minLive = Math.min(minLive, recovered.health.linksLive);
    calm = Date.now() - asked < 250 && recovered.health.linksLive >= env.agents ? calm + 1 : 0;
    await sleep(250);
  }
  const liveAgainMs = Date.now() - dropAt;
  progress(`C: floor live and Floorboard responsive ${liveAgainMs} ms after the drop; letting changes flow for 3 s`);
  await sleep(3000);
  // The sink processes may still be digesting the snapshots: the check below pauses the feed only
  // for a few seconds (links turn stale after 10 s without frames), so first let them catch up.
  const caughtUpDeadline = Date.now() + 60_000;
  let lagging = Infinity;
  while (Date.now() < caughtUpDeadline) {
    const seqs = Object.fromEntries((await env.fb.request<FbSample>('sample')).realtime.channels.map((c) => [c.key, c.seq]));
    lagging = await boards.sinkGroup.behind(seqs, 3);
    if (lagging === 0) break;
    await sleep(500);
  }
  const caughtUpMs = Date.now() - dropAt;
  progress(`C: sinks caught up with the server's seq ${caughtUpMs} ms after the drop (${lagging} still behind)`);
  // A quiet floor: the simulator stops writing frames; what is in flight lands, the last delta goes out.
  // A quiet floor to compare with: the simulator stops writing frames; once Floorboard has taken
  // no frame for a second (its backlog is drained) the server's floor is read with the seq each
  // channel has reached, every board is frozen as soon as it holds that seq, and the floor is read
  // again: both reads equal means nothing moved meanwhile, so the comparison is valid.
  const truth = await env.sim.request<[string, StatusCode, number, string | null][]>('pause-truth');
  const pausedAt = Date.now();
  try {
    await waitFor(
      async () => {
        const q = await env.fb.request<FbSample>('sample');
        return (q.health.newestFrameAgeMs ?? 0) >= 1000 ? q : undefined;
      },
      'Floorboard to drain its upstream backlog',
      30_000,
      100,
    );
  } catch {
    progress('C: Floorboard still taking frames 30 s after the pause');
  }
  const drainedAt = Date.now();
  await sleep(2 * (BATCH_MS ?? 100)); // the last flush leaves
  const target = (await env.fb.request<FbSample>('sample')).realtime.channels;
  const server = await fetchServerFloor(env.url, env.credentials?.bearer ?? null);
  const allKeys = keysFor(server, undefined);
  const seqOf = new Map(target.map((c) => [c.key, c.seq]));
  const [frozen] = await Promise.all([
    boards.sinkGroup.freeze(Object.fromEntries(seqOf), 10_000),
    waitFor(() => (boards.probes.every((p) => (p.seq ?? 0) >= (seqOf.get('*') ?? 0)) ? true : undefined), 'probes at the server seq', 10_000, 10).catch(() => undefined),
  ]);
  const probeDiffs = boards.probes.map((p) => mismatches(p.keys(), allKeys));
  const probeExample = probeDiffs.findIndex((d) => d.length > 0);
  if (probeExample >= 0) {
    const d = probeDiffs[probeExample]![0]!;
    progress(`C: probe ${probeExample} differs on ${probeDiffs[probeExample]!.length} agents (${d}: probe ${boards.probes[probeExample]!.keys().get(d) ?? 'absent'} / server ${allKeys.get(d) ?? 'absent'})`);
  }
  const serverAgain = keysFor(await fetchServerFloor(env.url, env.credentials?.bearer ?? null), undefined);
  const frozenAt = Date.now();
  const movedMeanwhile = mismatches(serverAgain, allKeys).length;
  await env.sim.request('resume');
  const after = sumSamples(await boards.sinkGroup.sample());
  progress(`C: quiet window ${frozenAt - pausedAt} ms (Floorboard drained ${drainedAt - pausedAt} ms after the pause); checking every board against the server's ${server.size} agents`);
  const verified = await boards.sinkGroup.verify(server);
  const probeBad = probeDiffs.filter((d) => d.length > 0).length;
  // The server against the simulator at the pause: the status, and the call where the server has
  // one (an agent already on a call when its link first connected never got that call's screen
  // pop: the call system sends it once, when the call connects).
  let truthBad = 0;
  let noPop = 0;
  let truthExample: string | null = null;
  for (const [extno, code, since, session] of truth) {
    const [status, , , serverSession] = allKeys.get(extno)?.split('|') ?? [];
    if (status === STATUS_BY_CODE[code] && serverSession === '-' && session !== null) noPop++;
    if (status === STATUS_BY_CODE[code] && (serverSession === '-' || serverSession === (session ?? '-'))) continue;
    truthBad++;
    truthExample ??= `${extno}: simulator ${STATUS_BY_CODE[code]} since ${since} call ${session ?? '-'} / server ${allKeys.get(extno) ?? 'absent'}`;
  }
  if (truthExample) progress(`C: server differs from the simulator: ${truthExample}`);

  const identical = verified.identical + (boards.probes.length - probeBad);
  const lastMs = all.at(-1) ?? Number.POSITIVE_INFINITY;
  const cpuDuring = cpuPercent(fb0.proc, fb1.proc);
  sections.push(
    `### C. Mass resync: ${BOARDS} boards killed at once, then reconnected\n\n` +
      table([
        ['boards dropped (TCP terminated, no goodbye) and reconnected at once', `${BOARDS} (${boards.sinks} sinks + ${boards.probes.length} probes)`],
        ['**time from the drop to the snapshot held: p50 / p90 / max**', `**${f0(quantile(all, 0.5))} / ${f0(quantile(all, 0.9))} / ${f0(lastMs)} ms**`],
        ['every sink within 3 deltas of the server again (boards processes caught up) after', `${f1(caughtUpMs / 1000)} s`],
        [`boards without a snapshot after ${C_TIMEOUT_MS / 1000} s`, `${failed}`],
        [`snapshot size (${boards.teamBoards ? 'one team' : 'all teams'}, one sink)`, `${thousands(env.agents / (boards.teamBoards ? TEAMS : 1))} agents, ${(after.board0.snapshotBytes / 2 ** 20).toFixed(2)} MiB`],
        ['Floorboard snapshots sent (this drop)', `${fb1.realtime.snapshotsSent - fb0.realtime.snapshotsSent}`],
        ['Floorboard CPU from the drop to the last snapshot', `${pct(cpuDuring)} over ${f1((fb1.proc.wallMs - fb0.proc.wallMs) / 1000)} s`],
        ['Floorboard event-loop delay p99 / max during the resync', `${f1(fb1.loopP99Ms)} ms / ${f1(fb1.loopMaxMs)} ms`],
        [
          'upstream links: reconnects caused / fewest live seen (sampled) / all live and Floorboard responsive again after',
          `${recovered.upstreamReconnects - fb0.upstreamReconnects} / ${thousands(minLive)} of ${thousands(env.agents)} / ${f1(liveAgainMs / 1000)} s`,
        ],
        ['**boards identical to GET /api/agents** (feed paused, 3 s of changes after the resync)', `**${identical} / ${BOARDS}**`],
        ['boards differing / agents differing / boards with a gap or no snapshot', `${verified.badBoards + probeBad} / ${verified.badAgents} / ${verified.unusable}`],
        ['seq gaps after the reconnect (sinks)', `${after.gaps}`],
        ['server vs simulator at the pause (status, call): agents differing', `${truthBad} / ${truth.length} (on a call without its screen pop, connected mid-call: ${noPop})`],
        ['quiet window: feed paused until every board was frozen / server changed meanwhile / boards short of the seq', `${f1((frozenAt - pausedAt) / 1000)} s / ${movedMeanwhile} agents / ${frozen.behind}`],
        ['load average at the end', loadText(loadavg())],
      ]) +
      (verified.example ? `\n\nFirst difference: ${verified.example}` : ''),
  );
  targets.push({ scenario: 'C', target: `all ${BOARDS} boards resynced within 2 s`, measured: `last at ${f0(lastMs)} ms, ${failed} failed`, met: failed === 0 && lastMs <= 2000 });
  targets.push({
    scenario: 'C',
    target: 'no change lost (every board identical to the server)',
    measured: `${identical} / ${BOARDS} identical`,
    met: identical === BOARDS,
  });
}

// ---------------------------------------------------------------- report

function header(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const scope = flags['team-boards']
    ? 'Each sink shows one team (round robin over the teams); the probes show all teams.'
    : 'Every board shows all teams, so each one receives every change (the worst case).';
  const history =
    HISTORY === 'off' ? 'HISTORY=off (the live path alone; the recorder would share its thread)' : 'HISTORY=on (embedded PGlite in a temporary DATA_DIR)';
  return [
    '## Live path (issue 3)',
    '',
    `Command: \`${COMMAND}\` (run ending ${date} UTC; the flags are listed at the top of \`bench/run.ts\`).`,
    'Scenarios A, B, C of issue 3: the whole live path on loopback, call-system',
    'simulator -> upstream links -> decode -> reducer -> broadcaster -> Socket.IO -> boards, each role',
    'in its own process: the simulator (a child running `startSimulator`, streaming every status change',
    'with its time), Floorboard (a child running `startFloorboard({web:false})` with `CALL_SYSTEM_URL`',
    'and `ROSTER_FILE` pointing at the simulator), the sink boards (two children: real socket.io-client',
    'connections, WebSocket only, that read only the `seq` of each packet and check it is consecutive),',
    'and the bench process with the probe boards (full socket.io-client decode, applying snapshot and',
    `deltas by the protocol's rules C1-C4). ${scope} Latency is end to end: from the`,
    'moment the simulator moves an agent to the moment a probe holds the decoded delta carrying the new',
    'status (both `Date.now()` on one host, ms resolution). CPU is `process.cpuUsage` over the window,',
    'one core = 100%.',
    '',
    `Parameters: ${thousands(AGENTS)} agents in ${TEAMS} teams, seed 1, 1 Hz notice ticks, simulator speed ${SPEED}`,
    `(tuned for ~10% of agents changing state per second), ${BOARDS} boards (${PROBES} of them probes), ${history},`,
    `boards signed in with a display link when the server has sign-in, broadcast batch ${BATCH_MS ?? 100} ms${BATCH_MS === null ? ' (default)' : ''},`,
    `upstream connect rate ${CONNECT_RATE}/s (default 200/s; raised so that ${thousands(HOLD_AGENTS)} links come up in seconds),`,
    `${SECONDS} s measured per scenario after a ${WARMUP_S} s warm-up (the floor's staggered sign-in).`,
    '',
    `Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. **Shared and noisy**:`,
    `other work was running on the same 2 cores (load average ${loadText(startLoad)} at the start, 1 / 5 / 15 min),`,
    'and the five processes of the bench compete for them too: read CPU and latency figures as upper bounds.',
  ].join('\n');
}

function summary(): string {
  return [
    '### Targets',
    '',
    '| scenario | target | measured | met |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.scenario} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

async function writeBenchmarks(section: string): Promise<void> {
  const file = join(repoDir, 'BENCHMARKS.md');
  const text = await readFile(file, 'utf8');
  const heading = '## Live path (issue 3)';
  const start = text.indexOf(`\n${heading}\n`);
  let out: string;
  if (start < 0) {
    out = `${text.trimEnd()}\n\n${section}\n`;
  } else {
    const next = text.indexOf('\n## ', start + heading.length + 1);
    out = `${text.slice(0, start + 1)}${section}\n${next < 0 ? '' : text.slice(next)}`;
  }
  await writeFile(file, out);
  progress('BENCHMARKS.md: section "Live path (issue 3)" replaced');
}

// ---------------------------------------------------------------- main

const startLoad = loadavg();

async function main(): Promise<void> {
  workDir = await mkdtemp(join(tmpdir(), 'floorboard-bench-'));
  try {
    if (only.has('A') || only.has('B') || only.has('C')) {
      const env = await startEnv(AGENTS, SPEED);
      try {
        await warmUp(env, WARMUP_S);
        if (only.has('B')) await scenarioB(env);
        if (only.has('A') || only.has('C')) {
          const boards = await connectBoards(env);
          try {
            if (only.has('A')) await scenarioA(env, boards);
            if (only.has('C')) await scenarioC(env, boards);
          } finally {
            for (const p of boards.probes) p.kill();
            await boards.sinkGroup.stop();
          }
        }
      } finally {
        await env.close();
      }
    }
    if (only.has('B') && HOLD_AGENTS > 0) await scenarioHold();
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const order = ['### A.', '### B.', '### C.'];
  sections.sort((a, b) => order.findIndex((o) => a.startsWith(o)) - order.findIndex((o) => b.startsWith(o)));
  const report = [header(), '', summary(), '', ...sections.flatMap((s) => [s, ''])].join('\n').trimEnd() + '\n';
  console.log(report);
  if (flags.write) await writeBenchmarks(report.trimEnd());
  for (const p of profiles) console.error(`\n${p}`);
  progress(`done in ${f0((Date.now() - t0) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    killAllChildren();
    process.exit(1);
  },
);
