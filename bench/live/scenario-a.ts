/**
 * Scenario A of the live-path bench: fan-out to every board while the floor changes, with the
 * end-to-end latency from the simulator's change to the probe holding the delta.
 */
import { type Boards, CONNECT_WAVE, SINK_PROCESSES } from './boards';
import { type LiveContext, type LiveEnv, changesPerSecond, measure, profileStart, profileStop } from './env';
import { cpuPercent, sleep } from './ipc';
import { matchLatencies, quantile } from './latency';
import { f0, f1, kib, loadText, mib, pct, table, thousands } from './report';
import { groupCpuPercent, sumSamples } from './sink-group';

export async function scenarioA(ctx: LiveContext, env: LiveEnv, boards: Boards): Promise<void> {
  const { opts, report, progress } = ctx;
  progress('A: boards warming up for 5 s');
  await sleep(5000);
  env.transitions.length = 0;
  await env.sim.request('stream', true);
  for (const p of boards.probes) {
    p.observations = [];
    p.recording = true;
  }
  const from = Date.now();
  progress(`A: measuring fan-out for ${opts.seconds} s`);
  await profileStart(ctx, env);
  const w = await measure(env, opts.seconds, boards.sinkGroup);
  await profileStop(ctx, env, 'A-fanout');
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
  report.sections.push(
    `### A. Fan-out: ${thousands(env.agents)} agents, ${opts.boards} boards\n\n` +
      table([
        ['measured for', `${f1(secs)} s (after ${opts.warmupSeconds} s floor warm-up and 5 s with the boards)`],
        [
          `boards: sinks (${boards.teamBoards ? 'one team each' : 'all teams'}) + probes (all teams); WebSocket only`,
          `${boards.sinks} + ${boards.probes.length}; connected at the end: ${b1.connected} + ${boards.probes.filter((p) => p.socket?.connected).length}`,
        ],
        [`time to connect the boards (waves of ${CONNECT_WAVE} at once, until each holds its snapshot)`, `${f1(boards.connectSeconds)} s`],
        [`**status changes/s** (simulator, speed ${env.speed})`, `**${f0(changesPerSecond(w))}** (${pct((100 * changesPerSecond(w)) / env.agents)} of agents per second)`],
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
        [
          `CPU: simulator / sink boards (${SINK_PROCESSES} processes together) / probes + bench`,
          `${pct(cpuPercent(w.sim0.proc, w.sim1.proc))} / ${pct(sinkCpu)} / ${pct(cpuPercent(w.main0, w.main1))}`,
        ],
        ['load average at the end', loadText(w.load)],
      ]),
  );
  report.targets.push({ scenario: 'A', target: 'end-to-end p99 <= 80 ms', measured: `${f0(p99)} ms`, met: p99 <= 80 });
  report.targets.push({ scenario: 'A', target: 'Floorboard under one core', measured: pct(fbCpu), met: fbCpu < 100 });
}
