/**
 * The `today` counters of one agent: zeroed on the first event or sweep of a new
 * centre-local day (behaviour rule C1), and added to when a status is left (C2-C4).
 */
import { dayKey } from '@/lib/domain/day';
import { patchAgent } from './agent-patch';
import type { AgentCounters, AgentState } from './types';

export const ZERO_COUNTERS: AgentCounters = Object.freeze({ calls: 0, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0, idleSeconds: 0 });

/** The agent with its counters moved to the day of `now` (the same object when already there). */
export function rollDay(a: AgentState, now: number, timeZone: string): AgentState {
  const day = dayKey(now, timeZone);
  if (day === a.countersDay) return a;
  return patchAgent(a, { countersDay: day, today: ZERO_COUNTERS });
}

/** Whole seconds between two epoch-ms instants, never negative (clock skew, reordered frames). */
export function spanSeconds(from: number, to: number): number {
  return to > from ? Math.round((to - from) / 1000) : 0;
}

function counters(calls: number, talkSeconds: number, wrapSeconds: number, longestIdleSeconds: number, idleSeconds: number): AgentCounters {
  return { calls, talkSeconds, wrapSeconds, longestIdleSeconds, idleSeconds };
}

export function addCall(c: AgentCounters): AgentCounters {
  return counters(c.calls + 1, c.talkSeconds, c.wrapSeconds, c.longestIdleSeconds, c.idleSeconds);
}

export function addTalk(c: AgentCounters, seconds: number): AgentCounters {
  return seconds === 0 ? c : counters(c.calls, c.talkSeconds + seconds, c.wrapSeconds, c.longestIdleSeconds, c.idleSeconds);
}

export function addWrap(c: AgentCounters, seconds: number): AgentCounters {
  return seconds === 0 ? c : counters(c.calls, c.talkSeconds, c.wrapSeconds + seconds, c.longestIdleSeconds, c.idleSeconds);
}

export function addIdle(c: AgentCounters, seconds: number): AgentCounters {
  if (seconds === 0) return c;
  return counters(c.calls, c.talkSeconds, c.wrapSeconds, Math.max(c.longestIdleSeconds, seconds), c.idleSeconds + seconds);
}
