/**
 * Floor state: the live truth about every agent of the roster.
 * Owned by the pure reducer (server/state/reducer.ts): (state, event, now) -> state + changed ids.
 */
import type { CustomerRecord } from '@/lib/domain/customer';
import type { AgentStatus, LinkState } from '@/lib/domain/status';
import type { UpstreamFrame } from '@/server/upstream/frames';

export interface RosterEntry {
  extno: string;
  name: string;
  team: string;
  /** The agent's monitor/REST access token. Server-side only, never sent to a browser or logged. */
  token: string;
}

export interface OpenCall {
  sessionId: string;
  city: string;
  record: CustomerRecord;
  /** Epoch ms (server clock) when the `info` frame arrived. */
  connectedAt: number;
  held: boolean;
  /** Set when the call ended (status left on_call); the record is kept through wrap-up. */
  endedAt: number | null;
}

export interface AgentCounters {
  /** Calls connected today (centre's time zone). */
  calls: number;
  talkSeconds: number;
  wrapSeconds: number;
  longestIdleSeconds: number;
  /** Seconds idle today in finished idle periods (occupancy over signed-in time). */
  idleSeconds: number;
}

export interface AgentState {
  extno: string;
  name: string;
  team: string;
  /** Last known status from the call system (kept while the link is down: shown greyed, never as live). */
  status: AgentStatus;
  /** Epoch ms when the agent entered `status` (received time minus `time`). */
  stateSince: number;
  link: LinkState;
  linkSince: number;
  /**
   * Epoch ms of the last accepted frame, or null before the first one. This and the two
   * fields below are the liveness fields: the only ones an idempotent frame writes in place
   * on the stored object (P1), so a held reference sees them move.
   */
  lastFrameAt: number | null;
  /** Observed interval between notices (ms, smoothed); null until measured. Drives the staleness limit. */
  noticeIntervalMs: number | null;
  /**
   * Epoch ms of the last notice while the notices form an unbroken run (reset by an info frame
   * and by any link change), used to measure noticeIntervalMs. Absent means null.
   */
  lastNoticeAt?: number | null;
  call: OpenCall | null;
  today: AgentCounters;
  /** Centre-local day (YYYY-MM-DD) the counters belong to. */
  countersDay: string;
  /** A sign-out requested "after this call" (controls): carried out when the call ends. */
  pendingSignOut: boolean;
}

export interface FloorOptions {
  /** IANA time zone of the centre: the day boundary of the `today` counters. Default 'Asia/Shanghai'. */
  timeZone: string;
  /**
   * Fixed staleness limit (ms) for a ticking feed; null derives it as max(10 s, 3 x noticeIntervalMs).
   * An on-change-only feed never goes stale from silence alone (docs/behaviour-rules.md, L3).
   */
  staleAfterMs: number | null;
}

/**
 * The reducer updates `agents` in place by REPLACING AgentState objects: apart from its
 * liveness fields (lastFrameAt, noticeIntervalMs, lastNoticeAt, written in place by a frame
 * that changes nothing else), an AgentState is never mutated once stored, so a reference held
 * by a listener or a dirty set keeps showing the state it was taken from.
 * (Copying a 10 000-entry Map per event at 10 000 events/s is not affordable, and neither is a
 * new AgentState per 1 Hz tick: rule P1.)
 */
export interface FloorState {
  agents: Map<string, AgentState>;
  readonly options: Readonly<FloorOptions>;
}

/** Everything that can change the floor state. */
export type FloorEvent =
  /** A validated frame from an agent's monitor socket. */
  | { type: 'frame'; extno: string; frame: UpstreamFrame }
  /** The link manager's view of an agent's socket changed. */
  | { type: 'link'; extno: string; link: Exclude<LinkState, 'stale'> }
  /** The roster was (re)loaded: agents not in it are removed, new ones added as unknown/connecting. */
  | { type: 'roster'; entries: readonly Omit<RosterEntry, 'token'>[] }
  /** Periodic sweep: staleness and day roll-over. */
  | { type: 'sweep' }
  /** A control changed something only Floorboard knows (pending sign-out, hold flag after an ok hold). */
  | { type: 'control'; extno: string; change: { pendingSignOut?: boolean; held?: boolean } };

export interface ReduceResult {
  state: FloorState;
  /** Extensions whose AgentState changed (for the broadcaster's dirty set). */
  changed: readonly string[];
  /**
   * The state each `changed` agent had before the event, in the same order (undefined for an
   * agent new to the floor): listeners get it without copying the floor before a sweep (P4).
   */
  previous: readonly (AgentState | undefined)[];
  /** Agents removed from the roster. */
  removed: readonly string[];
  /** Announcements seen on monitor sockets (for the ticker and delivery receipts). */
  messages: readonly { extno: string; msg: string }[];
}
