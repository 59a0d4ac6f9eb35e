/**
 * The processes of one cluster-suite floor: simulator children (one, or several behind the
 * call-system front), and Floorboard children in a layout: one `FLOORBOARD_ROLE=all` process, or
 * gateways and web nodes joined by Redis under a key prefix of their own (deleted at the end).
 * Floorboard children are bench/live's floorboard-child.ts with the role in their environment.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { rosterToCsv } from '@/server/simulator/index';
import { loadRosterFile } from '@/server/upstream/roster';
import { writeFile } from 'node:fs/promises';
import type { BoardCredentials } from '../live/board-socket';
import type { FbSample } from '../live/env';
import { type Child, startChild, waitFor } from '../live/ipc';
import type { ClusterOptions } from './options';
import { startSimFront, tokenPrefixOf } from './sim-front';

export interface SuiteContext {
  opts: ClusterOptions;
  workDir: string;
  progress(msg: string): void;
}

export interface Sims {
  agents: number;
  children: Child[];
  /** The call-system address every Floorboard node uses (the front when there are several simulators). */
  url: string;
  rosterFile: string;
  /** Flat [extno, status, epoch ms] of every simulator, pushed while streaming. */
  transitions: number[];
  startedAt: number;
  close(): Promise<void>;
}

export type Layout = { kind: 'all' } | { kind: 'cluster'; gateways: number; web: number };

export interface FloorNode {
  name: string;
  role: 'all' | 'gateway' | 'web';
  child: Child;
  url: string;
  credentials: BoardCredentials | null;
}

export interface Floor {
  layout: Layout;
  nodes: FloorNode[];
  /** The nodes boards connect to (the `all` process, or the web nodes). */
  boardNodes: FloorNode[];
  linksLiveSeconds: number;
  close(): Promise<void>;
}

/** `count` simulator processes of `agents / count` agents each, extensions and token prefixes disjoint. */
export async function startSims(ctx: SuiteContext, agents: number, count: number): Promise<Sims> {
  const { opts } = ctx;
  const each = Math.ceil(agents / count);
  ctx.progress(`simulators: ${count} x ${each} agents, ${opts.teams} teams each, speed ${opts.speed}, 1 Hz ticks`);
  const children: Child[] = [];
  const rosterFiles: string[] = [];
  for (let k = 0; k < count; k++) {
    const rosterFile = join(ctx.workDir, `roster-${agents}-${k}.csv`);
    rosterFiles.push(rosterFile);
    const sim = { agents: Math.min(each, agents - k * each), teams: opts.teams, seed: 1 + k, speed: opts.speed, tickMs: 1000, rosterFile, extnoStart: 100_000 * (k + 1), tokenPrefix: tokenPrefixOf(k) };
    children.push(startChild(`simulator-${k}`, './sim-child.ts', { BENCH_SIM: JSON.stringify(sim) }));
  }
  const ready = (await Promise.all(children.map((c) => c.ready))) as { url: string }[];
  const startedAt = Date.now();
  const transitions: number[] = [];
  for (const c of children) {
    c.onPush((msg) => {
      if (msg.type === 'transitions') for (const v of msg.batch as number[]) transitions.push(v);
    });
  }
  // One roster for the whole floor; team names get the simulator's number so teams stay distinct.
  const rosters = await Promise.all(rosterFiles.map((f) => loadRosterFile(f)));
  const merged = rosters.flatMap((r, k) => (count === 1 ? r : r.map((e) => ({ ...e, team: `${e.team} ${k + 1}` }))));
  const rosterFile = join(ctx.workDir, `roster-${agents}.csv`);
  await writeFile(rosterFile, rosterToCsv(merged));
  const front = count === 1 ? null : await startSimFront(children);
  return {
    agents,
    children,
    url: front?.url ?? ready[0]!.url,
    rosterFile,
    transitions,
    startedAt,
    async close() {
      if (front && front.refused() > 0) ctx.progress(`call-system front: ${front.refused()} connections with an unknown token prefix refused`);
      await front?.close();
      await Promise.all(children.map((c) => c.stop()));
    },
  };
}

const SLOTS = 256;

export async function startFloor(ctx: SuiteContext, sims: Sims, layout: Layout, name: string): Promise<Floor> {
  const { opts } = ctx;
  const prefix = `fbbench:${process.pid}:${name}:`;
  const base: Record<string, string> = {
    CALL_SYSTEM_URL: sims.url,
    ROSTER_FILE: sims.rosterFile,
    UPSTREAM_CONNECT_RATE: String(opts.connectRate),
    LOG_LEVEL: 'warn',
    HISTORY: 'off',
  };
  const plan: { name: string; role: FloorNode['role'] }[] =
    layout.kind === 'all'
      ? [{ name: 'all', role: 'all' }]
      : [
          ...Array.from({ length: layout.gateways }, (_, i) => ({ name: `gateway-${i + 1}`, role: 'gateway' as const })),
          ...Array.from({ length: layout.web }, (_, i) => ({ name: `web-${i + 1}`, role: 'web' as const })),
        ];
  ctx.progress(`floorboard: ${plan.map((p) => p.name).join(', ')}${layout.kind === 'cluster' ? ` (Redis ${opts.redisUrl}, prefix ${prefix})` : ''}`);
  const nodes: FloorNode[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.child.stop()));
    if (layout.kind === 'cluster') await deleteKeys(opts.redisUrl, prefix);
  };
  try {
    // All at once: gateways started one after the other would each link most of the floor
    // first (the only member takes every slot) and hand it over a moment later.
    const children = plan.map((p) => {
      const env: Record<string, string> = { ...base, DATA_DIR: join(ctx.workDir, `data-${name}-${p.name}`) };
      if (p.role !== 'all') Object.assign(env, { FLOORBOARD_ROLE: p.role, REDIS_URL: opts.redisUrl, REDIS_PREFIX: prefix, GATEWAY_ID: p.name, LEASE_TTL_MS: String(opts.leaseTtlMs) });
      return startChild(p.name, '../live/floorboard-child.ts', { BENCH_FLOORBOARD_ENV: JSON.stringify(env) });
    });
    const ready = await Promise.allSettled(children.map((c) => c.ready as Promise<{ url: string; credentials: BoardCredentials | null }>));
    ready.forEach((r, i) => {
      if (r.status === 'fulfilled') nodes.push({ ...plan[i]!, child: children[i]!, url: r.value.url, credentials: r.value.credentials });
    });
    const failed = ready.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(children.map((c) => c.stop()));
      throw failed.reason as Error;
    }
    const started = Date.now();
    const holders = nodes.filter((n) => n.role !== 'web');
    const boardNodes = nodes.filter((n) => n.role !== 'gateway');
    let last = '';
    await waitFor(
      async () => {
        const samples = await Promise.all(nodes.map((n) => n.child.request<FbSample>('sample')));
        last = samples
          .map((x, i) => `${nodes[i]!.name}: ${x.health.linksLive} live${x.cluster ? `, redis ${x.cluster.redis}${nodes[i]!.role === 'gateway' ? `, ${String(x.cluster.owned)} slots` : ''}` : ''}`)
          .join('; ');
        const linked = samples.filter((_, i) => nodes[i]!.role !== 'web').reduce((s, x) => s + x.health.linksLive, 0);
        const shown = Math.min(...samples.filter((_, i) => nodes[i]!.role !== 'gateway').map((x) => x.health.linksLive));
        const owned = samples.filter((_, i) => nodes[i]!.role === 'gateway').reduce((s, x) => s + Number(x.cluster?.owned ?? 0), 0);
        const settled = layout.kind === 'all' || owned === SLOTS;
        return linked >= sims.agents && shown >= sims.agents && settled ? true : undefined;
      },
      `${sims.agents} agents live on ${holders.length} link holder(s) and shown live on ${boardNodes.length} board node(s)`,
      300_000,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (last: ${last})`);
    });
    const linksLiveSeconds = (Date.now() - started) / 1000;
    ctx.progress(`floorboard: ${sims.agents} agents live on every board node in ${linksLiveSeconds.toFixed(1)} s`);
    return { layout, nodes, boardNodes, linksLiveSeconds, close: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Remove the run's keys (SCAN by prefix, never FLUSHALL: the Redis is shared). */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Redis's own CPU seconds and memory (INFO), to show what the cluster costs it. */
export async function redisInfo(url: string): Promise<{ cpuSeconds: number; usedMemory: number }> {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  try {
    const text = await redis.info();
    const field = (k: string): number => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
    return { cpuSeconds: field('used_cpu_user') + field('used_cpu_sys'), usedMemory: field('used_memory') };
  } finally {
    redis.disconnect();
  }
}
