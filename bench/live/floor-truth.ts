/**
 * "States are right": the simulator's feed is paused, and once Floorboard has drained its
 * upstream backlog every agent's status on the server (GET /api/agents) is compared with the
 * simulator's ground truth at the pause, and the links are counted live. Used by scenario B's
 * hold run, where no board is connected to compare with.
 */
import { STATUS_BY_CODE, type StatusCode } from '@/lib/domain/status';
import { fetchServerFloor } from './compare';
import type { FbSample, LiveEnv } from './env';
import { waitFor } from './ipc';

export interface TruthCheck {
  agents: number;
  /** Agents whose status on the server differs from the simulator's, or that are missing. */
  wrong: number;
  /** Links live when the floor was read. */
  linksLive: number;
  example: string | null;
  drainMs: number;
}

/**
 * Resolves once Floorboard has taken no frame for a second after the simulator paused: every
 * frame written before the pause has been applied. Throws after 30 s.
 */
export async function drainedAfterPause(env: LiveEnv): Promise<void> {
  await waitFor(
    async () => {
      const s = await env.fb.request<FbSample>('sample');
      return (s.health.newestFrameAgeMs ?? 0) >= 1000 ? s : undefined;
    },
    'Floorboard to drain its upstream backlog',
    30_000,
    100,
  );
}

export async function checkAgainstTruth(env: LiveEnv): Promise<TruthCheck> {
  const truth = await env.sim.request<[string, StatusCode, number, string | null][]>('pause-truth');
  const pausedAt = Date.now();
  try {
    // Links turn stale only after 10 s of silence, so they are still live when the floor is read.
    await drainedAfterPause(env);
    const drainMs = Date.now() - pausedAt;
    const [server, sample] = await Promise.all([fetchServerFloor(env.url, env.credentials?.bearer ?? null), env.fb.request<FbSample>('sample')]);
    let wrong = 0;
    let example: string | null = null;
    for (const [extno, code] of truth) {
      const status = server.get(extno)?.key.split('|')[0];
      if (status === STATUS_BY_CODE[code]) continue;
      wrong++;
      example ??= `${extno}: simulator ${STATUS_BY_CODE[code]} / server ${status ?? 'absent'}`;
    }
    return { agents: truth.length, wrong, linksLive: sample.health.linksLive, example, drainMs };
  } finally {
    await env.sim.request('resume');
  }
}
