/**
 * The history API's answers (docs/http-api.md, "History and KPIs"), shared by the server's
 * handlers and the browser's queries. Times are epoch ms; the browser shows them in the
 * centre's zone (`timeZone`). Ratios are 0-1; null means "nothing to divide by".
 */
import type { AgentStatus } from '@/lib/domain/status';

/** The figures of an interval and of a day's totals. */
export interface HistoryFigures {
  idleSeconds: number;
  onCallSeconds: number;
  wrapUpSeconds: number;
  callsConnected: number;
  avgTalkSeconds: number | null;
  avgWrapSeconds: number | null;
  occupancy: number | null;
  longestIdleSeconds: number;
}

export interface HistoryInterval extends HistoryFigures {
  start: number;
  end: number;
  /** Seconds of the interval before the server's now (0: the future). */
  elapsedSeconds: number;
  /** Average number of agents in each status over the elapsed part. */
  agents: { idle: number; onCall: number; wrapUp: number; signedIn: number };
}

export interface HistoryIntervals {
  day: string;
  timeZone: string;
  team: string | null;
  serverTime: number;
  intervalMinutes: number;
  intervals: HistoryInterval[];
}

export interface HistoryTotals extends HistoryFigures {
  day: string;
  /** The totals run up to here (the last whole minute). */
  until: number;
  signedInSeconds: number;
}

/** A day so far against the day before at the same time of day. */
export interface HistorySummary {
  day: string;
  timeZone: string;
  team: string | null;
  serverTime: number;
  current: HistoryTotals;
  previous: HistoryTotals;
}

export interface HistoryAgentRow {
  extno: string;
  /** From the live roster; null for an agent no longer on it. */
  name: string | null;
  team: string;
  signedInSeconds: number;
  calls: number;
  onCallSeconds: number;
  wrapUpSeconds: number;
  idleSeconds: number;
  avgTalkSeconds: number | null;
  occupancy: number | null;
  longestWrapSeconds: number;
  longestIdleSeconds: number;
}

export interface HistoryAgents {
  day: string;
  timeZone: string;
  team: string | null;
  serverTime: number;
  agents: HistoryAgentRow[];
}

export interface HistoryTimeline {
  extno: string;
  day: string;
  timeZone: string;
  team: string | null;
  serverTime: number;
  start: number;
  end: number;
  segments: { status: AgentStatus; from: number; to: number; open: boolean }[];
}

/** Error codes of the history API (with the HTTP guard's own 401/403). */
export const HISTORY_ERROR_CODES = ['BAD_QUERY', 'TEAM_FORBIDDEN', 'UNKNOWN_AGENT', 'HISTORY_UNAVAILABLE'] as const;
export type HistoryErrorCode = (typeof HISTORY_ERROR_CODES)[number];
