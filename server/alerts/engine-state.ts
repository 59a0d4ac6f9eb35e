/**
 * The alert engine's state and inputs. The engine owns this state: `evaluate` updates it in
 * place and returns it (as the floor reducer does with its agent map), because copying per-rule
 * maps of up to 10 000 agents every second is not affordable. Alerts themselves are immutable.
 */
import type { Alert } from '@/lib/alerts/types';
import type { AlertRule } from '@/lib/alerts/rules';
import type { AgentStatus, LinkState } from '@/lib/domain/status';

/** The part of an AgentState the rules read (AgentState satisfies it, so no copy is made). */
export interface AlertAgentInput {
  readonly extno: string;
  readonly name: string;
  readonly team: string;
  readonly status: AgentStatus;
  readonly stateSince: number;
  readonly link: LinkState;
  readonly linkSince: number;
}

export interface AlertFloorInput {
  /** The live floor (`floor.state.agents`); read, never changed. */
  agents: ReadonlyMap<string, AlertAgentInput>;
  /**
   * Epoch ms since when no call has connected among `teams` (null: every team): the later of
   * the last connected call and when the server began watching.
   */
  callsQuietSince(teams: ReadonlySet<string> | null): number;
}

/**
 * pending: the condition holds, waiting for sustainedFor (no alert yet).
 * open: the alert is open. clearing: open, but the condition stopped holding (hysteresis clock).
 * A closed track is deleted; its subject's cooldown is kept in `cooldownUntil`.
 */
export type Phase = 'pending' | 'open' | 'clearing';

export interface Track {
  phase: Phase;
  /** pending: when the condition began; clearing: when it stopped holding. */
  since: number;
  /** The subject's team when the track began ('' for floor rules). */
  team: string;
  /** The engine tick that last saw the subject (agents missing from the floor are closed). */
  seen: number;
  alert: Alert | null;
}

/** The team-level roll-up of one agent rule's open alerts in one team. */
export interface Summary {
  alert: Alert;
  /** Extensions whose agent alert is open, in opening order. */
  members: Set<string>;
}

export interface RuleRuntime {
  rule: AlertRule;
  /** null: every team. */
  teams: ReadonlySet<string> | null;
  /** By subject key: extno, team, or '*' for the floor. */
  tracks: Map<string, Track>;
  cooldownUntil: Map<string, number>;
  /** Agent rules only: by team. */
  summaries: Map<string, Summary>;
  /** Recomputed each tick: inside quiet hours. */
  quiet: boolean;
  /** team_signed_out: inside the shift this tick. */
  inShift: boolean;
  /** floor_no_calls: since when enough agents have been signed in (null: not now). */
  activeSince: number | null;
}

/** Live-link agents of one team by status, rebuilt every tick without allocating. */
export interface TeamTally {
  total: number;
  live: number;
  idle: number;
  onCall: number;
  wrapUp: number;
  signedOut: number;
}

export type OpenRef = { rt: RuleRuntime; key: string; summary: boolean };

export interface EngineState {
  /** Alert ids are `idPrefix + base36 counter`; the service picks a prefix unique to the process. */
  readonly idPrefix: string;
  nextSeq: number;
  tick: number;
  /** The rules array last synced (identity): the common case skips the sync entirely. */
  rulesRef: readonly AlertRule[] | null;
  runtimes: Map<string, RuleRuntime>;
  agentRules: RuleRuntime[];
  teamRules: RuleRuntime[];
  floorRules: RuleRuntime[];
  /** Every open alert (agent, summary, team, floor) by id. */
  byId: Map<string, OpenRef>;
  tallies: Map<string, TeamTally>;
}

export function createEngineState(idPrefix = 'al-'): EngineState {
  return {
    idPrefix,
    nextSeq: 1,
    tick: 0,
    rulesRef: null,
    runtimes: new Map(),
    agentRules: [],
    teamRules: [],
    floorRules: [],
    byId: new Map(),
    tallies: new Map(),
  };
}

export function newRuntime(rule: AlertRule): RuleRuntime {
  return {
    rule,
    teams: rule.teams === '*' ? null : new Set(rule.teams),
    tracks: new Map(),
    cooldownUntil: new Map(),
    summaries: new Map(),
    quiet: false,
    inShift: false,
    activeSince: null,
  };
}

/** What one evaluate (or acknowledge) changed, each alert once in its latest form. */
export class ChangeSet {
  readonly opened = new Map<string, Alert>();
  readonly updated = new Map<string, Alert>();
  readonly closed = new Map<string, Alert>();

  open(alert: Alert): void {
    this.opened.set(alert.id, alert);
  }

  update(alert: Alert): void {
    // Opened in this same tick: the board has not seen it yet, so the opening carries the change.
    if (this.opened.has(alert.id)) this.opened.set(alert.id, alert);
    else this.updated.set(alert.id, alert);
  }

  close(alert: Alert): void {
    this.updated.delete(alert.id);
    this.closed.set(alert.id, alert);
  }

  get empty(): boolean {
    return this.opened.size === 0 && this.updated.size === 0 && this.closed.size === 0;
  }
}

/** All open alerts, in opening order (Map keeps insertion order). */
export function openAlerts(state: EngineState): Alert[] {
  const out: Alert[] = [];
  for (const [id, ref] of state.byId) {
    const alert = alertOf(ref, id);
    if (alert !== null) out.push(alert);
  }
  return out;
}

export function alertOf(ref: OpenRef, id: string): Alert | null {
  const alert = ref.summary ? ref.rt.summaries.get(ref.key)?.alert : ref.rt.tracks.get(ref.key)?.alert;
  return alert !== undefined && alert !== null && alert.id === id ? alert : null;
}
