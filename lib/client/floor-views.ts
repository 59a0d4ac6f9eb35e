/**
 * Views derived from the floor (orderings, KPIs, ranks, teams), each cached against the
 * counters the store bumps, so `useSyncExternalStore` gets the same object until something it
 * shows really changed. Holds no listeners and does no IO: the store decides when to notify.
 */
import { floorKpis, type FloorKpis } from '@/lib/domain/kpi';
import type { AgentView } from '@/lib/protocol';
import { attentionOf } from './attention';
import { orderAgents, shareGroups, viewKey, type AgentGroup, type ViewSpec } from './ordering';

/** The header's figures: the shared KPIs plus the board's own attention count. */
export interface BoardKpis extends FloorKpis {
  /** Agents the board lifts to the top (lib/client/attention.ts). */
  attention: number;
}

/** The store's change counters, read at each call. */
export interface FloorStamps {
  /** Bumped whenever any agent changed. */
  version: number;
  /** Bumped when the roster changed (agents added, removed, renamed, moved team). */
  structure: number;
  /** Bumped on each clock tick and each roster change: when orderings may be re-derived. */
  orderStamp: number;
}

interface OrderingCache {
  stamp: number;
  /** `version` when computed (an unchanged floor only re-sorts when time matters). */
  version: number;
  groups: readonly AgentGroup[];
}

export class FloorViews {
  private rankCache: { structure: number; rank: Map<string, number> } = { structure: -1, rank: new Map() };
  private readonly orderings = new Map<string, OrderingCache>();
  private kpiCache = new Map<string, { version: number; now: number; value: BoardKpis }>();
  private teamsCache: { structure: number; teams: readonly string[] } = { structure: -1, teams: [] };
  private listCache: { version: number; list: readonly AgentView[] } = { version: -1, list: [] };

  constructor(
    private readonly agents: ReadonlyMap<string, AgentView>,
    private readonly stamps: () => FloorStamps,
    private readonly serverNow: () => number,
  ) {}

  /** All agents as an array, the same array until something changes. */
  list(): readonly AgentView[] {
    const { version } = this.stamps();
    if (this.listCache.version !== version) this.listCache = { version, list: [...this.agents.values()] };
    return this.listCache.list;
  }

  /**
   * The ordered groups for a view; the same array until the order really changes. Re-derived
   * at most once per `orderStamp` (a clock tick or a roster change), not on every delta.
   */
  groups(spec: ViewSpec): readonly AgentGroup[] {
    const { version, orderStamp } = this.stamps();
    const key = viewKey(spec);
    const cached = this.orderings.get(key);
    if (cached && cached.stamp === orderStamp) return cached.groups;
    // Nothing changed and the order does not depend on time: nothing to re-sort.
    if (cached && cached.version === version && spec.sort !== 'attention') {
      cached.stamp = orderStamp;
      return cached.groups;
    }
    const groups = orderAgents(this.agents.values(), spec, this.serverNow());
    const keep = cached ? shareGroups(cached.groups, groups) : groups;
    if (!cached && this.orderings.size >= 16) this.orderings.clear();
    this.orderings.set(key, { stamp: orderStamp, version, groups: keep });
    return keep;
  }

  /** Roster position (the snapshot's order, then arrivals). */
  rank(extno: string): number {
    const { structure } = this.stamps();
    if (this.rankCache.structure !== structure) {
      const rank = new Map<string, number>();
      let i = 0;
      for (const id of this.agents.keys()) rank.set(id, i++);
      this.rankCache = { structure, rank };
    }
    return this.rankCache.rank.get(extno) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Header KPIs for these teams (empty: all) at server time `now`. */
  kpis(teams: readonly string[], now: number): BoardKpis {
    const { version } = this.stamps();
    const key = teams.join(',');
    const cached = this.kpiCache.get(key);
    if (cached && cached.version === version && cached.now === now) return cached.value;
    const all = this.list();
    const agents = teams.length ? all.filter((a) => teams.includes(a.team)) : all;
    let attention = 0;
    for (const a of agents) if (attentionOf(a, now)) attention += 1;
    const value: BoardKpis = { ...floorKpis(agents, now), attention };
    if (this.kpiCache.size >= 8) this.kpiCache = new Map();
    this.kpiCache.set(key, { version, now, value });
    return value;
  }

  /** Teams present on the floor, sorted. */
  teams(): readonly string[] {
    const { structure } = this.stamps();
    if (this.teamsCache.structure === structure) return this.teamsCache.teams;
    const set = new Set<string>();
    for (const a of this.agents.values()) set.add(a.team);
    const teams = [...set].sort((x, y) => x.localeCompare(y, 'zh-CN', { numeric: true }));
    const prev = this.teamsCache.teams;
    const same = teams.length === prev.length && teams.every((t, i) => t === prev[i]);
    this.teamsCache = { structure, teams: same ? prev : teams };
    return this.teamsCache.teams;
  }
}
