/**
 * Floorboard child of the live-path bench: `startFloorboard({web: false})` against the simulator
 * child (CALL_SYSTEM_URL + ROSTER_FILE), reporting its CPU, memory, event-loop delay, link health
 * and fan-out counters over IPC. With bench/run.ts --profile it also records a V8 CPU profile
 * of each measured window (the inspector's sampling profiler, as `node --cpu-prof` uses).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseConfig } from '@/server/config';
import { startFloorboard } from '@/server/index';
import { createLogger } from '@/server/log';
import { procSample, serveParent } from './ipc';

const env = JSON.parse(process.env.BENCH_FLOORBOARD_ENV ?? '{}') as Record<string, string>;
const config = parseConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env });
const app = await startFloorboard({ config, web: false, log: createLogger({ level: config.LOG_LEVEL }) });

/**
 * With sign-in wired (server/live/auth-wiring.ts), boards need a credential and /api/agents a
 * bearer token: the bench creates a display link for all teams (what a wall-board TV uses) and
 * a read-only API token through the server's own auth API. Read structurally, so the bench also
 * runs against a server without auth.
 */
interface AuthApi {
  auth: {
    displayLinks: { create(input: { name: string; teams: '*'; view: Record<string, string> }, by: null): Promise<{ token: string }> };
    tokens: { create(input: { name: string; role: 'viewer'; teams: string[]; access: 'read' }, by: null): Promise<{ token: string }> };
  };
}
const authApi = (app as unknown as { auth?: AuthApi }).auth;
const credentials = authApi
  ? {
      display: (await authApi.auth.displayLinks.create({ name: 'bench boards', teams: '*', view: {} }, null)).token,
      bearer: (await authApi.auth.tokens.create({ name: 'bench', role: 'viewer', teams: [], access: 'read' }, null)).token,
    }
  : null;

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

let inspector: Session | null = null;

serveParent(
  {
    sample: () => {
      const stats = app.floor.realtime.stats();
      return {
        proc: procSample(),
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
        health: app.floor.health(),
        // A cluster node's role figures (Redis reachability, slots held, stream position); null for `all`.
        cluster: app.cluster?.health() ?? null,
        upstreamReconnects: app.floor.links.stats().reconnects,
        realtime: {
          channels: stats.channels.map((c) => ({ key: c.key, seq: c.seq })),
          boards: stats.boards,
          pausedBoards: stats.pausedBoards,
          deltasSent: stats.deltasSent,
          deltaBytesSent: stats.deltaBytesSent,
          snapshotsSent: stats.snapshotsSent,
          snapshotBatches: stats.snapshotBatches,
          replaysSent: stats.replaysSent,
          replayBatches: stats.replayBatches,
          resumesRefused: stats.resumesRefused,
          slowBoardPauses: stats.slowBoardPauses,
          largestBuffer: stats.largestBuffer,
        },
      };
    },
    'reset-loop': () => loop.reset(),
    /** Diagnostics: board sockets whose transport is waiting on a write, and their queues. */
    transports: () => {
      let notWritable = 0;
      let queued = 0;
      let maxBuffered = 0;
      for (const socket of app.floor.realtime.io.of('/').sockets.values()) {
        const conn = socket.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[]; request?: { websocket?: { bufferedAmount?: number } } };
        if (!conn.transport.writable) notWritable++;
        if (conn.writeBuffer.length > 0) queued++;
        maxBuffered = Math.max(maxBuffered, conn.request?.websocket?.bufferedAmount ?? 0);
      }
      return { sockets: app.floor.realtime.io.of('/').sockets.size, notWritable, queued, maxBuffered };
    },
    'profile-start': async () => {
      inspector = new Session();
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    },
    'profile-stop': async (file) => {
      if (!inspector) return;
      const { profile } = await inspector.post('Profiler.stop');
      inspector.disconnect();
      inspector = null;
      await writeFile(String(file), JSON.stringify(profile));
    },
  },
  () => app.close(),
);

process.send?.({ type: 'ready', url: app.url, credentials });
