/**
 * Durations as the board shows them. Wall-boards are read from across the room, so the
 * format never changes width within a range: `MM:SS` under an hour, `H:MM:SS` from one hour.
 * Shared by server and browser: no node:* or react imports here.
 */

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `MM:SS` under an hour, `H:MM:SS` from one hour (the shared definition, lib/domain/time.ts). */
export { formatDuration } from '@/lib/domain/time';

/** Whole seconds between two epoch-ms stamps, never negative (a clock offset can make it so). */
export function elapsedSeconds(since: number, now: number): number {
  const s = Math.floor((now - since) / 1000);
  return s > 0 ? s : 0;
}

/**
 * A short human duration for averages and "no data for N s" lines: `42s`, `3m 05s`, `1h 02m`.
 * Units are passed in so the caller's language picks them.
 */
export function formatShortDuration(
  totalSeconds: number,
  units: { h: string; m: string; s: string } = { h: 'h', m: 'm', s: 's' },
): string {
  const t = Number.isFinite(totalSeconds) && totalSeconds > 0 ? Math.round(totalSeconds) : 0;
  if (t < 60) return `${t}${units.s}`;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  if (h > 0) return `${h}${units.h} ${pad2(m)}${units.m}`;
  return `${m}${units.m} ${pad2(s)}${units.s}`;
}
