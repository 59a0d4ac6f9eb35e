/**
 * When silence makes a live link stale (behaviour rule L3). A ticking feed (notices every few
 * seconds at most) that stops ticking is suspicious; an on-change-only feed is silent by
 * design, and the link manager's ping/pong heartbeat reports a dead socket as down instead.
 */
import type { AgentState, FloorOptions } from './types';

/** A feed whose smoothed notice interval is at most this is "ticking". */
export const TICKING_MAX_INTERVAL_MS = 5000;
/** Never call a ticking feed stale sooner than this (GC pauses, a busy call system). */
export const MIN_STALE_AFTER_MS = 10_000;

/** The silence (ms) after which the agent's live link counts as stale, or null if silence never does. */
export function staleLimitMs(a: AgentState, options: Readonly<FloorOptions>): number | null {
  const interval = a.noticeIntervalMs;
  if (interval === null || interval > TICKING_MAX_INTERVAL_MS) return null;
  return options.staleAfterMs ?? Math.max(MIN_STALE_AFTER_MS, 3 * interval);
}

export function isStale(a: AgentState, now: number, options: Readonly<FloorOptions>): boolean {
  if (a.link !== 'live') return false;
  const limit = staleLimitMs(a, options);
  if (limit === null) return false;
  // Silence counts from the later of the last frame and the link going live (a fresh
  // reconnect has not been silent for as long as its last frame is old).
  const since = Math.max(a.lastFrameAt ?? a.linkSince, a.linkSince);
  return now - since > limit;
}
