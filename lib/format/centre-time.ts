/**
 * Wall-clock time in the call centre's time zone. The call system stamps local
 * `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai, and a time on the board ("stale since 14:03:22")
 * means the centre's clock, not the viewer's (a remote supervisor's laptop may sit elsewhere).
 * Server and browser format the same way, so server-rendered text hydrates without a mismatch.
 * Shared by server and browser: no node:* or react imports here.
 */
import { DEFAULT_TIME_ZONE } from '@/lib/domain/day';

/** The centre's IANA zone; a build may override it with NEXT_PUBLIC_CENTRE_TIME_ZONE. */
export const CENTRE_TIME_ZONE: string = process.env.NEXT_PUBLIC_CENTRE_TIME_ZONE || DEFAULT_TIME_ZONE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(epochMs: number, timeZone: string): WallParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS` in the centre's zone (e.g. "stale since 14:03:22"). */
export function formatClockTime(epochMs: number, timeZone: string = CENTRE_TIME_ZONE): string {
  const p = wallParts(epochMs, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** `HH:MM` in the centre's zone (announcement stamps). */
export function formatClockMinutes(epochMs: number, timeZone: string = CENTRE_TIME_ZONE): string {
  const p = wallParts(epochMs, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}
