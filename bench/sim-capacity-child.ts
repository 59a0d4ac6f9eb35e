/**
 * Child process of bench/sim-capacity.ts: runs the simulator alone, so the bench's
 * 10,000 client sockets do not count against its open-file limit, and reports its own
 * CPU, memory and event-loop delay over IPC when asked.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimulator } from '@/server/simulator/index';

const agents = Number(process.env.SIM_BENCH_AGENTS ?? 10_000);
const tickMs = Number(process.env.SIM_BENCH_TICK_MS ?? 1000);

const sim = await startSimulator({ agents, teams: 40, tickMs, seed: 1, speed: 1 });
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

type Msg = { type: 'sample' } | { type: 'reset-loop' } | { type: 'stop' };

process.on('message', (msg: Msg) => {
  switch (msg.type) {
    case 'sample': {
      const mem = process.memoryUsage();
      process.send?.({
        type: 'sample',
        wallMs: performance.now(),
        cpu: process.cpuUsage(),
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        sockets: sim.monitorSockets(),
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
      });
      return;
    }
    case 'reset-loop':
      loop.reset();
      return;
    case 'stop':
      void sim.close().then(() => process.exit(0));
      return;
  }
});

process.send?.({ type: 'ready', url: sim.url, tokens: sim.roster.map((r) => r.token) });
