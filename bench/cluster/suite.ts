/**
 * `npm run bench -- --suite cluster`: issue 8's benchmark (flags in options.ts).
 *
 *   compare  one simulator of COMPARE_AGENTS agents; first one FLOORBOARD_ROLE=all process with
 *            COMPARE_BOARDS boards, then gateways + web nodes on the same simulator with the same
 *            boards and probes: what Redis adds to the end-to-end latency, in one run
 *   full     SIMS simulator processes (AGENTS together) behind one call-system address,
 *            GATEWAYS gateways, WEB web nodes and BOARDS boards
 *
 * Progress on stderr, the Markdown on stdout; `--write` replaces "## Cluster (issue 8)" in
 * BENCHMARKS.md. Every child is killed on exit, on SIGINT/SIGTERM and by the watchdog.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceSection } from '../benchmarks-file';
import { guardChildren, sleep } from '../live/ipc';
import { type Layout, type Sims, type SuiteContext, startFloor, startSims } from './floor';
import { type PhaseResult, measurePhase } from './measure';
import { parseClusterOptions } from './options';
import { SECTION_HEADING, renderReport } from './report';

const repoDir = fileURLToPath(new URL('../..', import.meta.url));

export async function runClusterSuite(argv: string[]): Promise<void> {
  const opts = parseClusterOptions(argv);
  const t0 = Date.now();
  const progress = (msg: string): void => console.error(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
  guardChildren(opts.maxMinutes);

  const startLoad = loadavg();
  const ctx: SuiteContext = { opts, workDir: await mkdtemp(join(tmpdir(), 'floorboard-bench-cluster-')), progress };
  const phases: PhaseResult[] = [];
  const failures: string[] = [];
  const cluster: Layout = { kind: 'cluster', gateways: opts.gateways, web: opts.web };

  /** Run one floor layout on `sims` and measure it; a failure is reported and the run goes on. */
  const phase = async (sims: Sims, layout: Layout, title: string, boards: number): Promise<void> => {
    try {
      const floor = await startFloor(ctx, sims, layout, `${phases.length}`);
      try {
        const warm = opts.warmupSeconds * 1000 - (Date.now() - sims.startedAt);
        if (warm > 0) {
          progress(`${title}: warm-up (the floor's staggered sign-in), ${(warm / 1000).toFixed(0)} s`);
          await sleep(warm);
        }
        phases.push(await measurePhase(ctx, sims, floor, title, boards));
      } finally {
        await floor.close();
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      progress(`${title} failed: ${message}`);
      failures.push(`${title}: ${message.split('\n')[0]}`);
    }
  };

  try {
    if (opts.only.has('compare')) {
      const sims = await startSims(ctx, opts.compareAgents, 1);
      try {
        await phase(sims, { kind: 'all' }, `compare: one process (FLOORBOARD_ROLE=all), ${opts.compareAgents} agents`, opts.compareBoards);
        await phase(sims, cluster, `compare: cluster (${opts.gateways} gateways, ${opts.web} web nodes), ${opts.compareAgents} agents`, opts.compareBoards);
      } finally {
        await sims.close();
      }
    }
    if (opts.only.has('full')) {
      const sims = await startSims(ctx, opts.agents, opts.sims);
      try {
        await phase(sims, cluster, `full: ${opts.gateways} gateways, ${opts.web} web nodes, ${opts.agents} agents (${opts.sims} simulators), ${opts.boards} boards`, opts.boards);
      } finally {
        await sims.close();
      }
    }
  } finally {
    await rm(ctx.workDir, { recursive: true, force: true });
  }

  const text = renderReport(opts, phases, failures, startLoad);
  console.log(text);
  if (opts.write) {
    await replaceSection(join(repoDir, 'BENCHMARKS.md'), SECTION_HEADING, text.trimEnd());
    progress(`BENCHMARKS.md: section "${SECTION_HEADING.slice(3)}" replaced`);
  }
  progress(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (failures.length > 0) throw new Error(`cluster suite: ${failures.length} phase(s) failed`);
}
