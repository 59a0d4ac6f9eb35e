/** The cluster suite's Markdown: the "## Cluster (issue 8)" section of BENCHMARKS.md. */
import { cpus, totalmem } from 'node:os';
import { quantile } from '../live/latency';
import { f0, f1, loadText, mib, pct, thousands } from '../live/report';
import type { PhaseResult } from './measure';
import type { ClusterOptions } from './options';

export const SECTION_HEADING = '## Cluster (issue 8)';

const ms = (samples: readonly number[], q: number): string => f0(quantile(samples, q));
const lat = (r: PhaseResult['latency']): string => `${ms(r.samples, 0.5)} / ${ms(r.samples, 0.99)} / ${ms(r.samples, 0.999)} / ${f0(r.samples.at(-1) ?? NaN)} ms`;

function headline(r: PhaseResult): [string, string][] {
  return [
    ['agents / boards (sinks + probes)', `${thousands(r.agents)} / ${r.boards} (${r.sinks} + ${r.probes})`],
    ['status changes/s (simulators)', f0(r.changesPerSecond)],
    ['**end-to-end p50 / p99 / p99.9 / max** (all probes)', `**${lat(r.latency)}**`],
    ...r.perNode.map(({ node, latency }): [string, string] => [`p50 / p99 via ${node}`, `${ms(latency.samples, 0.5)} / ${ms(latency.samples, 0.99)} ms`]),
    ['changes matched / in window (all probes); coalesced / missing', `${thousands(r.latency.matched)} / ${thousands(r.latency.transitions)}; ${thousands(r.latency.coalesced)} / ${thousands(r.latency.missing)}`],
    ['seq gaps sinks / probes; slow-board pauses', `${r.sinkGaps} / ${r.probeGaps}; ${r.slowBoardPauses}`],
    ['upstream reconnects in the window', String(r.upstreamReconnects)],
    ['every agent live on every board node, after the last node started', `${f1(r.linksLiveSeconds)} s`],
    ['boards connected with their snapshots after', `${f1(r.connectSeconds)} s`],
    ...(r.redis ? [['Redis CPU / used memory (INFO: the whole shared instance)', `${pct(r.redis.cpuPercent)} / ${mib(r.redis.usedMemory)}`] as [string, string]] : []),
    ['measured for / load average at the end (1 / 5 / 15 min)', `${f1(r.seconds)} s / ${loadText(r.load)}`],
  ];
}

function processTable(r: PhaseResult): string {
  return [
    '| process | CPU (one core = 100%) | RSS peak | event-loop p99 | holds |',
    '|---|---|---|---|---|',
    ...r.processes.map((p) => `| ${p.name} | ${pct(p.cpuPercent)} | ${mib(p.peakRss)} | ${p.loopP99Ms === null ? '' : `${f1(p.loopP99Ms)} ms`} | ${p.note} |`),
  ].join('\n');
}

function table(rows: [string, string][]): string {
  return ['| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function comparison(one: PhaseResult, cluster: PhaseResult): string {
  const q = (r: PhaseResult, x: number): number => quantile(r.latency.samples, x);
  const row = (k: string, a: number, b: number): string => `| ${k} | ${f0(a)} ms | ${f0(b)} ms | ${b - a >= 0 ? '+' : ''}${f0(b - a)} ms |`;
  return [
    `| end to end (${thousands(one.agents)} agents, ${one.boards} boards) | one process | cluster | Redis adds |`,
    '|---|---|---|---|',
    row('p50', q(one, 0.5), q(cluster, 0.5)),
    row('p99', q(one, 0.99), q(cluster, 0.99)),
    row('p99.9', q(one, 0.999), q(cluster, 0.999)),
  ].join('\n');
}

export function renderReport(opts: ClusterOptions, phases: PhaseResult[], failures: string[], startLoad: number[]): string {
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const one = phases.find((p) => p.title.startsWith('compare: one process'));
  const same = phases.find((p) => p.title.startsWith('compare: cluster'));
  const lines = [
    SECTION_HEADING,
    '',
    `Command: \`${opts.command}\` (run ending ${date} UTC; flags at the top of \`bench/cluster/options.ts\`).`,
    'Every role in its own process on loopback: simulator children (bench/live/sim-child.ts; several of them',
    'behind one call-system address, bench/cluster/sim-front.ts, which routes each connection by its token',
    'prefix and hands the socket over to that simulator), Floorboard children (bench/live/floorboard-child.ts)',
    `as ${opts.gateways} gateways and ${opts.web} web nodes joined by the shared Redis under a key prefix of the run,`,
    'sink boards (one child per web node) and probe boards in the bench process, taking turns over the web',
    'nodes. Latency is end to end, as in the live-path suite: from the moment a simulator moves an agent to',
    'the moment a probe holds the decoded delta (`Date.now()` on one host).',
    `${opts.teamSinks ? 'Each sink board shows one team (round robin), as a team wall-board does; probes show all teams.' : 'Every board shows all teams.'}`,
    `Simulator speed ${opts.speed}, 1 Hz ticks, ${opts.teams} teams per simulator, HISTORY=off, LEASE_TTL_MS ${opts.leaseTtlMs},`,
    `upstream connect rate ${opts.connectRate}/s, ${opts.seconds} s measured per phase after ${opts.warmupSeconds} s of warm-up.`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version};`,
    `load average ${loadText(startLoad)} at the start. All processes of a phase share these cores, so the`,
    'cluster figures include every process competing with every other: read them as upper bounds.',
    '',
  ];
  if (failures.length > 0) lines.push('### Not measured', '', ...failures.map((f) => `- ${f}`), '');
  if (one && same) lines.push('### What Redis adds (same agents, boards and probes, one run)', '', comparison(one, same), '');
  for (const p of phases) lines.push(`### ${p.title}`, '', table(headline(p)), '', processTable(p), '');
  return lines.join('\n').trimEnd() + '\n';
}
