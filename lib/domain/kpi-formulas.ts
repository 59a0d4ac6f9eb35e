/**
 * The KPI formulas, ONE module for the live header (lib/domain/kpi.ts floorKpis and
 * agentDayStats) and the history charts and tables (server/store/repos/kpi-queries.ts): SQL and
 * the live counters produce raw sums; everything that divides is here (docs/kpi.md).
 * Pure and import-free, so the browser and the server import the same code:
 *
 * - occupancy = (on call + wrap-up) / (on call + wrap-up + idle), null with no signed-in time;
 * - average talk (per-agent day table) = talk seconds / calls connected, as agentDayStats();
 * - average talk / wrap-up per interval = length of the talk / wrap-up periods that ENDED in the
 *   interval / their number (a call straddling 10:15 counts once, whole, in the interval it ended);
 * - agents by status per interval = seconds in that status / elapsed seconds of the interval
 *   (an average head-count, e.g. 12.5 agents idle on average between 10:00 and 10:15).
 */

export interface StatusSeconds {
  idleSeconds: number;
  onCallSeconds: number;
  wrapUpSeconds: number;
}

/** Divide, or null when the denominator is not positive. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function signedInSeconds(s: StatusSeconds): number {
  return s.idleSeconds + s.onCallSeconds + s.wrapUpSeconds;
}

export function occupancy(s: StatusSeconds): number | null {
  return ratio(s.onCallSeconds + s.wrapUpSeconds, signedInSeconds(s));
}

/** Mean length of `count` periods totalling `totalSeconds`. */
export function averageSeconds(totalSeconds: number, count: number): number | null {
  return ratio(totalSeconds, count);
}

/** Average number of agents in a status over an interval; 0 before the interval has begun. */
export function averageAgents(statusSeconds: number, elapsedSeconds: number): number {
  return ratio(statusSeconds, elapsedSeconds) ?? 0;
}

/**
 * Split [from, to) over consecutive buckets of `bucketMs` starting at `origin`; calls
 * add(index, seconds) for each bucket it overlaps (indices outside [0, count) are skipped).
 */
export function sliceIntoBuckets(
  from: number,
  to: number,
  origin: number,
  bucketMs: number,
  count: number,
  add: (index: number, seconds: number) => void,
): void {
  if (!(to > from)) return;
  const first = Math.max(0, Math.floor((from - origin) / bucketMs));
  const last = Math.min(count - 1, Math.floor((to - 1 - origin) / bucketMs));
  for (let i = first; i <= last; i++) {
    const b0 = origin + i * bucketMs;
    const seconds = (Math.min(to, b0 + bucketMs) - Math.max(from, b0)) / 1000;
    if (seconds > 0) add(i, seconds);
  }
}
