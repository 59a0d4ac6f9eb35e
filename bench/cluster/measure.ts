/**
 * One measured window on a running floor: sink boards spread over the board nodes (one sink
 * process per web node; two for a single `all` process), probe boards in this process taking
 * turns over the board nodes, then the simulators' changes matched against what the probes saw
 * (bench/live/latency.ts), with CPU, peak RSS and event-loop delay of every process.
 */
import { loadavg } from 'node:os';
import { loadRosterFile } from '@/server/upstream/roster';
import { CONNECT_WAVE } from '../live/boards';
import type { FbSample, SimSample } from '../live/env';
import { type ProcSample, cpuPercent, procSample, sleep, waitFor } from '../live/ipc';
import { type LatencyResult, matchLatencies } from '../live/latency';
import { ProbeBoard } from '../live/probe-board';
import { type BoardsSample, SinkGroup, sumSamples } from '../live/sink-group';
import { type Floor, type Sims, type SuiteContext, redisInfo } from './floor';

const CONNECT_TIMEOUT_MS = 240_000;

export interface ProcessFigures {
  name: string;
  cpuPercent: number;
  peakRss: number;
  loopP99Ms: number | null;
  note: string;
}

export interface PhaseResult {
  title: string;
  agents: number;
  boards: number;
  sinks: number;
  probes: number;
  connectSeconds: number;
  linksLiveSeconds: number;
  seconds: number;
  changesPerSecond: number;
  /** All probes together, then per board node. */
  latency: LatencyResult & { samples: number[] };
  perNode: { node: string; latency: LatencyResult }[];
  sinkGaps: number;
  probeGaps: number;
  slowBoardPauses: number;
  upstreamReconnects: number;
  processes: ProcessFigures[];
  redis: { cpuPercent: number; usedMemory: number } | null;
  load: number[];
}

/** Connect the boards, measure `opts.seconds`, disconnect the boards; the floor keeps running. */
export async function measurePhase(ctx: SuiteContext, sims: Sims, floor: Floor, title: string, boards: number): Promise<PhaseResult> {
  const { opts, progress } = ctx;
  const probeCount = Math.min(opts.probes, boards);
  const sinks = boards - probeCount;
  const teams = opts.teamSinks ? [...new Set((await loadRosterFile(sims.rosterFile)).map((r) => r.team))] : null;
  const perProcess = floor.boardNodes.length === 1 ? 2 : 1;
  progress(`${title}: ${sinks} sinks (${teams ? `one team each of ${teams.length}` : 'all teams'}) over ${floor.boardNodes.map((n) => n.name).join(', ')} + ${probeCount} probes`);
  const groups = await Promise.all(floor.boardNodes.map((n) => SinkGroup.start(n.url, n.credentials, perProcess)));
  const probes = Array.from({ length: probeCount }, (_, i) => {
    const node = floor.boardNodes[i % floor.boardNodes.length]!;
    return { node: node.name, board: new ProbeBoard(node.url, node.credentials) };
  });
  try {
    const started = Date.now();
    for (const p of probes) p.board.connect();
    const n = groups.length;
    const results = await Promise.all(groups.map((g, i) => g.connect(Math.floor(sinks / n) + (i < sinks % n ? 1 : 0), CONNECT_WAVE, CONNECT_TIMEOUT_MS, teams)));
    const failed = results.reduce((s, r) => s + r.failed, 0);
    if (failed > 0) throw new Error(`${failed} sink boards got no snapshot within ${CONNECT_TIMEOUT_MS / 1000} s (${results.find((r) => r.error)?.error ?? 'no error'})`);
    await waitFor(() => (probes.every((p) => p.board.syncedAt > 0) ? true : undefined), 'probe snapshots', 60_000, 20);
    const connectSeconds = (Date.now() - started) / 1000;
    progress(`${title}: ${boards} boards hold their snapshots after ${connectSeconds.toFixed(1)} s; settling 5 s`);
    await sleep(5000);

    sims.transitions.length = 0;
    await Promise.all(sims.children.map((c) => c.request('stream', true)));
    for (const p of probes) {
      p.board.observations = [];
      p.board.recording = true;
    }
    const all = floor.nodes.map((n) => n.child);
    await Promise.all([...all, ...sims.children].map((c) => c.request('reset-loop')));
    const sample = async () => ({
      nodes: await Promise.all(all.map((c) => c.request<FbSample>('sample'))),
      sims: await Promise.all(sims.children.map((c) => c.request<SimSample>('sample'))),
      sinks: await Promise.all(groups.map((g) => g.sample())),
      main: procSample(),
    });
    const redis0 = floor.layout.kind === 'cluster' ? await redisInfo(opts.redisUrl).catch(() => null) : null;
    const s0 = await sample();
    const from = Date.now();
    progress(`${title}: measuring for ${opts.seconds} s`);
    const peak = new Map<string, number>();
    const track = (name: string, p: ProcSample): void => void peak.set(name, Math.max(peak.get(name) ?? 0, p.rss));
    let s1 = s0;
    while (Date.now() - from < opts.seconds * 1000) {
      await sleep(2000);
      s1 = await sample();
      s1.nodes.forEach((x, i) => track(floor.nodes[i]!.name, x.proc));
      s1.sims.forEach((x, i) => track(`simulator-${i}`, x.proc));
    }
    const to = Date.now();
    const redis1 = redis0 ? await redisInfo(opts.redisUrl).catch(() => null) : null;
    await sleep(1500);
    for (const p of probes) p.board.recording = false;
    await Promise.all(sims.children.map((c) => c.request('stream', false)));
    await sleep(200);

    const window = { from, to, settleMs: 1000 };
    const latencyOf = (list: typeof probes) => {
      const each = list.map((p) => matchLatencies(sims.transitions, p.board.observations, window));
      const sum = (k: 'matched' | 'coalesced' | 'missing' | 'unmatchedObservations' | 'transitions'): number => each.reduce((s, r) => s + r[k], 0);
      return {
        samples: each.flatMap((r) => r.samples).sort((a, b) => a - b),
        transitions: sum('transitions'),
        matched: sum('matched'),
        coalesced: sum('coalesced'),
        missing: sum('missing'),
        unmatchedObservations: sum('unmatchedObservations'),
      };
    };
    const seconds = (to - from) / 1000;
    const simWall = (s1.sims[0]!.proc.wallMs - s0.sims[0]!.proc.wallMs) / 1000;
    const processes: ProcessFigures[] = [
      ...floor.nodes.map((n, i) => {
        const a = s0.nodes[i]!;
        const b = s1.nodes[i]!;
        const note =
          n.role === 'gateway'
            ? `${b.health.linksLive} links, ${String(b.cluster?.owned ?? '?')} slots`
            : `${b.realtime.boards} boards${n.role === 'all' ? `, ${b.health.linksLive} links` : ''}`;
        return { name: n.name, cpuPercent: cpuPercent(a.proc, b.proc), peakRss: Math.max(peak.get(n.name) ?? 0, b.proc.rss), loopP99Ms: b.loopP99Ms, note };
      }),
      ...sims.children.map((_, i) => ({
        name: `simulator-${i}`,
        cpuPercent: cpuPercent(s0.sims[i]!.proc, s1.sims[i]!.proc),
        peakRss: Math.max(peak.get(`simulator-${i}`) ?? 0, s1.sims[i]!.proc.rss),
        loopP99Ms: s1.sims[i]!.loopP99Ms,
        note: `${s1.sims[i]!.sockets} monitor sockets`,
      })),
      ...groups.flatMap((_, g) =>
        s1.sinks[g]!.map((b, j) => ({
          name: `sink boards ${floor.boardNodes[g]!.name}${perProcess > 1 ? ` #${j + 1}` : ''}`,
          cpuPercent: cpuPercent(s0.sinks[g]![j]!.proc, b.proc),
          peakRss: b.proc.rss,
          loopP99Ms: null,
          note: `${b.connected} connected`,
        })),
      ),
      { name: 'bench (probes, front)', cpuPercent: cpuPercent(s0.main, s1.main), peakRss: s1.main.rss, loopP99Ms: null, note: `${probeCount} probes` },
    ];
    const sinkTotals = (s: BoardsSample[][]) => sumSamples(s.flat());
    const rt = (s: FbSample[], k: 'slowBoardPauses'): number => s.reduce((acc, x) => acc + x.realtime[k], 0);
    return {
      title,
      agents: sims.agents,
      boards,
      sinks,
      probes: probeCount,
      connectSeconds,
      linksLiveSeconds: floor.linksLiveSeconds,
      seconds,
      changesPerSecond: (s1.sims.reduce((s, x) => s + x.transitions, 0) - s0.sims.reduce((s, x) => s + x.transitions, 0)) / simWall,
      latency: latencyOf(probes),
      perNode: floor.boardNodes.map((n) => ({ node: n.name, latency: latencyOf(probes.filter((p) => p.node === n.name)) })),
      sinkGaps: sinkTotals(s1.sinks).gaps - sinkTotals(s0.sinks).gaps,
      probeGaps: probes.reduce((s, p) => s + p.board.counts.gaps, 0),
      slowBoardPauses: rt(s1.nodes, 'slowBoardPauses') - rt(s0.nodes, 'slowBoardPauses'),
      upstreamReconnects: s1.nodes.reduce((s, x) => s + x.upstreamReconnects, 0) - s0.nodes.reduce((s, x) => s + x.upstreamReconnects, 0),
      processes,
      redis: redis0 && redis1 ? { cpuPercent: (100 * (redis1.cpuSeconds - redis0.cpuSeconds)) / seconds, usedMemory: redis1.usedMemory } : null,
      load: loadavg(),
    };
  } finally {
    for (const p of probes) p.board.kill();
    await Promise.all(groups.map((g) => g.stop()));
  }
}
