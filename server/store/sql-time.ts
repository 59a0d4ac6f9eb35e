/**
 * Times cross the driver boundary as ISO strings (parameters) and come back as Date (rows).
 * Everything above the repositories speaks epoch ms, like the live state.
 */

/** Epoch ms -> an ISO string both drivers cast to timestamptz exactly (ms precision). */
export function toTs(ms: number): string {
  return new Date(ms).toISOString();
}

export function toTsOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : toTs(ms);
}

/** A timestamptz column value -> epoch ms. */
export function fromTs(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

export function fromTsOrNull(value: Date | string | null | undefined): number | null {
  return value === null || value === undefined ? null : fromTs(value);
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
