/**
 * Reconnect delays for upstream links: exponential with FULL jitter and a cap
 * (AWS Architecture Blog, "Exponential Backoff And Jitter").
 *
 *   delay(attempt) = random(0, min(capMs, baseMs * 2^attempt))
 *
 * Full jitter rather than "equal" or no jitter: after a mass disconnect thousands of
 * links fail together, and only a delay drawn from the whole window spreads their
 * retries evenly instead of in synchronized waves. Pure: `random` is injected.
 */

export interface BackoffOptions {
  /** Window of the first retry (attempt 0), ms. */
  baseMs: number;
  /** Largest window, ms: no retry waits longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ baseMs: 1_000, capMs: 30_000 });

/** The upper bound of the delay window for a 0-based attempt. */
export function backoffCeiling(attempt: number, options: BackoffOptions): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2^n overflows to Infinity for large n; Math.min then keeps the cap, so no special case.
  return Math.max(0, Math.min(options.capMs, options.baseMs * 2 ** n));
}

/**
 * The delay before retry number `attempt` (0-based), an integer in [0, ceiling).
 * `random` must return a value in [0, 1), like Math.random.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, options);
  // Clamp a misbehaving injected random into [0, 1) so the delay never leaves its window.
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}
