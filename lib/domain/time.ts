/**
 * Durations as the call system writes them (`H:MM:SS`) and as the board shows them.
 * Shared by server and browser: no node:* or react imports here.
 */

/**
 * Hours take 1 to 5 digits: a real feed may pass 99 hours (an agent signed out over a long
 * weekend), and the doc's `HH` is only an example. Minutes and seconds are strict 00-59.
 */
const HMS = /^(\d{1,5}):([0-5]\d):([0-5]\d)$/;

/** `'00:04:17'` -> 257; anything that is not `H+:MM:SS` -> null. */
export function parseHms(text: string): number | null {
  const m = HMS.exec(text);
  if (m === null) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * `MM:SS` under an hour, `H:MM:SS` from an hour on. Negative or non-finite input shows as
 * `00:00` (a clock skew between server and browser must not print `-1:59`); fractions are
 * floored so a ticking timer changes exactly once per whole second.
 */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}
