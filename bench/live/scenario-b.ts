/**
 * Scenario B of the live-path bench: ingest alone (the floor with no board); beside it, in one
 * window, a bare process holding the same sockets (what the socket plumbing alone costs); then
 * a bigger floor held by one Floorboard process, checked live and right against the simulator.
 */
import { type LiveContext, type LiveEnv, changesPerSecond, measure, profileStart, profileStop, startEnv, warmUp } from './env';
import { checkAgainstTruth } from './floor-truth';
import { type ProcSample, cpuPercent, startChild, waitFor } from './ipc';
import { f0, f1, loadText, mib, pct, table, thousands } from './report';

export async function scenarioB(ctx: LiveContext, env: LiveEnv): Promise<void> {
  const { opts, report } = ctx;
  ctx.progress(`B: measuring ingest alone (0 boards) for ${opts.seconds} s`);
  await profileStart(ctx, env);
  const w = await measure(env, opts.seconds, null);
  await profileStop(ctx, env, 'B-ingest');
  const fbCpu = cpuPercent(w.fb0.proc, w.fb1.proc);
  report.sections.push(
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
  report.targets.push({ scenario: 'B', target: `Floorboard CPU <= 15% of a core (${thousands(env.agents)} agents, 0 boards)`, measured: pct(fbCpu), met: fbCpu <= 15 });
  await socketFloor(ctx, env);
}

interface BareSample {
  proc: ProcSample;
  open: number;
  frames: number;
}

/**
 * What the socket plumbing alone costs: a bare process (bare-sockets-child.ts) holds a second
 * socket per agent to the same simulator, and one window measures it and Floorboard side by
 * side, so both see the same feed on the same load and their ratio means something even on
 * a busy machine.
 */
async function socketFloor(ctx: LiveContext, env: LiveEnv): Promise<void> {
  const { opts, report } = ctx;
  // The simulator child's ready message carries its URL (LiveEnv.url is Floorboard's).
  const { url: callSystemUrl } = (await env.sim.ready) as { url: string };
  const bare = startChild('bare sockets', './bare-sockets-child.ts', {
    BENCH_BARE: JSON.stringify({ callSystemUrl, rosterFile: env.rosterFile, connectRate: opts.connectRate }),
  });
  try {
    await bare.ready;
    await waitFor(
      async () => ((await bare.request<BareSample>('sample')).open >= env.agents ? true : undefined),
      `${env.agents} bare sockets open`,
      300_000,
      200,
    );
    ctx.progress(`B: Floorboard and a bare socket holder side by side for ${opts.seconds} s`);
    const b0 = await bare.request<BareSample>('sample');
    const w = await measure(env, opts.seconds, null);
    const b1 = await bare.request<BareSample>('sample');
    const fbCpu = cpuPercent(w.fb0.proc, w.fb1.proc);
    const bareCpu = cpuPercent(b0.proc, b1.proc);
    const frameRate = (b1.frames - b0.frames) / ((b1.proc.wallMs - b0.proc.wallMs) / 1000);
    report.sections.push(
      `### B. What the socket plumbing alone costs (same simulator, same window)\n\n` +
        table([
          ['measured for', `${f1(w.seconds)} s`],
          ['frames/s read by the bare process', f0(frameRate)],
          ['bare process: sockets open (min at the ends) / agents', `${thousands(Math.min(b0.open, b1.open))} / ${thousands(env.agents)}`],
          ['**bare `ws` sockets, frames counted only** (the floor)', `**${pct(bareCpu)}**`],
          ['**Floorboard ingest** (decode, reduce, metrics, links)', `**${pct(fbCpu)}**`],
          ['Floorboard above the floor', `${pct(fbCpu - bareCpu)} (${f1(bareCpu > 0 ? fbCpu / bareCpu : NaN)}x)`],
          ['bare process RSS / Floorboard RSS (peak)', `${mib(b1.proc.rss)} / ${mib(w.fbPeakRss)}`],
          ['simulator CPU (writing to both)', pct(cpuPercent(w.sim0.proc, w.sim1.proc))],
          ['load average (1 / 5 / 15 min) at the end', loadText(w.load)],
        ]),
    );
  } finally {
    await bare.stop();
  }
}

/** A floor of `--hold-agents` on its own simulator and Floorboard: are all links held live? */
export async function scenarioHold(ctx: LiveContext): Promise<void> {
  const { opts, report } = ctx;
  const env = await startEnv(ctx, opts.holdAgents, opts.speed);
  try {
    await warmUp(ctx, env, opts.warmupSeconds);
    ctx.progress(`B: holding ${opts.holdAgents} agents, measuring for ${opts.holdSeconds} s`);
    await profileStart(ctx, env);
    const w = await measure(env, opts.holdSeconds, null);
    await profileStop(ctx, env, 'B-hold');
    ctx.progress(`B: pausing the feed to check ${opts.holdAgents} agents against the simulator`);
    const truth = await checkAgainstTruth(env);
    const allLive = w.minLinksLive >= opts.holdAgents && w.fb1.health.linksLive >= opts.holdAgents && truth.linksLive >= opts.holdAgents;
    const allRight = truth.wrong === 0 && truth.agents === opts.holdAgents;
    report.sections.push(
      `### B. ${thousands(opts.holdAgents)} agents held by one Floorboard process (0 boards)\n\n` +
        table([
          [`all links live after start (connect rate ${opts.connectRate}/s)`, `${f1(env.linksLiveSeconds)} s`],
          ['upstream links live: min during the window / agents', `${thousands(w.minLinksLive)} / ${thousands(opts.holdAgents)}`],
          ['simulator sockets (server side)', thousands(w.sim1.sockets)],
          ['measured for', `${f1(w.seconds)} s, from ${f0((Date.now() - env.simStartedAt) / 1000 - w.seconds)} s after the simulator started`],
          ['status changes/s (simulator)', f0(changesPerSecond(w))],
          ['**Floorboard CPU**', `**${pct(cpuPercent(w.fb0.proc, w.fb1.proc))}**`],
          ['Floorboard event-loop delay p99 / max', `${f1(w.fb1.loopP99Ms)} ms / ${f1(w.fb1.loopMaxMs)} ms`],
          ['Floorboard RSS (peak)', mib(w.fbPeakRss)],
          ['upstream link reconnects during the window', `${w.fb1.upstreamReconnects - w.fb0.upstreamReconnects}`],
          ['simulator CPU', pct(cpuPercent(w.sim0.proc, w.sim1.proc))],
          ['load average at the end', loadText(w.load)],
          [
            'feed paused: statuses on the server that differ from the simulator / agents',
            `${thousands(truth.wrong)} / ${thousands(truth.agents)} (read ${f1(truth.drainMs / 1000)} s after the pause, ${thousands(truth.linksLive)} links live)${truth.example ? `; e.g. ${truth.example}` : ''}`,
          ],
        ]),
    );
    report.targets.push({
      scenario: 'B',
      target: `${thousands(opts.holdAgents)} agents held by one Floorboard process, all links live, every status right`,
      measured: `${thousands(w.minLinksLive)} live (min), ${thousands(truth.wrong)} wrong`,
      met: allLive && allRight,
    });
  } finally {
    await env.close();
  }
}
