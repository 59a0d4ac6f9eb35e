/**
 * "Every board ends identical to the server": each agent reduced to the fields a board shows
 * and that only change with the floor (status, stateSince, link, the call's session), keyed by
 * extension. `lastFrameAt` is left out on purpose: ticks move it on the server without a delta
 * (rule B7), so it is never expected to match.
 */
import type { AgentView } from '@/lib/protocol';

export type AgentKeys = Map<string, string>;

export function viewKey(v: Pick<AgentView, 'status' | 'stateSince' | 'link'> & { call: { sessionId: string } | null }): string {
  return `${v.status}|${v.stateSince}|${v.link}|${v.call?.sessionId ?? '-'}`;
}

interface ApiAgent {
  extno: string;
  team: string;
  status: AgentView['status'];
  stateSince: string;
  link: AgentView['link'];
  call: { sessionId: string } | null;
}

/** The server's floor: each agent's key and team. */
export type ServerFloor = Map<string, { key: string; team: string }>;

/** The server's floor from `GET /api/agents` (stateSince is ISO there, epoch ms on the socket). */
export async function fetchServerFloor(url: string, bearer: string | null): Promise<ServerFloor> {
  const res = await fetch(`${url}/api/agents`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  if (!res.ok) throw new Error(`GET /api/agents: HTTP ${res.status}`);
  const body = (await res.json()) as { agents: ApiAgent[] };
  const floor: ServerFloor = new Map();
  for (const a of body.agents) floor.set(a.extno, { key: viewKey({ ...a, stateSince: Date.parse(a.stateSince) }), team: a.team });
  return floor;
}

/** The keys a board showing `teams` (comma-separated; absent = all) should hold. */
export function keysFor(floor: ServerFloor, teams: string | undefined): AgentKeys {
  const wanted = teams ? new Set(teams.split(',')) : null;
  const keys: AgentKeys = new Map();
  for (const [extno, a] of floor) if (wanted === null || wanted.has(a.team)) keys.set(extno, a.key);
  return keys;
}

/** Agents whose key differs (or is missing on one side). */
export function mismatches(board: AgentKeys, server: AgentKeys): string[] {
  const out: string[] = [];
  for (const [extno, key] of server) if (board.get(extno) !== key) out.push(extno);
  for (const extno of board.keys()) if (!server.has(extno)) out.push(extno);
  return out;
}
