/**
 * When calls last connected, per team: the input of the "no calls on the floor" rule. Fed from
 * the floor service's change listener (a call is counted when an agent's `today.calls` grows),
 * because the floor state keeps only today's totals, not when the last call came.
 */
import type { AgentState } from '@/server/state/types';

export class CallClock {
  private readonly lastByTeam = new Map<string, number>();

  /** `watchingSince`: before it nothing was seen, so silence is counted from it at the earliest. */
  constructor(private readonly watchingSince: number) {}

  /** A call connected for an agent of `team` at `at`. */
  record(team: string, at: number): void {
    const prev = this.lastByTeam.get(team);
    if (prev === undefined || at > prev) this.lastByTeam.set(team, at);
  }

  /** AgentChangeListener-shaped: counts a call when the counter of the same day grows. */
  onAgentChange(prev: AgentState | undefined, next: AgentState, at: number): void {
    if (prev !== undefined && next.countersDay === prev.countersDay && next.today.calls > prev.today.calls) this.record(next.team, at);
  }

  /** The later of the last call among `teams` (null: all) and when watching began. */
  quietSince(teams: ReadonlySet<string> | null): number {
    let last = this.watchingSince;
    if (teams === null) {
      for (const at of this.lastByTeam.values()) if (at > last) last = at;
    } else {
      for (const team of teams) {
        const at = this.lastByTeam.get(team);
        if (at !== undefined && at > last) last = at;
      }
    }
    return last;
  }
}
