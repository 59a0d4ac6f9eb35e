/**
 * Centre-local calendar days as `YYYY-MM-DD` strings (the history page's day picker and the
 * history API's `day=`). Pure date arithmetic on the calendar, no time zone involved: the day
 * before 2026-03-01 is 2026-02-28 wherever the centre is. Shared by server and browser.
 */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar day `YYYY-MM-DD` (years 2000-2999: what a call centre keeps). */
export function isCalendarDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2999) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The day `n` days after `day` (negative: before). */
export function shiftDay(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return date.toISOString().slice(0, 10);
}
