/**
 * A gateway node: links only the agents of the slots it holds, seeds each newly acquired agent
 * from its last published state (so today's counters survive a takeover), and publishes every
 * change of its agents to the change stream.
 */
import type { FloorService } from '@/server/live/floor-service';
import type { AgentState, RosterEntry } from '@/server/state/types';
import { decodeFloorValue, encodeEntry, floorValue } from './change-entry';
import type { ClusterKeys } from './keys';
import { type OwnershipStatus, SlotOwnership } from './ownership';
import { ChangePublisher, type PublisherStats } from './publisher';
import type { Redis } from './redis';
import { slotOf } from './slots';
import type { LogFn } from '@/server/log';

export interface GatewayOptions {
  floor: FloorService;
  roster: readonly RosterEntry[];
  /** Publishing and seeding (bulk traffic). */
  redis: Redis;
  /** Leases and membership only: a renewal must never wait behind a large publish pipeline. */
  leaseRedis: Redis;
  keys: ClusterKeys;
  gatewayId: string;
  ttlMs: number;
  log: { info: LogFn; warn: LogFn; error: LogFn };
  now?: () => number;
}

export interface GatewayNode {
  ownership: SlotOwnership;
  /** A reloaded roster: links change for this gateway's share of the difference. */
  setRoster(entries: readonly RosterEntry[]): void;
  status(): OwnershipStatus & { linked: number; publisher: PublisherStats };
  /** True while the floor applies a handover of this agent: released to another gateway, or seeded from the last one (CL5). */
  handingOver(extno: string): boolean;
  close(release?: boolean): Promise<void>;
}

export function startGateway(opts: GatewayOptions): GatewayNode {
  const { floor, redis, keys, gatewayId, log } = opts;
  const now = opts.now ?? Date.now;
  let roster = opts.roster;
  let owned: ReadonlyMap<number, number> = new Map();
  let generation = 0;

  const publisher = new ChangePublisher({
    redis,
    keys,
    log,
    stillOwned: (slot, fence) => owned.get(slot) === fence,
  });

  const publishAgent = (agent: AgentState): void => {
    const slot = slotOf(agent.extno);
    const fence = owned.get(slot);
    if (fence !== undefined) publisher.publish({ kind: 'agent', slot, fence, gateway: gatewayId, agent });
  };
  const offChange = floor.onAgentChange((_prev, next) => publishAgent(next));
  const offMessage = floor.onMessage((extno, msg, at) => {
    const slot = slotOf(extno);
    const fence = owned.get(slot);
    if (fence !== undefined) publisher.publish({ kind: 'message', slot, fence, gateway: gatewayId, extno, msg, at });
  });
  /**
   * The last states of agents this gateway let go (lease lost, self-fenced, slot moved), so
   * that re-acquiring them after Redis came back empty does not restart today's counters from
   * zero (rule CL4). Bounded by the roster; an entry goes once the agent is seeded again.
   */
  const released = new Map<string, AgentState>();

  // After a reconnect (Redis may have restarted empty) every owned agent is published again, and
  // the released ones are offered to whoever acquires them (HSETNX: a newer state wins), as not
  // linked (`stale`) and with fence 0, so a web node that knows a newer state ignores them.
  let sawReady = false;
  redis.on('ready', () => {
    if (sawReady) {
      for (const a of floor.state.agents.values()) publishAgent(a);
      offerReleased();
    }
    sawReady = true;
  });
  const offerReleased = (): void => {
    if (released.size === 0) return;
    const p = redis.pipeline();
    const t = now();
    for (const a of released.values()) {
      const agent = { ...a, link: 'stale' as const, linkSince: t };
      p.hsetnx(keys.floor, a.extno, floorValue(encodeEntry({ kind: 'agent', slot: slotOf(a.extno), fence: 0, gateway: gatewayId, agent })));
    }
    p.exec().catch(() => undefined); // Redis gone again: the next reconnect offers them again
  };

  /** Agents being handed over right now (the floor's listeners run synchronously inside `step`). */
  const handingOver = new Set<string>();
  const handover = (step: () => void, extnos: readonly string[]): void => {
    for (const e of extnos) handingOver.add(e);
    try {
      step();
    } finally {
      handingOver.clear();
    }
  };

  const ownedEntries = (): RosterEntry[] => roster.filter((e) => owned.has(slotOf(e.extno)));

  /** Last published states of agents about to be linked here (their previous gateway's work). */
  async function seeds(extnos: string[]): Promise<AgentState[]> {
    if (extnos.length === 0) return [];
    try {
      const values = await redis.hmget(keys.floor, ...extnos);
      const out: AgentState[] = [];
      values.forEach((v, i) => {
        const d = v === null ? null : decodeFloorValue(v);
        // Missing from the hash (Redis restarted empty): this gateway's own last state, if any.
        const state = d?.ok && d.entry.kind === 'agent' ? d.entry.agent : released.get(extnos[i]!);
        if (state) out.push(state);
      });
      return out;
    } catch {
      // Redis unreachable: this gateway's own last states, or new agents whose counters rebuild
      // from the call system's frames.
      return extnos.flatMap((e) => released.get(e) ?? []);
    }
  }

  function onOwned(next: ReadonlyMap<number, number>): void {
    const before = new Set(floor.state.agents.keys());
    owned = next;
    const gen = ++generation;
    const entries = ownedEntries();
    const gained = entries.filter((e) => !before.has(e.extno)).map((e) => e.extno);
    const kept = new Set(entries.map((e) => e.extno));
    for (const extno of before) {
      const state = floor.state.agents.get(extno);
      if (!kept.has(extno) && state) released.set(extno, state);
    }
    // Lost slots: links close now, synchronously, before the lease is released (safety rule).
    // The agents leave this floor but not the roster: the history is not told they were removed.
    // (An agent gone from the roster itself is a removal, recorded as such.)
    const listed = new Set(roster.map((e) => e.extno));
    handover(() => floor.setRoster(entries.filter((e) => before.has(e.extno))), [...before].filter((e) => !kept.has(e) && listed.has(e)));
    if (gained.length === 0) return;
    void seeds(gained).then((states) => {
      if (gen !== generation) return onOwned(owned); // ownership moved meanwhile: redo with the latest
      const t = now();
      floor.setRoster(ownedEntries());
      // The seed carries on what the previous holder recorded: only what happens after it is news.
      handover(() => {
        for (const s of states) {
          released.delete(s.extno);
          floor.ingest({ ...s, link: 'connecting', linkSince: t, lastNoticeAt: null }, t);
        }
      }, states.map((s) => s.extno));
      log.info({ gateway: gatewayId, slots: owned.size, agents: floor.size(), seeded: states.length }, 'gateway share changed');
    });
  }

  const ownership = new SlotOwnership({ redis: opts.leaseRedis, keys, gatewayId, ttlMs: opts.ttlMs, onOwned, log });
  ownership.start();

  return {
    ownership,
    setRoster(entries) {
      roster = entries;
      const listed = new Set(entries.map((e) => e.extno));
      for (const extno of released.keys()) if (!listed.has(extno)) released.delete(extno);
      onOwned(owned);
    },
    status: () => ({ ...ownership.status(), linked: floor.size(), publisher: publisher.stats() }),
    handingOver: (extno) => handingOver.has(extno),
    async close(release = true) {
      await ownership.stop(release);
      await publisher.flush();
      publisher.close();
      offChange();
      offMessage();
      roster = [];
    },
  };
}
