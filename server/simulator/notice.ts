/**
 * Building `notice` frames cheaply: at 10,000 agents and 1 Hz this runs 10,000 times a
 * second, so the constant parts are built once and only the digits are joined per frame.
 */
import { type StatusCode } from '@/lib/domain/status';

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

const PREFIX: readonly string[] = [0, 1, 2, 3].map((s) => `{"method":"notice","status":${s},"time":"`);

/** Whole seconds as `HH:MM:SS`; hours grow past 99 (`123:04:05`) as a real feed may. */
export function formatHms(totalSeconds: number): string {
  const s = totalSeconds > 0 ? Math.floor(totalSeconds) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h < 100 ? PAD2[h] : String(h)}:${PAD2[m]}:${PAD2[sec]}`;
}

/** `{"method":"notice","status":N,"time":"HH:MM:SS"}` for a state entered `elapsedMs` ago. */
export function noticeFrame(status: StatusCode, elapsedMs: number): string {
  return `${PREFIX[status]}${formatHms(elapsedMs / 1000)}"}`;
}
