/**
 * Which agents a view shows, in which order and in which groups. Pure: the store calls it when
 * the roster changes and once a second (attention depends on time), and keeps the previous
 * result when nothing moved, so the grid re-renders only when the order really changes.
 */
import type { AgentView } from '@/lib/protocol';
import type { AgentStatus } from '@/lib/domain/status';
import { attentionOf, compareAttention, type Attention } from './attention';
import type { BoardOptions } from './board-options';

export type ViewSpec = Pick<BoardOptions, 'teams' | 'statuses' | 'query' | 'sort' | 'group'>;

/** Status groups in reading order; `no_data` holds agents whose feed is not live. */
export const STATUS_GROUP_ORDER = ['idle', 'on_call', 'wrap_up', 'signed_out', 'unknown', 'no_data'] as const;
export type StatusGroup = (typeof STATUS_GROUP_ORDER)[number];

export type AgentGroup =
  | { kind: 'all'; key: 'all'; ids: readonly string[] }
  | { kind: 'team'; key: string; team: string; ids: readonly string[] }
  | { kind: 'status'; key: string; status: StatusGroup; ids: readonly string[] };

const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

const STATUS_RANK: Readonly<Record<AgentStatus, number>> = {
  idle: 0,
  on_call: 1,
  wrap_up: 2,
  signed_out: 3,
  unknown: 4,
};

export function matchesFilter(a: AgentView, spec: Pick<ViewSpec, 'teams' | 'statuses' | 'query'>): boolean {
  if (spec.teams.length && !spec.teams.includes(a.team)) return false;
  if (spec.statuses.length && !spec.statuses.includes(a.status)) return false;
  if (spec.query) {
    const q = spec.query.toLowerCase();
    if (!a.name.toLowerCase().includes(q) && !a.extno.startsWith(q)) return false;
  }
  return true;
}

interface Row {
  a: AgentView;
  att: Attention | null;
}

function byExtno(x: Row, y: Row): number {
  return collator.compare(x.a.extno, y.a.extno);
}

function comparator(sort: ViewSpec['sort']): (x: Row, y: Row) => number {
  switch (sort) {
    case 'attention':
      // Lift who needs attention; everyone else stays put, by extension (centres hand out
      // extension blocks per team, so teammates stay together; group=team makes it explicit).
      return (x, y) => compareAttention(x.att, y.att) || byExtno(x, y);
    case 'time':
      return (x, y) => x.a.stateSince - y.a.stateSince || byExtno(x, y);
    case 'name':
      return (x, y) => collator.compare(x.a.name, y.a.name) || byExtno(x, y);
    case 'extno':
      return byExtno;
    case 'status':
      return (x, y) => STATUS_RANK[x.a.status] - STATUS_RANK[y.a.status] || x.a.stateSince - y.a.stateSince || byExtno(x, y);
    default: {
      const never: never = sort;
      throw new Error(`unexpected sort ${String(never)}`);
    }
  }
}

export function statusGroupOf(a: Pick<AgentView, 'status' | 'link'>): StatusGroup {
  return a.link === 'live' ? a.status : 'no_data';
}

/** Filter, sort and group the agents for one view at server time `now`. */
export function orderAgents(agents: Iterable<AgentView>, spec: ViewSpec, now: number): AgentGroup[] {
  const rows: Row[] = [];
  const needsAttention = spec.sort === 'attention';
  for (const a of agents) {
    if (!matchesFilter(a, spec)) continue;
    rows.push({ a, att: needsAttention ? attentionOf(a, now) : null });
  }
  rows.sort(comparator(spec.sort));
  const ids = (rs: Row[]) => rs.map((r) => r.a.extno);

  switch (spec.group) {
    case 'none':
      return [{ kind: 'all', key: 'all', ids: ids(rows) }];
    case 'team': {
      const byTeam = new Map<string, Row[]>();
      for (const r of rows) {
        const list = byTeam.get(r.a.team);
        if (list) list.push(r);
        else byTeam.set(r.a.team, [r]);
      }
      // Teams in roster order (by their lowest extension): centres hand out extension blocks
      // per team, so 一组 comes before 二组, which a name sort (by pinyin) would not give.
      const first = new Map<string, string>();
      for (const [team, list] of byTeam) {
        let min = list[0]?.a.extno ?? '';
        for (const r of list) if (collator.compare(r.a.extno, min) < 0) min = r.a.extno;
        first.set(team, min);
      }
      return [...byTeam.keys()]
        .sort((x, y) => collator.compare(first.get(x) ?? '', first.get(y) ?? '') || collator.compare(x, y))
        .map((team) => ({ kind: 'team' as const, key: `team:${team}`, team, ids: ids(byTeam.get(team) ?? []) }));
    }
    case 'status': {
      const byStatus = new Map<StatusGroup, Row[]>();
      for (const r of rows) {
        const g = statusGroupOf(r.a);
        const list = byStatus.get(g);
        if (list) list.push(r);
        else byStatus.set(g, [r]);
      }
      return STATUS_GROUP_ORDER.filter((g) => byStatus.has(g)).map((status) => ({
        kind: 'status' as const,
        key: `status:${status}`,
        status,
        ids: ids(byStatus.get(status) ?? []),
      }));
    }
    default: {
      const never: never = spec.group;
      throw new Error(`unexpected group ${String(never)}`);
    }
  }
}

/** Same groups with the same ids in the same order (lets the store keep the old reference). */
export function sameGroups(x: readonly AgentGroup[], y: readonly AgentGroup[]): boolean {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const gx = x[i];
    const gy = y[i];
    if (!gx || !gy || !sameGroup(gx, gy)) return false;
  }
  return true;
}

/** The same group key with the same ids in the same order. */
function sameGroup(gx: AgentGroup, gy: AgentGroup): boolean {
  if (gx.key !== gy.key || gx.ids.length !== gy.ids.length) return false;
  for (let j = 0; j < gx.ids.length; j++) if (gx.ids[j] !== gy.ids[j]) return false;
  return true;
}

/**
 * `next`, with every group whose key and ids are unchanged from `prev` replaced by the `prev`
 * object (and `prev` itself when nothing changed), so the grid re-renders only the teams whose
 * order changed: a memoized slice compares its ids by identity.
 */
export function shareGroups(prev: readonly AgentGroup[], next: readonly AgentGroup[]): readonly AgentGroup[] {
  if (sameGroups(prev, next)) return prev;
  const byKey = new Map(prev.map((g) => [g.key, g]));
  return next.map((g) => {
    const old = byKey.get(g.key);
    return old && sameGroup(old, g) ? old : g;
  });
}

/** All ids of the groups, in order. */
export function flattenGroups(groups: readonly AgentGroup[]): string[] {
  return groups.flatMap((g) => g.ids);
}

/** A stable key for a view spec (the store caches one ordering per key). */
export function viewKey(spec: ViewSpec): string {
  return JSON.stringify([spec.teams, spec.statuses, spec.query, spec.sort, spec.group]);
}
