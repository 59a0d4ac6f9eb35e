/** Per-team colour tiers on the board (lib/client/tier-config.ts, docs/board.md "Colour thresholds"). */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIER_THRESHOLDS, secondsToNextTier, setTeamThresholds, tierFor, tierThresholdsFor } from '@/lib/client/tier-config';

afterEach(() => setTeamThresholds({}));

describe('per-team colour tiers', () => {
  it("TC-1: a team's override changes only that team and status; other teams and statuses keep the defaults", () => {
    setTeamThresholds({ A: { idle: [5, 10, 20] } });
    expect(tierFor('idle', 12, 'A')).toBe(2);
    expect(tierFor('idle', 12, 'B')).toBe(0);
    expect(tierFor('wrap_up', 61, 'A')).toBe(2);
    expect(secondsToNextTier('idle', 12, 'A')).toBe(8);
    expect(tierThresholdsFor('A').signed_out).toBeNull();
  });

  it('TC-2: a new table replaces the previous one; an empty table is the defaults everywhere', () => {
    setTeamThresholds({ A: { idle: [5, 10, 20] } });
    setTeamThresholds({ B: { on_call: [1, 2, 3] } });
    expect(tierThresholdsFor('A')).toBe(DEFAULT_TIER_THRESHOLDS);
    expect(tierFor('on_call', 2, 'B')).toBe(2);
    setTeamThresholds({});
    expect(tierThresholdsFor('B')).toBe(DEFAULT_TIER_THRESHOLDS);
  });
});
