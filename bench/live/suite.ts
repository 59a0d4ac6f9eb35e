/**
 * The live path of issue 3, end to end, on loopback, in separate processes:
 *
 *   simulator child (sim-child.ts)           the call system, streaming its status changes
 *   Floorboard child (floorboard-child.ts)   startFloorboard({web:false}) against it
 *   2 boards children (boards-child.ts)      sink boards: real socket.io-client connections
 *   the bench process                        probe boards (full decode) + orchestration
 *
 * Scenarios (each measured for --seconds after its warm-up; flags in options.ts):
 *   A  fan-out (scenario-a.ts): AGENTS agents at 1 Hz ticks, ~10% changing state per second,
 *      BOARDS boards: end-to-end latency (simulator change -> probe holds the delta), CPU, bytes
 *   B  ingest alone (scenario-b.ts): the same floor with 0 boards; then HOLD_AGENTS agents
 *   C  mass resync (scenario-c.ts): every board killed at once and reconnected, twice: a cold
 *      join (boards come back empty) and a resume (boards offer epoch + seq and get a replay,
 *      R13); time to resync for each, then every board compared with GET /api/agents on a quiet floor
 *
 * Progress goes to stderr, the report to stdout. Every child is killed on exit, on SIGINT /
 * SIGTERM and by a watchdog; children also exit by themselves if this process dies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectBoards } from './boards';
import { type LiveContext, startEnv, warmUp } from './env';
import { guardChildren } from './ipc';
import { parseLiveOptions } from './options';
import { Report, f0, thousands, writeBenchmarks } from './report';
import { scenarioA } from './scenario-a';
import { scenarioB, scenarioHold } from './scenario-b';
import { scenarioC } from './scenario-c';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = fileURLToPath(new URL('../..', import.meta.url));

export async function runLiveSuite(argv: string[]): Promise<void> {
  const opts = parseLiveOptions(argv);
  const t0 = Date.now();
  const progress = (msg: string): void => console.error(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
  guardChildren(opts.maxMinutes);

  const startLoad = loadavg();
  const report = new Report();
  const ctx: LiveContext = { opts, report, workDir: await mkdtemp(join(tmpdir(), 'floorboard-bench-')), profileDir: join(benchDir, 'out'), progress };
  // A scenario that fails (a loaded machine can keep boards from connecting) is reported as
  // such, and what the others measured is still printed.
  // `stage` names the step a failure stopped at (the floor, the boards, a scenario).
  let stage = '';
  const attempt = async (run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      progress(`${stage} failed: ${message}`);
      report.failures.push(`${stage}: ${message.split('\n')[0]}`);
    }
  };
  try {
    const { only } = opts;
    if (only.size > 0) {
      await attempt(async () => {
        stage = `the ${thousands(opts.agents)}-agent floor for ${[...only].join(', ')}`;
        const env = await startEnv(ctx, opts.agents, opts.speed);
        try {
          await warmUp(ctx, env, opts.warmupSeconds);
          stage = 'B';
          if (only.has('B')) await scenarioB(ctx, env);
          if (only.has('A') || only.has('C')) {
            stage = `connecting the boards for ${[...only].filter((s) => s !== 'B').join(', ')}`;
            const boards = await connectBoards(ctx, env);
            try {
              stage = 'A';
              if (only.has('A')) await scenarioA(ctx, env, boards);
              stage = 'C';
              if (only.has('C')) await scenarioC(ctx, env, boards);
            } finally {
              for (const p of boards.probes) p.kill();
              await boards.sinkGroup.stop();
            }
          }
        } finally {
          await env.close();
        }
      });
    }
    if (only.has('B') && opts.holdAgents > 0) {
      stage = `B (${thousands(opts.holdAgents)} agents held)`;
      await attempt(() => scenarioHold(ctx));
    }
  } finally {
    await rm(ctx.workDir, { recursive: true, force: true });
  }

  const text = report.render(opts, startLoad);
  console.log(text);
  if (opts.write) {
    await writeBenchmarks(join(repoDir, 'BENCHMARKS.md'), text.trimEnd());
    progress('BENCHMARKS.md: section "Live path (issue 3)" replaced');
  }
  for (const p of report.profiles) console.error(`\n${p}`);
  progress(`done in ${f0((Date.now() - t0) / 1000)} s`);
  if (report.failures.length > 0) throw new Error(`live suite: ${report.failures.length} part(s) failed`);
}
