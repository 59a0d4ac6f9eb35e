/**
 * Simulator capacity: 10,000 agents at 1 Hz notice ticks, one plain ws monitor socket
 * each. The simulator runs in a child process; this process holds the client sockets.
 * Measures the simulator's RSS and CPU, frames/s received, and how evenly the ticks
 * spread over the second; prints a Markdown table.
 *
 *   npx tsx bench/sim-capacity.ts            (SIM_BENCH_SECONDS=30, SIM_BENCH_AGENTS=10000)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const AGENTS = Number(process.env.SIM_BENCH_AGENTS ?? 10_000);
const SECONDS = Number(process.env.SIM_BENCH_SECONDS ?? 30);
const CONNECT_CONCURRENCY = 200;
const WARMUP_MS = 3000;
const WINDOW_MS = 100;

interface Sample {
  type: 'sample';
  wallMs: number;
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
  sockets: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

function request<T>(child: ChildProcess, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type: string }): void => {
      if (msg.type !== reply) return;
      child.off('message', onMessage);
      resolve(msg as T);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

async function main(): Promise<void> {
  const child = fork(fileURLToPath(new URL('./sim-capacity-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SIM_BENCH_AGENTS: String(AGENTS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; tokens: string[] }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; tokens: string[] }));
    child.once('exit', (code) => reject(new Error(`simulator child exited (${code})`)));
  });
  const idle = await request<Sample>(child, 'sample', 'sample');

  // Count every frame; also per 100 ms window, to see whether ticks leave in one burst.
  let frames = 0;
  let windowFrames = 0;
  const sockets: WebSocket[] = [];
  const wsBase = ready.url.replace(/^http/, 'ws');
  const connectStarted = performance.now();
  let next = 0;
  let failed = 0;
  async function connectWorker(): Promise<void> {
    while (next < ready.tokens.length) {
      const token = ready.tokens[next++];
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(`${wsBase}/agent/monitor?${token}`, { perMessageDeflate: false });
        ws.on('message', () => {
          frames++;
          windowFrames++;
        });
        ws.once('open', () => {
          sockets.push(ws);
          resolve();
        });
        ws.once('error', () => {
          failed++;
          resolve();
        });
      });
    }
  }
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, connectWorker));
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await sleep(WARMUP_MS);

  child.send({ type: 'reset-loop' });
  const before = await request<Sample>(child, 'sample', 'sample');
  const framesBefore = frames;
  const windows: number[] = [];
  let peakRss = before.rss;
  windowFrames = 0;
  const started = performance.now();
  const windowTimer = setInterval(() => {
    windows.push(windowFrames);
    windowFrames = 0;
  }, WINDOW_MS);
  while (performance.now() - started < SECONDS * 1000) {
    await sleep(1000);
    peakRss = Math.max(peakRss, (await request<Sample>(child, 'sample', 'sample')).rss);
  }
  clearInterval(windowTimer);
  const after = await request<Sample>(child, 'sample', 'sample');
  const elapsedS = (performance.now() - started) / 1000;
  const received = frames - framesBefore;

  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  const cpuPct = (100 * cpuMs) / (after.wallMs - before.wallMs);
  const meanWindow = windows.reduce((s, w) => s + w, 0) / Math.max(1, windows.length);
  const maxWindow = Math.max(...windows);

  const rows: [string, string][] = [
    ['agents / open monitor sockets (server side)', `${AGENTS} / ${after.sockets}${failed ? ` (${failed} failed)` : ''}`],
    [`connect ${AGENTS} sockets (${CONNECT_CONCURRENCY} at a time)`, `${connectSeconds.toFixed(1)} s`],
    ['measured for', `${elapsedS.toFixed(1)} s after ${WARMUP_MS / 1000} s warm-up`],
    ['frames received/s (all sockets)', `${(received / elapsedS).toFixed(0)}`],
    ['frames per 100 ms window: mean / max', `${meanWindow.toFixed(0)} / ${maxWindow}`],
    ['simulator CPU (one core = 100%)', `${cpuPct.toFixed(1)}%`],
    ['simulator RSS: no sockets / with sockets (peak)', `${mib(idle.rss)} MiB / ${mib(peakRss)} MiB`],
    ['simulator heap used (end)', `${mib(after.heapUsed)} MiB`],
    ['simulator event-loop delay p99 / max', `${after.loopP99Ms.toFixed(1)} ms / ${after.loopMaxMs.toFixed(1)} ms`],
  ];
  console.log('| measure | value |');
  console.log('|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);

  for (const ws of sockets) ws.terminate();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ type: 'stop' });
  await exited;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
