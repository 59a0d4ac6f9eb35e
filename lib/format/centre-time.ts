/**
 * Wall-clock time in the call centre's time zone. The call system stamps local
 * `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai, and a time on the board ("stale since 14:03:22")
 * means the centre's clock, not the viewer's (a remote supervisor's laptop may sit elsewhere).
 * Server and browser format the same way, so server-rendered text hydrates without a mismatch.
 * Shared by server and browser: no node:* or react imports here.
 */
import { DEFAULT_TIME_ZONE, pad2, wallClock } from '@/lib/domain/day';

/** The centre's IANA zone; a build may override it with NEXT_PUBLIC_CENTRE_TIME_ZONE. */
export const CENTRE_TIME_ZONE: string = process.env.NEXT_PUBLIC_CENTRE_TIME_ZONE || DEFAULT_TIME_ZONE;

/** `HH:MM:SS` in the centre's zone (e.g. "stale since 14:03:22"). */
export function formatClockTime(epochMs: number, timeZone: string = CENTRE_TIME_ZONE): string {
  const p = wallClock(epochMs, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** `HH:MM` in the centre's zone (announcement stamps). */
export function formatClockMinutes(epochMs: number, timeZone: string = CENTRE_TIME_ZONE): string {
  const p = wallClock(epochMs, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}
