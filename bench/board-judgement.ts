/**
 * How the board frames benchmark judges a run (issue 4), kept apart from the browser driving
 * (board-frames.ts) so the rule is tested on its own (test/client/board-judgement.test.ts).
 *
 * `requestAnimationFrame` timestamps on a 60 Hz display are 16.6-16.8 ms apart on a page doing
 * nothing (the trivial baseline pages read p95 16.8 ms): a fixed 16.7 ms bar would call one
 * frame period plus timestamp jitter a miss. So the display's period is measured (the median
 * interval), an interval longer than 1.5 periods is a dropped frame, and the p95 target reads
 * "p95 interval within one frame period (+1 ms timestamp jitter)". The raw figures are always
 * printed beside the judgement.
 */

/** An interval longer than this many periods means at least one frame was not produced. */
export const DROPPED_FACTOR = 1.5;
/** Timestamp jitter allowed on the p95 interval above one frame period. */
export const P95_JITTER_MS = 1;
/** Targets of issue 4: p99 interval and the longest long animation frame. */
export const P99_TARGET_MS = 33;
export const LOAF_TARGET_MS = 50;

export interface FrameFigures {
  frames: number;
  /** The display's frame period: the median interval. */
  periodMs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Intervals over DROPPED_FACTOR periods, as a share of all intervals (0-100). */
  droppedPct: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function frameFigures(intervals: readonly number[]): FrameFigures {
  const sorted = [...intervals].sort((a, b) => a - b);
  const periodMs = percentile(sorted, 50);
  const dropped = sorted.filter((ms) => ms > DROPPED_FACTOR * periodMs).length;
  return {
    frames: sorted.length,
    periodMs,
    p50: periodMs,
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    droppedPct: sorted.length ? (100 * dropped) / sorted.length : NaN,
  };
}

/** What failed, in words (empty: every target met). */
export function missedTargets(f: FrameFigures, loafCount: number, loafMaxMs: number): string[] {
  const missed: string[] = [];
  if (!(f.p95 <= f.periodMs + P95_JITTER_MS)) missed.push(`p95 ${f.p95.toFixed(1)} ms over one frame period (${f.periodMs.toFixed(1)} ms) + ${P95_JITTER_MS} ms`);
  if (!(f.p99 <= P99_TARGET_MS)) missed.push(`p99 ${f.p99.toFixed(1)} ms over ${P99_TARGET_MS} ms`);
  if (loafCount > 0) missed.push(`${loafCount} long animation frames (longest ${loafMaxMs.toFixed(1)} ms; target: none over ${LOAF_TARGET_MS} ms)`);
  return missed;
}
