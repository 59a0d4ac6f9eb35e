/**
 * Colour tiers by time in state, per status. A tile's colour deepens as the agent stays in a
 * state, so a supervisor sees from across the room who has waited or written up too long.
 *
 * Defaults follow VICIdial's real-time report habit (idle and on-call colours change at
 * 10 s / 60 s / 300 s) with the brief's values, and a wrap-up overrun tier measured in minutes:
 * contact centres average about 45 s of wrap-up, and a form left open for minutes is the
 * thing a team lead must walk over to fix.
 *
 * Per team, managers override any status's three tiers on the admin page (issue #4); the server
 * sends the table to every board (`settings:thresholds`) and the transport hands it to
 * `setTeamThresholds`. `tierThresholdsFor(team)` is the one lookup tiles use.
 */
import type { AgentStatus } from '@/lib/domain/status';
import type { TeamThresholds } from '@/lib/settings/thresholds';

/** 0 = normal; 1..3 = deeper colour. 3 on idle and wrap-up is also an attention alert. */
export type Tier = 0 | 1 | 2 | 3;

/** Seconds in state at which tiers 1, 2 and 3 start (ascending), or null: no tiers. */
export type TierThresholds = readonly [number, number, number] | null;

export const DEFAULT_TIER_THRESHOLDS: Readonly<Record<AgentStatus, TierThresholds>> = Object.freeze({
  idle: [30, 60, 300],
  on_call: [10, 60, 300],
  wrap_up: [30, 60, 180],
  signed_out: null,
  unknown: null,
});

/** Per team: the defaults with the team's overrides on top (built once per table, not per tile). */
let byTeam = new Map<string, Readonly<Record<AgentStatus, TierThresholds>>>();

/** Install the per-team table from the server (replaces the previous one; {} = defaults everywhere). */
export function setTeamThresholds(teams: Readonly<Record<string, TeamThresholds>>): void {
  const next = new Map<string, Readonly<Record<AgentStatus, TierThresholds>>>();
  for (const [team, overrides] of Object.entries(teams)) {
    next.set(team, Object.freeze({ ...DEFAULT_TIER_THRESHOLDS, ...overrides }));
  }
  byTeam = next;
}

/** Thresholds for one team: its overrides where set, the defaults elsewhere. */
export function tierThresholdsFor(team: string): Readonly<Record<AgentStatus, TierThresholds>> {
  return byTeam.get(team) ?? DEFAULT_TIER_THRESHOLDS;
}

export function tierFor(status: AgentStatus, secondsInState: number, team = ''): Tier {
  const t = tierThresholdsFor(team)[status];
  if (!t) return 0;
  if (secondsInState >= t[2]) return 3;
  if (secondsInState >= t[1]) return 2;
  if (secondsInState >= t[0]) return 1;
  return 0;
}

/** Seconds until the tier of this state next changes, or null when it will not (for re-ranking). */
export function secondsToNextTier(status: AgentStatus, secondsInState: number, team = ''): number | null {
  const t = tierThresholdsFor(team)[status];
  if (!t) return null;
  for (const limit of t) if (secondsInState < limit) return limit - secondsInState;
  return null;
}
