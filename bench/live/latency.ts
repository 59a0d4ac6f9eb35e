/**
 * End-to-end latency: the simulator's status changes (extension, new status, epoch ms when the
 * simulator moved the agent) matched with a probe board's observations (extension, status seen,
 * epoch ms when the probe held the delta). Both clocks are the host's wall clock (Date.now in
 * two processes on one machine), so the difference is the path call system -> Floorboard ->
 * Socket.IO -> decoded board, at millisecond resolution.
 *
 * Per agent, in order: an observation matches the earliest not-yet-matched change to the status
 * it shows that happened no later than it was seen (1 ms clock tolerance). Changes skipped over
 * by a match were superseded within one batch (rule B3: last write wins), counted as coalesced,
 * not as latency samples. A change that was neither matched nor superseded, though it happened
 * well before the window closed, is missing: a lost change.
 */

export interface LatencyResult {
  /** Latencies of matched changes, ms, sorted ascending. */
  samples: number[];
  transitions: number;
  matched: number;
  coalesced: number;
  missing: number;
  /** Observations with no change to match (a change from just before the window). */
  unmatchedObservations: number;
}

const CLOCK_TOLERANCE_MS = 1;

/**
 * `transitions` and `observations` are flat triples [extno, status code, epoch ms]. Changes are
 * taken from [from, to]; observations from `from` on (those after `to` only to match changes
 * made before it), and changes later than `to - settleMs` that were not seen are not counted
 * missing (still in flight at the end).
 */
export function matchLatencies(
  transitions: readonly number[],
  observations: readonly number[],
  window: { from: number; to: number; settleMs: number },
): LatencyResult {
  const changes = new Map<number, { to: number; at: number }[]>();
  let count = 0;
  for (let i = 0; i + 2 < transitions.length; i += 3) {
    const at = transitions[i + 2]!;
    if (at < window.from || at > window.to) continue;
    const extno = transitions[i]!;
    let list = changes.get(extno);
    if (!list) changes.set(extno, (list = []));
    list.push({ to: transitions[i + 1]!, at });
    count++;
  }
  const seen = new Map<number, { status: number; t: number }[]>();
  for (let i = 0; i + 2 < observations.length; i += 3) {
    const t = observations[i + 2]!;
    if (t < window.from) continue;
    const extno = observations[i]!;
    let list = seen.get(extno);
    if (!list) seen.set(extno, (list = []));
    list.push({ status: observations[i + 1]!, t });
  }

  const samples: number[] = [];
  let coalesced = 0;
  let missing = 0;
  let unmatchedObservations = 0;
  for (const list of changes.values()) list.sort((a, b) => a.at - b.at);
  for (const [extno, obs] of seen) {
    const list = changes.get(extno) ?? [];
    let last = -1;
    for (const o of obs) {
      let k = last + 1;
      while (k < list.length && list[k]!.at <= o.t + CLOCK_TOLERANCE_MS && list[k]!.to !== o.status) k++;
      if (k < list.length && list[k]!.at <= o.t + CLOCK_TOLERANCE_MS) {
        samples.push(Math.max(0, o.t - list[k]!.at));
        coalesced += k - last - 1;
        last = k;
      } else if (o.t <= window.to) {
        unmatchedObservations++;
      }
    }
    for (let k = last + 1; k < list.length; k++) if (list[k]!.at <= window.to - window.settleMs) missing++;
  }
  for (const [extno, list] of changes) {
    if (seen.has(extno)) continue;
    for (const c of list) if (c.at <= window.to - window.settleMs) missing++;
  }
  samples.sort((a, b) => a - b);
  return { samples, transitions: count, matched: samples.length, coalesced, missing, unmatchedObservations };
}

/** The q-quantile (0..1) of an ascending array (nearest rank); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
