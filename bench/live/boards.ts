/**
 * Connecting the bench's boards to Floorboard: the sink boards (child processes) and the
 * probe boards (this process), until each holds its snapshot and none is paused as slow.
 */
import { loadRosterFile } from '@/server/upstream/roster';
import type { FbSample, LiveContext, LiveEnv } from './env';
import { waitFor } from './ipc';
import { ProbeBoard } from './probe-board';
import { SinkGroup } from './sink-group';

export interface Boards {
  sinkGroup: SinkGroup;
  probes: ProbeBoard[];
  sinks: number;
  connectSeconds: number;
  teamBoards: boolean;
}

const CONNECT_TIMEOUT_MS = 150_000;
/** Boards are connected in waves of this many at once, each wave until all of it holds a snapshot. */
export const CONNECT_WAVE = 100;
/** Processes the sink boards are spread over. */
export const SINK_PROCESSES = 2;

export async function connectBoards(ctx: LiveContext, env: LiveEnv): Promise<Boards> {
  const { opts, progress } = ctx;
  const sinks = opts.boards - opts.probes;
  const teams = opts.teamBoards ? [...new Set((await loadRosterFile(env.rosterFile)).map((r) => r.team))] : null;
  progress(`boards: ${sinks} sinks (child process, ${teams ? `one team each of ${teams.length}` : 'all teams'}) + ${opts.probes} probes (this process, all teams)`);
  const sinkGroup = await SinkGroup.start(env.url, env.credentials, SINK_PROCESSES);
  const started = Date.now();
  const probes = Array.from({ length: opts.probes }, () => new ProbeBoard(env.url, env.credentials));
  for (const p of probes) p.connect();
  const res = await sinkGroup.connect(sinks, CONNECT_WAVE, CONNECT_TIMEOUT_MS, teams);
  if (res.failed > 0) progress(`boards: Floorboard transports: ${JSON.stringify(await env.fb.request('transports'))}`);
  if (res.failed > 0) throw new Error(`${res.failed} sink boards got no snapshot within ${CONNECT_TIMEOUT_MS / 1000} s (${res.error ?? 'no connect error'})`);
  await waitFor(() => (probes.every((p) => p.syncedAt > 0) ? true : undefined), 'probe snapshots', 30_000, 20);
  const connectSeconds = (Date.now() - started) / 1000;
  progress(`boards: ${opts.boards} connected with their snapshots in ${connectSeconds.toFixed(1)} s`);
  // Settled: every board connected and none paused as slow (a resumed board gets a fresh snapshot).
  // Not reached in time: go on, the pauses show in scenario A's figures.
  await waitFor(
    async () => {
      const s = await env.fb.request<FbSample>('sample');
      return s.realtime.boards >= opts.boards && s.realtime.pausedBoards === 0 ? true : undefined;
    },
    'boards settled',
    30_000,
    500,
  ).catch(() => progress('boards: still some paused as slow after 30 s; going on'));
  return { sinkGroup, probes, sinks, connectSeconds, teamBoards: teams !== null };
}
