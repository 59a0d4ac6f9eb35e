/**
 * Scenario C of the live-path bench: every board dropped at once and reconnected. Times the
 * resync, then checks on a quiet floor (the simulator's feed paused) that every board ends
 * identical to the server's GET /api/agents and the server to the simulator's ground truth.
 */
import { loadavg } from 'node:os';
import { STATUS_BY_CODE, type StatusCode } from '@/lib/domain/status';
import type { Boards } from './boards';
import { fetchServerFloor, keysFor, mismatches } from './compare';
import { drainedAfterPause } from './floor-truth';
import { type FbSample, type LiveContext, type LiveEnv, profileStart, profileStop } from './env';
import { cpuPercent, sleep, waitFor } from './ipc';
import { quantile } from './latency';
import { f0, f1, loadText, pct, table, thousands } from './report';
import { groupCpuPercent, sumSamples } from './sink-group';

const C_TIMEOUT_MS = 60_000;

type DropMode = 'cold' | 'resume';

interface DropResult {
  mode: DropMode;
  /** Time from the drop to each board holding its snapshot or replay, sorted. */
  syncedMs: number[];
  failed: number;
  fb0: FbSample;
  fb1: FbSample;
  replays: number;
  replayedDeltas: number;
  /** CPU of the sink processes together from the drop to the last board synced (one core = 100%). */
  sinkCpu: number;
  minLive: number;
  recovered: FbSample;
  liveAgainMs: number;
}

/**
 * Drop every board at once (TCP terminated, no goodbye) and reconnect them all at once: `cold`
 * boards come back empty (a power cut of every wall display), `resume` boards offer what they
 * hold (a network blip, R13). Timed until every board holds a snapshot or a replay; then waits
 * until Floorboard answers promptly again with every upstream link live.
 */
async function dropAndTime(ctx: LiveContext, env: LiveEnv, boards: Boards, mode: DropMode): Promise<DropResult> {
  const { opts, progress } = ctx;
  progress(`C (${mode}): dropping all ${opts.boards} boards at once and reconnecting them`);
  await sleep(2000);
  await env.fb.request('reset-loop');
  await profileStart(ctx, env);
  const fb0 = await env.fb.request<FbSample>('sample');
  const sinks0 = await boards.sinkGroup.sample();
  const before = sumSamples(sinks0);
  const probeReplays0 = boards.probes.reduce((n, p) => n + p.counts.replays, 0);
  const dropAt = Date.now();
  const sinkResync = boards.sinkGroup.dropReconnect(C_TIMEOUT_MS, mode);
  for (const p of boards.probes) p.kill();
  for (const p of boards.probes) p.connect(mode === 'resume');
  const sinks = await sinkResync;
  await waitFor(() => (boards.probes.every((p) => p.syncedAt > 0) ? true : undefined), 'probe snapshots', C_TIMEOUT_MS, 10).catch(() => undefined);
  const fb1 = await env.fb.request<FbSample>('sample');
  await profileStop(ctx, env, `C-${mode}`);
  const sinks1 = await boards.sinkGroup.sample();
  const after = sumSamples(sinks1);
  const probeMs = boards.probes.filter((p) => p.syncedAt > 0).map((p) => p.syncedAt - dropAt);
  const syncedMs = [...sinks.resyncMs, ...probeMs].sort((a, b) => a - b);
  const failed = sinks.failed + boards.probes.filter((p) => p.syncedAt === 0).length;
  progress(`C (${mode}): ${syncedMs.length} boards resynced, last after ${f0(syncedMs.at(-1) ?? NaN)} ms`);

  // Wait until Floorboard answers promptly again with every upstream link live (a long stall can
  // cost links: see the reconnect count).
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
  progress(`C (${mode}): floor live and Floorboard responsive ${liveAgainMs} ms after the drop`);
  return {
    mode,
    syncedMs,
    failed,
    fb0,
    fb1,
    replays: after.replays - before.replays + boards.probes.reduce((n, p) => n + p.counts.replays, 0) - probeReplays0,
    replayedDeltas: after.replayedDeltas - before.replayedDeltas,
    sinkCpu: groupCpuPercent(sinks0, sinks1),
    minLive,
    recovered,
    liveAgainMs,
  };
}

/** One row of the drop table: a measure for the resume and the cold case. */
function dropRow(label: string, resume: DropResult, cold: DropResult, value: (d: DropResult) => string): [string, string, string] {
  return [label, value(resume), value(cold)];
}

export async function scenarioC(ctx: LiveContext, env: LiveEnv, boards: Boards): Promise<void> {
  const { opts, report, progress } = ctx;
  // Cold first: it starts every sink's recording from a fresh snapshot; the resume drop then
  // continues that recording through its replays, so the final check covers both.
  const cold = await dropAndTime(ctx, env, boards, 'cold');
  const resume = await dropAndTime(ctx, env, boards, 'resume');
  const dropAt = Date.now();
  progress(`C: letting changes flow for 3 s`);
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
  // A quiet floor to compare with: the simulator stops writing frames; once Floorboard has taken
  // no frame for a second (its backlog is drained) the server's floor is read with the seq each
  // channel has reached, every board is frozen as soon as it holds that seq, and the floor is read
  // again: both reads equal means nothing moved meanwhile, so the comparison is valid.
  const truth = await env.sim.request<[string, StatusCode, number, string | null][]>('pause-truth');
  const pausedAt = Date.now();
  try {
    await drainedAfterPause(env);
  } catch {
    progress('C: Floorboard still taking frames 30 s after the pause');
  }
  const drainedAt = Date.now();
  await sleep(2 * opts.effectiveBatchMs); // the last flush leaves
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
  const encodes = (d: DropResult, pick: (r: FbSample['realtime']) => number | undefined): string => {
    const a = pick(d.fb0.realtime);
    const b = pick(d.fb1.realtime);
    return a === undefined || b === undefined ? 'n/a' : (b - a).toString();
  };
  const lastOf = (d: DropResult): number => d.syncedMs.at(-1) ?? Number.POSITIVE_INFINITY;
  const dropTable = [
    `| measure | resume (network blip: boards offer epoch + seq, R13) | cold join (every display restarted, no state) |`,
    '|---|---|---|',
    ...[
      dropRow('**time from the drop to the snapshot or replay held: p50 / p90 / max**', resume, cold, (d) => `**${f0(quantile(d.syncedMs, 0.5))} / ${f0(quantile(d.syncedMs, 0.9))} / ${f0(lastOf(d))} ms**`),
      dropRow(`boards without a snapshot or replay after ${C_TIMEOUT_MS / 1000} s`, resume, cold, (d) => `${d.failed}`),
      dropRow('Floorboard snapshots sent / snapshot encodes (one per batch of joining boards)', resume, cold, (d) => `${encodes(d, (r) => r.snapshotsSent)} / ${encodes(d, (r) => r.snapshotBatches)}`),
      dropRow('Floorboard replays sent / replay encodes / resume points refused', resume, cold, (d) => `${encodes(d, (r) => r.replaysSent)} / ${encodes(d, (r) => r.replayBatches)} / ${encodes(d, (r) => r.resumesRefused)}`),
      dropRow('replays received by the boards / deltas replayed per sink (mean)', resume, cold, (d) => `${d.replays} / ${f1(d.replayedDeltas / Math.max(1, boards.sinks))}`),
      dropRow('Floorboard CPU from the drop to the last board synced', resume, cold, (d) => `${pct(cpuPercent(d.fb0.proc, d.fb1.proc))} over ${f1((d.fb1.proc.wallMs - d.fb0.proc.wallMs) / 1000)} s`),
      dropRow('sink boards CPU (2 processes together) from the drop to the last board synced: the receiving side', resume, cold, (d) => pct(d.sinkCpu)),
      dropRow('Floorboard event-loop delay p99 / max during the resync', resume, cold, (d) => `${f1(d.fb1.loopP99Ms)} ms / ${f1(d.fb1.loopMaxMs)} ms`),
      dropRow('upstream links: reconnects caused / fewest live seen (sampled) / all live and Floorboard responsive again after', resume, cold, (d) =>
        `${d.recovered.upstreamReconnects - d.fb0.upstreamReconnects} / ${thousands(d.minLive)} of ${thousands(env.agents)} / ${f1(d.liveAgainMs / 1000)} s`,
      ),
    ].map(([k, r, c]) => `| ${k} | ${r} | ${c} |`),
  ].join('\n');
  report.sections.push(
    `### C. Mass resync: ${opts.boards} boards killed at once, then reconnected (${boards.sinks} sinks + ${boards.probes.length} probes, TCP terminated, no goodbye)\n\n` +
      `Cold join first, then (same boards, recording on) the resume drop.\n\n` +
      dropTable +
      '\n\n' +
      table([
        [`snapshot size (${boards.teamBoards ? 'one team' : 'all teams'}, one sink)`, `${thousands(env.agents / (boards.teamBoards ? opts.teams : 1))} agents, ${(after.board0.snapshotBytes / 2 ** 20).toFixed(2)} MiB`],
        ['every sink within 3 deltas of the server again after the resume drop (boards processes caught up)', `${f1(caughtUpMs / 1000)} s`],
        ['**boards identical to GET /api/agents** (cold snapshot + deltas + resume replay + 3 s of changes, feed paused)', `**${identical} / ${opts.boards}**`],
        ['boards differing / agents differing / boards with a gap or no snapshot', `${verified.badBoards + probeBad} / ${verified.badAgents} / ${verified.unusable}`],
        ['seq gaps after the reconnects (sinks, replays checked from the seq offered)', `${after.gaps}`],
        ['server vs simulator at the pause (status, call): agents differing', `${truthBad} / ${truth.length} (on a call without its screen pop, connected mid-call: ${noPop})`],
        ['quiet window: feed paused until every board was frozen / server changed meanwhile / boards short of the seq', `${f1((frozenAt - pausedAt) / 1000)} s / ${movedMeanwhile} agents / ${frozen.behind}`],
        ['load average at the end', loadText(loadavg())],
      ]) +
      (verified.example ? `\n\nFirst difference: ${verified.example}` : ''),
  );
  for (const d of [resume, cold]) {
    const what = d.mode === 'resume' ? 'resume after a network blip' : 'cold join, no state';
    report.targets.push({ scenario: 'C', target: `all ${opts.boards} boards resynced within 2 s (${what})`, measured: `last at ${f0(lastOf(d))} ms, ${d.failed} failed`, met: d.failed === 0 && lastOf(d) <= 2000 });
  }
  report.targets.push({
    scenario: 'C',
    target: 'no change lost (every board identical to the server)',
    measured: `${identical} / ${opts.boards} identical`,
    met: identical === opts.boards,
  });
}
