/**
 * Colour tiers by time in state, per status. A tile's colour deepens as the agent stays in a
 * state, so a supervisor sees from across the room who has waited or written up too long.
 *
 * Defaults follow VICIdial's real-time report habit (idle and on-call colours change at
 * 10 s / 60 s / 300 s) with the brief's values, and a wrap-up overrun tier measured in minutes:
 * contact centres average about 45 s of wrap-up, and a form left open for minutes is the
 * thing a team lead must walk over to fix.
 *
 * Per-team overrides are a later feature: `tierThresholdsFor(team)` is the one place to add them.
 */
import type { AgentStatus } from '@/lib/domain/status';

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

/** Thresholds for one team (the same for every team until overrides arrive). */
export function tierThresholdsFor(_team: string): Readonly<Record<AgentStatus, TierThresholds>> {
  return DEFAULT_TIER_THRESHOLDS;
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
