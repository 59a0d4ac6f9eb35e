/** Builders for client tests: agents, snapshots and deltas with sensible defaults. */
import type { AgentView, FloorDelta, FloorSnapshot } from '@/lib/protocol';

export const T0 = Date.UTC(2025, 5, 16, 2, 0, 0); // 10:00 in Shanghai

export function agent(extno: string, over: Partial<AgentView> = {}): AgentView {
  return {
    extno,
    name: `Agent ${extno}`,
    team: 'A',
    status: 'idle',
    stateSince: T0,
    link: 'live',
    linkSince: T0 - 3_600_000,
    lastFrameAt: T0,
    call: null,
    today: { calls: 0, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0 },
    pendingSignOut: false,
    ...over,
  };
}

export function snapshot(seq: number, agents: AgentView[], serverTime = T0): FloorSnapshot {
  return { seq, epoch: 'test.1', serverTime, agents, announcements: [] };
}

export function delta(seq: number, upserts: AgentView[] = [], removed: string[] = [], serverTime = T0): FloorDelta {
  return { seq, serverTime, upserts, removed };
}
