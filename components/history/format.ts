/** How the history page writes its figures: durations as the board's timers, ratios as percentages, times in the centre's zone. */
import { formatClockMinutes } from '@/lib/format/centre-time';
import { formatDuration } from '@/lib/format/duration';

export { formatPercent } from '@/lib/format/number';

/** Seconds as `MM:SS` / `H:MM:SS`, or an em dash when there is nothing to show. */
export function formatSeconds(seconds: number | null): string {
  return seconds === null || !Number.isFinite(seconds) ? '—' : formatDuration(seconds);
}

/** An interval's start as `HH:MM` in the centre's zone. */
export function intervalLabel(start: number, timeZone: string): string {
  return formatClockMinutes(start, timeZone);
}

/** Average agents with one decimal. */
export function formatAgents(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}
