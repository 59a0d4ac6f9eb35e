/**
 * `npm run bench -- --suite ingest`: the ingest path in one process, without sockets, so its
 * cost per frame can be compared between versions even on a loaded machine (CPU time per
 * frame and garbage-collection counts do not depend on how busy the other cores are, the
 * way scenario B's CPU share of a live process does).
 *
 * A floor of AGENTS agents ticking at 1 Hz, ~10% of them changing status each second, for
 * SECONDS simulated seconds, as fast as it goes: each frame is decoded from a Buffer (as ws
 * delivers it), reduced, and its changes marked on a broadcaster flushed every 50 ms of
 * simulated time to one all-teams channel (views built, deltas sized). Not included: the
 * WebSocket reads, prom-client and the Socket.IO emit.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type StatusCode } from '@/lib/domain/status';
import { Broadcaster } from '@/server/state/broadcaster';
import { createFloorState, reduce } from '@/server/state/reducer';
import { toAgentView } from '@/server/state/view';
import { Rng } from '@/server/simulator/prng';
import { decodeFrame } from '@/server/upstream/decode';

function hms(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export async function runIngestSuite(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, strict: false, options: { agents: { type: 'string' }, 'ingest-seconds': { type: 'string', default: '60' } } });
  const agents = Number(values.agents ?? 5000);
  const seconds = Number(values['ingest-seconds']);
  const t0 = Date.UTC(2026, 10, 23, 2, 0, 0);
  // Seeded, so every run replays the same floor.
  const random = new Rng(1);
  const rand = (): number => random.next();
  const extnos = Array.from({ length: agents }, (_, i) => String(10_000 + i));
  const state = createFloorState();
  reduce(state, { type: 'roster', entries: extnos.map((extno, i) => ({ extno, name: `Agent ${extno}`, team: `T${i % 40}` })) }, t0);
  for (const extno of extnos) reduce(state, { type: 'link', extno, link: 'live' }, t0);
  const broadcaster = new Broadcaster({
    floor: {
      view: (extno) => {
        const a = state.agents.get(extno);
        return a ? toAgentView(a) : undefined;
      },
      team: (extno) => state.agents.get(extno)?.team,
      allExtnos: () => state.agents.keys(),
      callDetail: () => null,
      announcements: () => [],
    },
  });
  broadcaster.subscribe('*', t0);
  const status: StatusCode[] = extnos.map(() => (1 + Math.floor(rand() * 3)) as StatusCode);
  const since = extnos.map(() => -Math.floor(rand() * 300));

  // The frames are built before the clock starts: only the server's work is measured.
  const slices: { agent: number[]; data: Buffer[] }[] = [];
  for (let second = 1; second <= seconds; second++) {
    for (let slice = 0; slice < 20; slice++) {
      // Each agent ticks once a second, in 20 slices of 50 ms.
      const batch: { agent: number[]; data: Buffer[] } = { agent: [], data: [] };
      for (let i = slice; i < agents; i += 20) {
        if (rand() < 0.1) {
          status[i] = (1 + ((status[i]! + Math.floor(rand() * 2)) % 3)) as StatusCode;
          since[i] = second;
        }
        batch.agent.push(i);
        batch.data.push(Buffer.from(`{"method":"notice","status":${status[i]},"time":"${hms(second - since[i]!)}"}`));
      }
      slices.push(batch);
    }
  }

  const gc = { minor: 0, major: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor += 1;
      else gc.major += 1;
      gc.ms += e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });

  let frames = 0;
  let changed = 0;
  let deltas = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  slices.forEach(({ agent, data }, n) => {
    const now = t0 + 1000 + n * 50;
    for (let k = 0; k < agent.length; k++) {
      const decoded = decodeFrame(data[k]!, false);
      if (!decoded.ok) throw new Error(`not decoded: ${data[k]!.toString()}`);
      const r = reduce(state, { type: 'frame', extno: extnos[agent[k]!]!, frame: decoded.frame }, now);
      frames += 1;
      if (r.changed.length > 0) {
        changed += r.changed.length;
        broadcaster.markDirty(r.changed);
      }
    }
    deltas += broadcaster.flush(now).length;
  });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    [
      '### Ingest path in one process (`npm run bench -- --suite ingest`)',
      '',
      '| measure | value |',
      '|---|---|',
      `| frames (${agents.toLocaleString('en-US')} agents x ${seconds} simulated s) / status changes / deltas | ${frames.toLocaleString('en-US')} / ${changed.toLocaleString('en-US')} / ${deltas} |`,
      `| CPU per frame (decode + reduce + broadcaster) | ${((cpuMs * 1000) / frames).toFixed(2)} µs (wall ${((wallMs * 1000) / frames).toFixed(2)} µs) |`,
      `| CPU for ${agents.toLocaleString('en-US')} agents at 1 Hz (share of one core) | ${((cpuMs / 1000 / seconds) * 100).toFixed(2)}% |`,
      `| GC: minor / major collections, total pause | ${gc.minor} / ${gc.major}, ${gc.ms.toFixed(0)} ms |`,
      `| minor GCs per 100,000 frames | ${((gc.minor * 100_000) / frames).toFixed(1)} |`,
    ].join('\n'),
  );
}
