/**
 * Alert rules: what on the floor deserves a supervisor's attention (docs/alerts.md).
 * Validated with zod wherever a rule enters the server (the rules API, a stored row), and
 * shared with the browser's rule editor. Shared by server and browser: no node:* imports.
 */
import '@/lib/zod-jitless';
import { z } from 'zod';

export const ALERT_RULE_KINDS = [
  /** An agent stays in wrap-up (the customer form not submitted) longer than thresholdSec. */
  'wrap_up_long',
  /** An agent is idle (waiting for a call) longer than thresholdSec. */
  'idle_long',
  /** An agent is on one call longer than thresholdSec. */
  'call_long',
  /** An agent's monitor link has not been live for longer than thresholdSec. */
  'feed_lost',
  /** More than maxSignedOut agents of a team are signed out during the rule's shift hours. */
  'team_signed_out',
  /** A team's occupancy now is under minPercent (for sustainedForSec). */
  'team_occupancy_low',
  /** No call connected on the floor for thresholdSec while agents are signed in (dialler stopped). */
  'floor_no_calls',
  /** At least minPercent of the links are not live at once (the call system is failing). */
  'links_down',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

/** Rules whose subject is one agent: their alerts mark tiles and roll up into team summaries. */
export const AGENT_RULE_KINDS = ['wrap_up_long', 'idle_long', 'call_long', 'feed_lost'] as const satisfies readonly AlertRuleKind[];
export type AgentRuleKind = (typeof AGENT_RULE_KINDS)[number];
export const TEAM_RULE_KINDS = ['team_signed_out', 'team_occupancy_low'] as const satisfies readonly AlertRuleKind[];
export type TeamRuleKind = (typeof TEAM_RULE_KINDS)[number];
export const FLOOR_RULE_KINDS = ['floor_no_calls', 'links_down'] as const satisfies readonly AlertRuleKind[];
export type FloorRuleKind = (typeof FLOOR_RULE_KINDS)[number];

export function isAgentRuleKind(kind: AlertRuleKind): kind is AgentRuleKind {
  return (AGENT_RULE_KINDS as readonly string[]).includes(kind);
}
export function isTeamRuleKind(kind: AlertRuleKind): kind is TeamRuleKind {
  return (TEAM_RULE_KINDS as readonly string[]).includes(kind);
}

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Higher is more urgent (for sorting the banner and picking a tile's mark). */
export const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

/** `HH:MM`, 24-hour, centre-local. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00-23:59)');

/** A centre-local time window; `end` before `start` wraps past midnight; equal ends is refused. */
export const timeWindowSchema = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((w) => w.start !== w.end, { message: 'start and end must differ' });
export type TimeWindow = z.infer<typeof timeWindowSchema>;

const MAX_DAY_SEC = 24 * 3600;
const seconds = z.number().int().min(0).max(MAX_DAY_SEC);
const teamName = z.string().trim().min(1).max(64);

const common = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'id: lower-case letters, digits, - and _ (1-64)'),
  /** Free text for the manage page; messages never show it. */
  name: z.string().max(100).default(''),
  severity: z.enum(ALERT_SEVERITIES),
  /** The condition must hold this long before the alert opens (pending until then). */
  sustainedForSec: seconds.default(0),
  /**
   * Anti-flap: an open alert stays open while the value is within `margin` of the threshold
   * (units of the rule's threshold), and closes only after the condition has been clear for
   * `clearForSec`.
   */
  hysteresis: z.strictObject({ margin: z.number().min(0).max(100_000).default(0), clearForSec: seconds.default(0) }).default({ margin: 0, clearForSec: 0 }),
  /** After an alert of this rule closes, the same subject cannot open a new one for this long. */
  cooldownSec: seconds.default(0),
  /** Centre-local windows in which this rule opens no alert (open ones carry on, see docs). */
  quietHours: z.array(timeWindowSchema).max(8).default([]),
  /** Teams the rule watches: '*' for all. */
  teams: z.union([z.literal('*'), z.array(teamName).min(1).max(100)]).default('*'),
  enabled: z.boolean().default(true),
};

const agentDuration = z.strictObject({ thresholdSec: z.number().int().min(1).max(MAX_DAY_SEC) });

export const alertRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('wrap_up_long'), params: agentDuration }),
  z.strictObject({ ...common, kind: z.literal('idle_long'), params: agentDuration }),
  z.strictObject({ ...common, kind: z.literal('call_long'), params: agentDuration }),
  z.strictObject({
    ...common,
    kind: z.literal('feed_lost'),
    params: z.strictObject({
      thresholdSec: z.number().int().min(1).max(MAX_DAY_SEC),
      /** Also alert for agents whose last known status is signed out (off by default: nobody is waiting on them). */
      includeSignedOut: z.boolean().default(false),
    }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('team_signed_out'),
    params: z.strictObject({
      /** Opens when more than this many agents of the team are signed out. */
      maxSignedOut: z.number().int().min(0).max(10_000),
      /** Shift hours (centre-local): outside them nobody is expected, so the rule is silent. */
      shift: timeWindowSchema,
    }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('team_occupancy_low'),
    params: z.strictObject({
      minPercent: z.number().min(1).max(100),
      /** Below this many signed-in agents occupancy is noise, so the rule is silent. */
      minSignedIn: z.number().int().min(1).max(10_000).default(3),
    }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('floor_no_calls'),
    params: z.strictObject({
      thresholdSec: z.number().int().min(10).max(MAX_DAY_SEC),
      /** Only while at least this many agents are signed in (a closed floor takes no calls). */
      minSignedIn: z.number().int().min(1).max(10_000).default(1),
    }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('links_down'),
    params: z.strictObject({
      minPercent: z.number().min(1).max(100),
      /** Below this many agents a few links are not "the call system failing". */
      minAgents: z.number().int().min(1).max(100_000).default(5),
    }),
  }),
]);

export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type AlertRuleOf<K extends AlertRuleKind> = Extract<AlertRule, { kind: K }>;

/** A whole rule set (PUT /api/alert-rules): ids must be unique. */
export const alertRuleSetSchema = z
  .array(alertRuleSchema)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
    });
  });

const MIN = 60;

/**
 * Shipped enabled on first start. Thresholds follow the domain notes: wrap-up averages about
 * 45 s, so 5 minutes is a forgotten form and 10 minutes blocks the dialler; idle gaps on a
 * predictive floor are seconds, so 5 minutes idle means starvation or an empty seat.
 */
export const DEFAULT_RULES: readonly AlertRule[] = Object.freeze(
  (
    [
      { id: 'wrap-up-5m', kind: 'wrap_up_long', severity: 'warning', params: { thresholdSec: 5 * MIN } },
      { id: 'wrap-up-10m', kind: 'wrap_up_long', severity: 'critical', params: { thresholdSec: 10 * MIN } },
      { id: 'idle-5m', kind: 'idle_long', severity: 'warning', params: { thresholdSec: 5 * MIN }, quietHours: [{ start: '12:00', end: '13:00' }] },
      { id: 'call-20m', kind: 'call_long', severity: 'info', params: { thresholdSec: 20 * MIN } },
      // A link flapping live/stale must not flap the alert: 10 s clear time and a 5-minute cooldown.
      {
        id: 'feed-lost-30s',
        kind: 'feed_lost',
        severity: 'warning',
        params: { thresholdSec: 30, includeSignedOut: false },
        hysteresis: { margin: 0, clearForSec: 10 },
        cooldownSec: 5 * MIN,
      },
      {
        id: 'team-signed-out',
        kind: 'team_signed_out',
        severity: 'warning',
        params: { maxSignedOut: 3, shift: { start: '09:00', end: '18:00' } },
        sustainedForSec: 5 * MIN,
        hysteresis: { margin: 0, clearForSec: 2 * MIN },
        cooldownSec: 15 * MIN,
        quietHours: [{ start: '12:00', end: '13:30' }],
      },
      {
        id: 'team-occupancy-60',
        kind: 'team_occupancy_low',
        severity: 'warning',
        params: { minPercent: 60, minSignedIn: 3 },
        sustainedForSec: 10 * MIN,
        hysteresis: { margin: 5, clearForSec: 2 * MIN },
        cooldownSec: 15 * MIN,
        quietHours: [{ start: '12:00', end: '13:30' }],
      },
      { id: 'floor-no-calls-10m', kind: 'floor_no_calls', severity: 'critical', params: { thresholdSec: 10 * MIN, minSignedIn: 1 } },
      {
        id: 'links-down-20',
        kind: 'links_down',
        severity: 'critical',
        params: { minPercent: 20, minAgents: 5 },
        sustainedForSec: 15,
        hysteresis: { margin: 5, clearForSec: 30 },
      },
    ] satisfies AlertRuleInput[]
  ).map((r) => Object.freeze(alertRuleSchema.parse(r))),
);

/** Minutes after midnight of `HH:MM` (validated by the schema). */
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether `minuteOfDay` falls inside the window (start inclusive, end exclusive, wrapping midnight). */
export function inWindow(minuteOfDay: number, w: TimeWindow): boolean {
  const s = clockMinutes(w.start);
  const e = clockMinutes(w.end);
  return s < e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
}
