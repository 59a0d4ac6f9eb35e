/**
 * "Sign out after this call" across web nodes (rule CL-P1). The request lives in the control
 * pipeline of the web node that took it (that node signs the agent out when the call ends), but
 * the flag must show on every board and survive the gateway's next publish of the agent, which
 * knows nothing of it. So the flag is kept here, apart from the gateways' states, and merged into
 * every agent state this node ingests:
 *
 * - a local change (the pipeline set or cleared it: the floor's flag now differs from this set)
 *   is published: `HSET`/`HDEL fb:pending` (what a rebuild reads) and a `p` entry on the change
 *   stream (what the other web nodes read);
 * - a `p` entry or a rebuild updates the set and re-ingests the agent with the flag.
 *
 * A request lives only in its web node's memory: when that node dies (its `fb:web:<id>` key,
 * renewed every few seconds, expires), nobody will carry it out, so any web node clears the flag
 * rather than let the boards promise a sign-out that will not happen.
 */
import type { FloorService } from '@/server/live/floor-service';
import type { AgentState } from '@/server/state/types';
import { encodeEntry } from './change-entry';
import type { ClusterKeys } from './keys';
import type { Redis } from './redis';
import { slotOf } from './slots';
import type { LogFn } from '@/server/log';

export interface PendingShare {
  /** An agent state from a gateway, with this floor's pending flag merged in. */
  merge(agent: AgentState): AgentState;
  /** A `p` entry from the change stream. */
  onEntry(extno: string, pending: boolean): void;
  /** A rebuild: the whole set, as `fb:pending` holds it. */
  replaceAll(extnos: readonly string[]): void;
  /** Clear the flag everywhere: the node that took the request is gone (CL1, CL7). */
  drop(extno: string): void;
  close(): void;
}

export function sharePendingSignOuts(opts: {
  floor: FloorService;
  /** A command connection that queues while Redis is down, so a request made meanwhile is not lost. */
  redis: Redis;
  keys: ClusterKeys;
  nodeId: string;
  maxLen?: number;
  log: { warn: LogFn };
  now?: () => number;
  /** How long a web node's liveness key lasts (renewed every third of it). Default 15 s. */
  aliveMs?: number;
}): PendingShare {
  const { floor, redis, keys } = opts;
  const now = opts.now ?? Date.now;
  const pending = new Set<string>();
  const aliveMs = opts.aliveMs ?? 15_000;

  /** Show `flag` for `extno` on this node's boards (a no-op when the floor already does). */
  const show = (extno: string, flag: boolean): void => {
    const a = floor.state.agents.get(extno);
    if (a && a.pendingSignOut !== flag) floor.ingest({ ...a, pendingSignOut: flag }, now());
  };

  const publish = (extno: string, flag: boolean): void => {
    const fields = encodeEntry({ kind: 'pending', slot: slotOf(extno), fence: 0, gateway: opts.nodeId, extno, pending: flag });
    const tx = redis.multi();
    if (flag) tx.hset(keys.pending, extno, opts.nodeId);
    else tx.hdel(keys.pending, extno);
    tx.xadd(keys.changes, 'MAXLEN', '~', String(opts.maxLen ?? 100_000), '*', ...fields);
    tx.exec().catch((err: unknown) => opts.log.warn({ extno, pending: flag, err: err instanceof Error ? err.message : String(err) }, 'pending sign-out not shared'));
  };

  // Only the control pipeline changes the flag on a web node's floor without going through here:
  // a flag that differs from the set is such a local change.
  const off = floor.onAgentChange((_prev, next) => {
    // A listener before this one may have changed the agent again (the pending sign-out watcher
    // clears the flag from inside the notification of the call's end): only the latest counts.
    if (floor.state.agents.get(next.extno) !== next) return;
    if (next.pendingSignOut === pending.has(next.extno)) return;
    if (next.pendingSignOut) pending.add(next.extno);
    else pending.delete(next.extno);
    publish(next.extno, next.pendingSignOut);
  });

  // Liveness of this node, and clearing the requests of nodes that are gone (errors: Redis is
  // down, and the next round tries again).
  const heartbeat = (): void => void redis.set(keys.webNode(opts.nodeId), '1', 'PX', aliveMs).catch(() => undefined);
  // A node is judged gone only when its key is missing on two sweeps in a row: a Redis restarted
  // empty lacks every live node's key until its next heartbeat, which falls between two sweeps.
  let missing = new Set<string>();
  const sweep = async (): Promise<void> => {
    const owners = await redis.hgetall(keys.pending);
    const missingNow = new Set<string>();
    for (const [extno, node] of Object.entries(owners)) {
      if (node === opts.nodeId || (await redis.exists(keys.webNode(node))) === 1) continue;
      missingNow.add(node);
      if (!missing.has(node)) continue;
      opts.log.warn({ extno, node }, 'pending sign-out dropped: the web node that took it is gone');
      publish(extno, false);
    }
    missing = missingNow;
  };
  heartbeat();
  const timer = setInterval(() => {
    heartbeat();
    sweep().catch(() => undefined);
  }, aliveMs / 3);
  timer.unref();

  return {
    merge: (agent) => (agent.pendingSignOut === pending.has(agent.extno) ? agent : { ...agent, pendingSignOut: pending.has(agent.extno) }),
    onEntry(extno, flag) {
      if (flag) pending.add(extno);
      else pending.delete(extno);
      show(extno, flag);
    },
    drop: (extno) => publish(extno, false),
    replaceAll(extnos) {
      const next = new Set(extnos);
      const before = [...pending];
      pending.clear();
      for (const e of next) pending.add(e);
      for (const e of before) if (!next.has(e)) show(e, false);
      for (const e of next) show(e, true);
    },
    close() {
      clearInterval(timer);
      off();
    },
  };
}
