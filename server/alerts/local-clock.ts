/**
 * Centre-local minute of the day, for quiet hours and shift hours. Read once per engine tick,
 * so the answer is cached per zone and UTC minute: every zone in use is offset from UTC by whole
 * minutes, so the local minute only changes on a UTC minute boundary (as lib/domain/day.ts does).
 */
interface ZoneMinute {
  format: Intl.DateTimeFormat;
  utcMinute: number;
  local: number;
}

const zones = new Map<string, ZoneMinute>();

/** Minutes after local midnight (0-1439) of `epochMs` in `timeZone`. Throws RangeError for an unknown zone. */
export function localMinuteOfDay(epochMs: number, timeZone: string): number {
  let z = zones.get(timeZone);
  if (z === undefined) {
    z = {
      format: new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      utcMinute: Number.NaN,
      local: 0,
    };
    zones.set(timeZone, z);
  }
  const utcMinute = Math.floor(epochMs / 60_000);
  if (utcMinute !== z.utcMinute) {
    let h = 0;
    let m = 0;
    for (const part of z.format.formatToParts(epochMs)) {
      if (part.type === 'hour') h = Number(part.value);
      else if (part.type === 'minute') m = Number(part.value);
    }
    z.local = (h % 24) * 60 + m;
    z.utcMinute = utcMinute;
  }
  return z.local;
}
