/**
 * Centre-local calendar days: "today" counters and KPI intervals follow the centre's
 * time zone (the call system's stamps are Asia/Shanghai local time), not the server's.
 * Shared by server and browser: no node:* or react imports here.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const MINUTE_MS = 60_000;

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** The UTC minute (epochMs / 60 000, floored) `key` was computed for. */
  minute: number;
  key: string;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const zones = new Map<string, ZoneCache>();

function zoneCache(timeZone: string): ZoneCache {
  let z = zones.get(timeZone);
  if (z === undefined) {
    // Throws RangeError for an unknown zone: callers validate their config with it.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hourCycle: 'h23',
    });
    z = { format, minute: Number.NaN, key: '' };
    zones.set(timeZone, z);
  }
  return z;
}

function formatKey(format: Intl.DateTimeFormat, epochMs: number): string {
  let y = '';
  let mo = '';
  let d = '';
  for (const part of format.formatToParts(epochMs)) {
    if (part.type === 'year') y = part.value;
    else if (part.type === 'month') mo = part.value;
    else if (part.type === 'day') d = part.value;
  }
  return `${y.padStart(4, '0')}-${mo}-${d}`;
}

/**
 * `YYYY-MM-DD` of `epochMs` in `timeZone`. Called for every event the reducer applies, so
 * the last answer per zone is cached per UTC minute: every zone in use today is offset from
 * UTC by whole minutes, so a local date can only change on a UTC minute boundary.
 */
export function dayKey(epochMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const z = zoneCache(timeZone);
  const minute = Math.floor(epochMs / MINUTE_MS);
  if (minute !== z.minute) {
    z.key = formatKey(z.format, epochMs);
    z.minute = minute;
  }
  return z.key;
}

/** Whether `timeZone` is an IANA zone this runtime knows (for config validation). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    zoneCache(timeZone);
    return true;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
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
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `epochMs`: the one place server and browser read it. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(epochMs: number, timeZone: string = DEFAULT_TIME_ZONE): WallClock {
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

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD HH:mm:ss` in the centre's zone, the form the call system's own stamps use. */
export function localStamp(epochMs: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = wallClock(epochMs, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}
