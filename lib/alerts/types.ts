/**
 * Alerts as the wire, the history and the board see them (docs/alerts.md).
 * Shared by server and browser: no node:* imports here.
 */
import '@/lib/zod-jitless';
import { z } from 'zod';
import type { AlertRuleKind, AlertSeverity } from './rules';

/**
 * What an alert is about.
 * - agent: one agent (tile mark); `team` is the agent's team when the alert opened.
 * - team: a team; also the team-level summary of per-agent alerts of one rule (`summary: true`).
 * - floor: the whole floor (or the rule's teams).
 */
export type AlertSubject =
  | { kind: 'agent'; extno: string; name: string; team: string }
  | { kind: 'team'; team: string; summary: boolean }
  | { kind: 'floor' };

/** Message keys: `<rule kind>.<subject kind>` (see lib/alerts/messages.ts for the text). */
export const ALERT_MESSAGE_KEYS = [
  'wrap_up_long.agent',
  'wrap_up_long.team',
  'idle_long.agent',
  'idle_long.team',
  'call_long.agent',
  'call_long.team',
  'feed_lost.agent',
  'feed_lost.team',
  'team_signed_out.team',
  'team_occupancy_low.team',
  'floor_no_calls.floor',
  'links_down.floor',
] as const satisfies readonly `${AlertRuleKind}.${'agent' | 'team' | 'floor'}`[];
export type AlertMessageKey = (typeof ALERT_MESSAGE_KEYS)[number];

/** Language-neutral parameters: names, counts and plain seconds; the renderer formats them. */
export type AlertMessageParams = Readonly<Record<string, string | number>>;

export interface AlertMessage {
  key: AlertMessageKey;
  params: AlertMessageParams;
}

export interface AlertActorRef {
  id: string;
  name: string;
}

export const ALERT_CLOSE_REASONS = [
  /** The condition cleared (past hysteresis). */
  'cleared',
  /** The agent left the roster. */
  'agent_removed',
  /** The agent moved to another team: a new alert opens under the new team if still due. */
  'team_changed',
  /** The rule was edited, disabled or deleted: its alerts restart from scratch. */
  'rule_changed',
] as const;
export type AlertCloseReason = (typeof ALERT_CLOSE_REASONS)[number];

/**
 * One alert. Immutable: a change produces a new object with the same id (like AgentState),
 * so a reference held by a batch or the history keeps showing what it was.
 */
export interface Alert {
  id: string;
  ruleId: string;
  kind: AlertRuleKind;
  severity: AlertSeverity;
  subject: AlertSubject;
  /** Teams whose boards see it: '*' for every board. */
  teams: '*' | readonly string[];
  /** Extensions to mark on tiles (the subject agent, a summary's agents, a team's signed-out agents). */
  agents: readonly string[];
  /** For an agent alert: the id of its team summary (banner and speech). */
  summaryId: string | null;
  /** Epoch ms (server clock). */
  openedAt: number;
  /**
   * When the alert last called for attention: its opening, or a new agent joining a summary
   * (which also clears the acknowledgement). A board speaks / notifies again when this moves.
   */
  attentionAt: number;
  acknowledged: { by: AlertActorRef; at: number } | null;
  closedAt: number | null;
  closeReason: AlertCloseReason | null;
  message: AlertMessage;
  /** The spoken / notification text, rendered on the server once per change. */
  speech: { 'zh-CN': string; en: string };
}

/** Whether the alert belongs in the banner (and speech) rather than only on a tile. */
export function isBannerAlert(alert: Pick<Alert, 'subject'>): boolean {
  return alert.subject.kind !== 'agent';
}

/** Whether a board with `scope` ('*' or its teams) sees the alert. */
export function alertVisibleTo(alert: Pick<Alert, 'teams'>, scope: '*' | readonly string[]): boolean {
  if (scope === '*' || alert.teams === '*') return true;
  return alert.teams.some((t) => scope.includes(t));
}

/** `alert:opened` / `alert:updated` / `alert:closed`: every change of one engine tick for one room, at once. */
export interface AlertBatch {
  serverTime: number;
  alerts: Alert[];
}

/** `alert:snapshot`: the open alerts a board may see, sent on connect. Replaces whatever it holds. */
export interface AlertSnapshot {
  serverTime: number;
  alerts: Alert[];
}

/** `alert:ack` request: the actor comes from the session, never from here. */
export const alertAckRequestSchema = z.object({
  alertId: z.string().min(1).max(100),
  requestId: z.string().min(1).max(100),
});
export type AlertAckRequest = z.infer<typeof alertAckRequestSchema>;

/** Stable codes of `alert:ack` acks and the alerts HTTP API. */
export const ALERT_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  /** The role may not do this (a viewer acknowledging), or the alert is outside the user's / board's teams. */
  'FORBIDDEN',
  /** No open or recently closed alert with this id. */
  'ALERT_NOT_FOUND',
  /** The alert closed before the acknowledgement arrived (nothing to do; the board drops it). */
  'ALERT_CLOSED',
  /** PUT or DELETE of a rule id that does not exist. */
  'RULE_NOT_FOUND',
  'UNSUPPORTED_MEDIA_TYPE',
  'INTERNAL',
] as const;
export type AlertErrorCode = (typeof ALERT_ERROR_CODES)[number];

export const ALERT_HTTP_STATUS: Readonly<Record<AlertErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  ALERT_NOT_FOUND: 404,
  ALERT_CLOSED: 409,
  RULE_NOT_FOUND: 404,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export const ALERT_HISTORY_EVENTS = ['opened', 'acknowledged', 'closed'] as const;
export type AlertHistoryEvent = (typeof ALERT_HISTORY_EVENTS)[number];

/** One line of the alert history: the alert as it was at that moment, and who did it. */
export interface AlertHistoryEntry {
  /** Epoch ms. */
  at: number;
  event: AlertHistoryEvent;
  /** The acknowledging user; null for what the engine did. */
  actor: AlertActorRef | null;
  alert: Alert;
}

export interface AlertHistoryPage {
  /** Newest first. */
  entries: AlertHistoryEntry[];
  nextCursor: string | null;
}

const epochOrIso = z.union([
  z.coerce.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

/** GET /api/alerts and /api/alerts.csv query parameters (strings from the URL). */
export const alertHistoryQuerySchema = z.strictObject({
  from: epochOrIso.optional(),
  to: epochOrIso.optional(),
  event: z.enum(ALERT_HISTORY_EVENTS).optional(),
  ruleId: z.string().max(64).optional(),
  kind: z.string().max(64).optional(),
  severity: z.enum(['info', 'warning', 'critical']).optional(),
  level: z.enum(['agent', 'team', 'floor']).optional(),
  team: z.string().max(64).optional(),
  extno: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type AlertHistoryQueryInput = z.input<typeof alertHistoryQuerySchema>;
