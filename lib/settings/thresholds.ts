/**
 * Per-team colour tiers by time in state (issue #4): for a team, for each tiered status, the
 * seconds at which tiers 1, 2 and 3 start. A team or status without an entry uses the defaults
 * (lib/client/tier-config.ts). Shared by server and browser: no node:* imports here.
 */
import { z } from 'zod';
import { teamNameSchema } from '@/lib/control/announce';

/** Statuses that have colour tiers (signed-out and unknown have none). */
export const TIERED_STATUSES = ['idle', 'on_call', 'wrap_up'] as const;
export type TieredStatus = (typeof TIERED_STATUSES)[number];

/** A day: a tier starting later than that would never show on a shift. */
export const MAX_TIER_SECONDS = 86_400;
/** Teams with an override at most (a floor has tens). */
export const MAX_THRESHOLD_TEAMS = 500;

const seconds = z.number().int().min(1).max(MAX_TIER_SECONDS);
export const tierTripleSchema = z
  .tuple([seconds, seconds, seconds])
  .refine(([a, b, c]) => a < b && b < c, { error: 'tiers must start in ascending order' });

export const teamThresholdsSchema = z.strictObject({
  idle: tierTripleSchema.optional(),
  on_call: tierTripleSchema.optional(),
  wrap_up: tierTripleSchema.optional(),
});
export type TeamThresholds = z.output<typeof teamThresholdsSchema>;

export const thresholdsByTeamSchema = z
  .record(teamNameSchema, teamThresholdsSchema)
  .refine((teams) => Object.keys(teams).length <= MAX_THRESHOLD_TEAMS, { error: `at most ${MAX_THRESHOLD_TEAMS} teams` });

/** PUT /api/settings/thresholds: the whole table (a team left out goes back to the defaults). */
export const putThresholdsSchema = z.strictObject({ teams: thresholdsByTeamSchema });

export interface ThresholdSettings {
  teams: Readonly<Record<string, TeamThresholds>>;
  /** Epoch ms of the last change, null while the defaults were never changed. */
  updatedAt: number | null;
  updatedBy: { id: string; name: string } | null;
}

export const EMPTY_THRESHOLDS: ThresholdSettings = Object.freeze({ teams: Object.freeze({}), updatedAt: null, updatedBy: null });

/** The stored document (settings key `thresholds/teams`). */
export const thresholdSettingsSchema = z.object({
  teams: thresholdsByTeamSchema,
  updatedAt: z.number().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
