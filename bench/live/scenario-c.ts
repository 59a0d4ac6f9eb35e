/**
 * Scenario C of the live-path bench: every board dropped at once and reconnected. Times the
 * resync, then checks on a quiet floor (the simulator's feed paused) that every board ends
 * identical to the server's GET /api/agents and the server to the simulator's ground truth.
 */
import { loadavg } from 'node:os';
import { STATUS_BY_CODE, type StatusCode } from '@/lib/domain/status';
import type { Boards } from './boards';
import { fetchServerFloor, keysFor, mismatches } from './compare';
import { type FbSample, type LiveContext, type LiveEnv, profileStart, profileStop } from './env';
import { cpuPercent, sleep, waitFor } from './ipc';
import { quantile } from './latency';
import { f0, f1, loadText, pct, table, thousands } from './report';
import { sumSamples } from './sink-group';

const C_TIMEOUT_MS = 60_000;

export async function scenarioC(ctx: LiveContext, env: LiveEnv, boards: Boards): Promise<void> {
  const { opts, report, progress } = ctx;
  progress(`C: dropping all ${opts.boards} boards at once and reconnecting them`);
  await sleep(2000);
  await env.fb.request('reset-loop');
  await profileStart(ctx, env);
  const fb0 = await env.fb.request<FbSample>('sample');
  const dropAt = Date.now();
  const sinkResync = boards.sinkGroup.dropReconnect(C_TIMEOUT_MS);
  for (const p of boards.probes) p.kill();
  for (const p of boards.probes) p.connect();
  const sinks = await sinkResync;
  await waitFor(() => (boards.probes.every((p) => p.snapshotAt > 0) ? true : undefined), 'probe snapshots', C_TIMEOUT_MS, 10).catch(() => undefined);
  const fb1 = await env.fb.request<FbSample>('sample');
  await profileStop(ctx, env, 'C-resync');
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
  const lastMs = all.at(-1) ?? Number.POSITIVE_INFINITY;
  const cpuDuring = cpuPercent(fb0.proc, fb1.proc);
  report.sections.push(
    `### C. Mass resync: ${opts.boards} boards killed at once, then reconnected\n\n` +
      table([
        ['boards dropped (TCP terminated, no goodbye) and reconnected at once', `${opts.boards} (${boards.sinks} sinks + ${boards.probes.length} probes)`],
        ['**time from the drop to the snapshot held: p50 / p90 / max**', `**${f0(quantile(all, 0.5))} / ${f0(quantile(all, 0.9))} / ${f0(lastMs)} ms**`],
        ['every sink within 3 deltas of the server again (boards processes caught up) after', `${f1(caughtUpMs / 1000)} s`],
        [`boards without a snapshot after ${C_TIMEOUT_MS / 1000} s`, `${failed}`],
        [`snapshot size (${boards.teamBoards ? 'one team' : 'all teams'}, one sink)`, `${thousands(env.agents / (boards.teamBoards ? opts.teams : 1))} agents, ${(after.board0.snapshotBytes / 2 ** 20).toFixed(2)} MiB`],
        [
          'Floorboard snapshots sent (this drop) / snapshot encodes (one per batch of joining boards)',
          `${fb1.realtime.snapshotsSent - fb0.realtime.snapshotsSent} / ${fb1.realtime.snapshotBatches === undefined ? 'n/a' : (fb1.realtime.snapshotBatches - (fb0.realtime.snapshotBatches ?? 0)).toString()}`,
        ],
        ['Floorboard CPU from the drop to the last snapshot', `${pct(cpuDuring)} over ${f1((fb1.proc.wallMs - fb0.proc.wallMs) / 1000)} s`],
        ['Floorboard event-loop delay p99 / max during the resync', `${f1(fb1.loopP99Ms)} ms / ${f1(fb1.loopMaxMs)} ms`],
        [
          'upstream links: reconnects caused / fewest live seen (sampled) / all live and Floorboard responsive again after',
          `${recovered.upstreamReconnects - fb0.upstreamReconnects} / ${thousands(minLive)} of ${thousands(env.agents)} / ${f1(liveAgainMs / 1000)} s`,
        ],
        ['**boards identical to GET /api/agents** (feed paused, 3 s of changes after the resync)', `**${identical} / ${opts.boards}**`],
        ['boards differing / agents differing / boards with a gap or no snapshot', `${verified.badBoards + probeBad} / ${verified.badAgents} / ${verified.unusable}`],
        ['seq gaps after the reconnect (sinks)', `${after.gaps}`],
        ['server vs simulator at the pause (status, call): agents differing', `${truthBad} / ${truth.length} (on a call without its screen pop, connected mid-call: ${noPop})`],
        ['quiet window: feed paused until every board was frozen / server changed meanwhile / boards short of the seq', `${f1((frozenAt - pausedAt) / 1000)} s / ${movedMeanwhile} agents / ${frozen.behind}`],
        ['load average at the end', loadText(loadavg())],
      ]) +
      (verified.example ? `\n\nFirst difference: ${verified.example}` : ''),
  );
  report.targets.push({ scenario: 'C', target: `all ${opts.boards} boards resynced within 2 s`, measured: `last at ${f0(lastMs)} ms, ${failed} failed`, met: failed === 0 && lastMs <= 2000 });
  report.targets.push({
    scenario: 'C',
    target: 'no change lost (every board identical to the server)',
    measured: `${identical} / ${opts.boards} identical`,
    met: identical === opts.boards,
  });
}
