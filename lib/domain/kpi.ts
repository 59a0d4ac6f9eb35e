/**
 * Floor KPI formulas: one definition each, shared by the live board and (later) the history
 * page. docs/kpi.md explains each one in words; the ids here key the i18n labels and the
 * hover definitions, so the screen, the docs and the code say the same thing.
 *
 * Counter semantics (AgentView.today, docs/behaviour-rules.md C1-C4): the server adds a state
 * period to today's counters when the period ends (it does not rebroadcast per second, see
 * architecture point 5), and a period spanning midnight counts wholly on the day it ends.
 * So "today" figures here are the counters plus the current, still running period, counted
 * whole the same way. `calls` counts a call when it is connected.
 *
 * Shared by server and browser: no node:* or react imports here.
 */
import type { AgentView } from '@/lib/protocol';
import { isSignedIn, type AgentStatus } from './status';
import { averageSeconds, occupancy, ratio } from './kpi-formulas';

export const KPI_IDS = [
  'signedIn',
  'idle',
  'onCall',
  'wrapUp',
  'signedOut',
  'unknown',
  'noData',
  'longestIdle',
  'longestWrap',
  'callsToday',
  'callsLast15m',
  'avgTalk',
  'avgWrap',
  'occupancy',
  'attention',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

/** The part of an agent the KPIs read. */
export type KpiAgent = Pick<AgentView, 'extno' | 'status' | 'stateSince' | 'link' | 'today'>;

export interface Longest {
  seconds: number;
  extno: string;
}

export interface FloorKpis {
  /** Agents on the board (whatever their feed). */
  total: number;
  /** Live-feed agents by status. Agents whose feed is not live are counted in `noData` only. */
  counts: Readonly<Record<AgentStatus, number>>;
  signedIn: number;
  noData: number;
  longestIdle: Longest | null;
  longestWrap: Longest | null;
  callsToday: number;
  /** Seconds per call, or null before the first call. */
  avgTalkSeconds: number | null;
  avgWrapSeconds: number | null;
  /** (on call + wrap-up) / (on call + wrap-up + idle) over today's signed-in time; null without idle counters. */
  occupancyToday: number | null;
  /** Same ratio over agents right now (live feeds): always available. */
  occupancyNow: number | null;
}

function emptyCounts(): Record<AgentStatus, number> {
  return { signed_out: 0, idle: 0, on_call: 0, wrap_up: 0, unknown: 0 };
}

/** Seconds of the running period, as the server will count it when it ends (rule C3). */
export function runningSeconds(stateSince: number, now: number): number {
  return now > stateSince ? Math.floor((now - stateSince) / 1000) : 0;
}


/** All header KPIs at server time `now` (epoch ms, server clock). */
export function floorKpis(agents: Iterable<KpiAgent>, now: number): FloorKpis {
  const counts = emptyCounts();
  let total = 0;
  let noData = 0;
  let longestIdle: Longest | null = null;
  let longestWrap: Longest | null = null;
  let calls = 0;
  let talk = 0;
  let wrap = 0;
  let idle = 0;
  let idleCountersComplete = true;
  let onCallNow = 0;

  for (const a of agents) {
    total += 1;
    // Counters are history: they count whatever the feed's state is now.
    calls += a.today.calls;
    talk += a.today.talkSeconds;
    wrap += a.today.wrapSeconds;
    if (a.today.idleSeconds === undefined) idleCountersComplete = false;
    else idle += a.today.idleSeconds;

    // The current period belongs to today's totals only when we still trust the status.
    const live = a.link === 'live';
    if (!live) {
      noData += 1;
      continue;
    }
    counts[a.status] += 1;
    const running = runningSeconds(a.stateSince, now);
    switch (a.status) {
      case 'idle':
        idle += running;
        if (!longestIdle || running > longestIdle.seconds) longestIdle = { seconds: running, extno: a.extno };
        break;
      case 'on_call':
        talk += running;
        onCallNow += 1;
        break;
      case 'wrap_up':
        wrap += running;
        if (!longestWrap || running > longestWrap.seconds) longestWrap = { seconds: running, extno: a.extno };
        break;
      case 'signed_out':
      case 'unknown':
        break;
      default: {
        const never: never = a.status;
        throw new Error(`unexpected status ${String(never)}`);
      }
    }
  }

  const signedIn = counts.idle + counts.on_call + counts.wrap_up;
  // Calls still on the line have not reached wrap-up: they do not count in the wrap average.
  const wrappedCalls = calls - onCallNow;
  return {
    total,
    counts,
    signedIn,
    noData,
    longestIdle,
    longestWrap,
    callsToday: calls,
    avgTalkSeconds: averageSeconds(talk, calls),
    avgWrapSeconds: averageSeconds(wrap, wrappedCalls),
    occupancyToday:
      idleCountersComplete && total > 0 ? occupancy({ idleSeconds: idle, onCallSeconds: talk, wrapUpSeconds: wrap }) : null,
    occupancyNow: ratio(counts.on_call + counts.wrap_up, signedIn),
  };
}

export interface AgentDayStats {
  calls: number;
  talkSeconds: number;
  wrapSeconds: number;
  /** The longest idle wait today, including the one running now. */
  longestIdleSeconds: number;
  avgTalkSeconds: number | null;
}

/** One agent's figures for today, counters plus the running period (team view). */
export function agentDayStats(a: KpiAgent, now: number): AgentDayStats {
  const live = a.link === 'live';
  const running = live ? runningSeconds(a.stateSince, now) : 0;
  const talk = a.today.talkSeconds + (live && a.status === 'on_call' ? running : 0);
  const wrap = a.today.wrapSeconds + (live && a.status === 'wrap_up' ? running : 0);
  const idleNow = live && a.status === 'idle' ? running : 0;
  return {
    calls: a.today.calls,
    talkSeconds: talk,
    wrapSeconds: wrap,
    longestIdleSeconds: Math.max(a.today.longestIdleSeconds, idleNow),
    avgTalkSeconds: averageSeconds(talk, a.today.calls),
  };
}

/** Whether an agent counts as signed in for KPI purposes (live feed and a working status). */
export function countsAsSignedIn(a: Pick<KpiAgent, 'status' | 'link'>): boolean {
  return a.link === 'live' && isSignedIn(a.status);
}
