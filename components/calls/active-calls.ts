/** The open calls of the floor, sortable (pure: tested without React). */
import type { AgentView, CallSummary } from '@/lib/protocol';

export const CALL_COLUMNS = ['agent', 'team', 'city', 'duration', 'project'] as const;
export type CallColumn = (typeof CALL_COLUMNS)[number];
export type SortDir = 'asc' | 'desc';

export interface OpenCall {
  agent: AgentView;
  call: CallSummary;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Calls still on the line (a call in wrap-up has ended: it is not an active call). */
export function openCalls(agents: Iterable<AgentView>): OpenCall[] {
  const out: OpenCall[] = [];
  for (const agent of agents) if (agent.call && agent.call.endedAt === null) out.push({ agent, call: agent.call });
  return out;
}

export function sortCalls(calls: OpenCall[], column: CallColumn, dir: SortDir): OpenCall[] {
  const sign = dir === 'asc' ? 1 : -1;
  const key = (x: OpenCall, y: OpenCall): number => {
    switch (column) {
      case 'agent':
        return collator.compare(x.agent.name, y.agent.name);
      case 'team':
        return collator.compare(x.agent.team, y.agent.team);
      case 'city':
        return collator.compare(x.call.city, y.call.city);
      case 'duration':
        // Longer calls connected earlier.
        return y.call.connectedAt - x.call.connectedAt;
      case 'project':
        return x.call.projectId - y.call.projectId;
      default: {
        const never: never = column;
        throw new Error(`unexpected column ${String(never)}`);
      }
    }
  };
  return [...calls].sort((x, y) => sign * key(x, y) || collator.compare(x.agent.extno, y.agent.extno));
}
