/** Number formatting for KPI figures. Shared by server and browser. */

/** A ratio 0..1 as a whole percentage (`82%`), or an em dash when there is nothing to divide. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

/** Integers with thin grouping that reads the same in both languages (12,345). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
