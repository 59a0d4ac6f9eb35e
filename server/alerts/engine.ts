/**
 * The pure alert engine: (engine state, floor, rules, now, time zone) -> opened / updated /
 * closed alerts. No clock, no IO, no sockets (house style 3); the service calls it once a second.
 *
 * Cost: one pass over the agents per tick, each agent checked against the agent rules with a Map
 * lookup; an agent with no condition and no track allocates nothing. Team and floor rules read
 * per-team tallies built in the same pass. Rules AL1-AL22 are in docs/alerts.md.
 */
import { inWindow, isAgentRuleKind, isTeamRuleKind, type AlertRule } from '@/lib/alerts/rules';
import type { Alert, AlertActorRef } from '@/lib/alerts/types';
import { assertNever } from '@/lib/domain/status';
import { acknowledged, closeRuntime, closeTrack, openAgentAlert, openSubjectAlert, withMessage } from './engine-alerts';
import {
  ChangeSet,
  alertOf,
  newRuntime,
  type AlertAgentInput,
  type AlertFloorInput,
  type EngineState,
  type RuleRuntime,
  type TeamTally,
  type Track,
} from './engine-state';
import { localMinuteOfDay } from './local-clock';

export { createEngineState, openAlerts, type AlertAgentInput, type AlertFloorInput, type EngineState } from './engine-state';

export interface EvaluateResult {
  engineState: EngineState;
  opened: Alert[];
  updated: Alert[];
  closed: Alert[];
}

const FLOOR_KEY = '*';
/** Expired cooldowns are dropped this often (ticks), so the maps stay the size of recent alerts. */
const PRUNE_EVERY_TICKS = 60;

function result(state: EngineState, out: ChangeSet): EvaluateResult {
  return { engineState: state, opened: [...out.opened.values()], updated: [...out.updated.values()], closed: [...out.closed.values()] };
}

/** Bring the runtimes in line with the rules: a changed, disabled or deleted rule restarts (AL16). */
function syncRules(state: EngineState, rules: readonly AlertRule[], now: number, out: ChangeSet): void {
  const wanted = new Map<string, AlertRule>();
  for (const r of rules) if (r.enabled) wanted.set(r.id, r);
  for (const [id, rt] of [...state.runtimes]) {
    const r = wanted.get(id);
    if (r === rt.rule) continue;
    // The same rule re-read from a store is a new object with the same content: keep its alerts.
    if (r !== undefined && JSON.stringify(r) === JSON.stringify(rt.rule)) {
      rt.rule = r;
      continue;
    }
    closeRuntime(state, rt, now, out);
    state.runtimes.delete(id);
  }
  for (const r of wanted.values()) if (!state.runtimes.has(r.id)) state.runtimes.set(r.id, newRuntime(r));
  state.agentRules = [];
  state.teamRules = [];
  state.floorRules = [];
  for (const rt of state.runtimes.values()) {
    const k = rt.rule.kind;
    if (isAgentRuleKind(k)) state.agentRules.push(rt);
    else if (isTeamRuleKind(k)) state.teamRules.push(rt);
    else state.floorRules.push(rt);
  }
  state.rulesRef = rules;
}

function coolingDown(rt: RuleRuntime, key: string, now: number): boolean {
  const until = rt.cooldownUntil.get(key);
  return until !== undefined && now < until;
}

/**
 * Move the track of `key` one tick (AL1-AL4). `cond` is the opening condition, `holds` the
 * condition with the hysteresis margin. Returns 'open' or 'close' for the caller to carry out.
 */
function advance(
  rt: RuleRuntime,
  key: string,
  team: string,
  track: Track | undefined,
  cond: boolean,
  holds: boolean,
  now: number,
  tick: number,
  mayOpen: boolean,
): 'open' | 'close' | null {
  const rule = rt.rule;
  let t = track;
  if (t === undefined) {
    if (!cond) return null;
    t = { phase: 'pending', since: now, team, seen: tick, alert: null };
    rt.tracks.set(key, t);
  }
  switch (t.phase) {
    case 'pending':
      if (!cond) {
        rt.tracks.delete(key);
        return null;
      }
      // Quiet hours and cooldown hold a due alert back; it opens once they end if still due.
      return now - t.since >= rule.sustainedForSec * 1000 && mayOpen && !coolingDown(rt, key, now) ? 'open' : null;
    case 'open':
      if (holds) return null;
      if (rule.hysteresis.clearForSec <= 0) return 'close';
      t.phase = 'clearing';
      t.since = now;
      return null;
    case 'clearing':
      if (holds) {
        t.phase = 'open';
        return null;
      }
      return now - t.since >= rule.hysteresis.clearForSec * 1000 ? 'close' : null;
    default:
      return assertNever(t.phase, 'phase');
  }
}

/** Seconds the agent has been in the rule's condition; -1 not in it; NaN unknown (link not live, AL7). */
function agentSeconds(rule: AlertRule, a: AlertAgentInput, now: number): number {
  switch (rule.kind) {
    case 'wrap_up_long':
      return a.link !== 'live' ? Number.NaN : a.status === 'wrap_up' ? (now - a.stateSince) / 1000 : -1;
    case 'idle_long':
      return a.link !== 'live' ? Number.NaN : a.status === 'idle' ? (now - a.stateSince) / 1000 : -1;
    case 'call_long':
      return a.link !== 'live' ? Number.NaN : a.status === 'on_call' ? (now - a.stateSince) / 1000 : -1;
    case 'feed_lost':
      if (a.link === 'live') return -1;
      if (!rule.params.includeSignedOut && a.status === 'signed_out') return -1;
      return (now - a.linkSince) / 1000;
    default:
      return -1;
  }
}

function stepAgent(state: EngineState, rt: RuleRuntime, a: AlertAgentInput, now: number, tick: number, floorDown: boolean, out: ChangeSet): void {
  if (rt.teams !== null && !rt.teams.has(a.team)) return;
  let track = rt.tracks.get(a.extno);
  if (track !== undefined) {
    track.seen = tick;
    if (track.team !== a.team) {
      closeTrack(state, rt, a.extno, track, now, 'team_changed', out);
      track = undefined;
    }
  }
  const rule = rt.rule;
  const v = agentSeconds(rule, a, now);
  if (Number.isNaN(v)) return;
  const threshold = 'thresholdSec' in rule.params ? rule.params.thresholdSec : 0;
  const cond = v > threshold;
  if (track === undefined && !cond) return;
  // Once open, an agent alert holds while the agent stays in the state: a corrected stateSince
  // (rule S2) or a link flapping stale/live must not close and re-open it (AL2). The margin is
  // for team and floor measures, which go up and down.
  const holds = v >= 0;
  // While the whole call system is failing, per-agent feed alerts would only repeat it (AL11).
  const mayOpen = !rt.quiet && !(floorDown && rule.kind === 'feed_lost');
  const action = advance(rt, a.extno, a.team, track, cond, holds, now, tick, mayOpen);
  if (action === 'open') openAgentAlert(state, rt, rt.tracks.get(a.extno)!, a, now, out);
  else if (action === 'close') closeTrack(state, rt, a.extno, rt.tracks.get(a.extno)!, now, 'cleared', out);
}

/** Agents whose track was not seen this tick left the floor or the rule's teams (AL16). */
function sweepUnseen(state: EngineState, rt: RuleRuntime, floor: AlertFloorInput, tick: number, now: number, out: ChangeSet): void {
  for (const [extno, track] of rt.tracks) {
    if (track.seen === tick) continue;
    closeTrack(state, rt, extno, track, now, floor.agents.has(extno) ? 'team_changed' : 'agent_removed', out);
  }
}

/** Extensions of `team` whose live status is signed out (only when a team alert needs its list). */
function signedOutOf(floor: AlertFloorInput, team: string): string[] {
  const list: string[] = [];
  for (const a of floor.agents.values()) if (a.team === team && a.link === 'live' && a.status === 'signed_out') list.push(a.extno);
  return list;
}

function stepTeam(state: EngineState, rt: RuleRuntime, team: string, t: TeamTally, floor: AlertFloorInput, now: number, tick: number, out: ChangeSet): void {
  const rule = rt.rule;
  const margin = rule.hysteresis.margin;
  const track = rt.tracks.get(team);
  if (track !== undefined) track.seen = tick;
  let cond: boolean;
  let holds: boolean;
  let value = 0;
  switch (rule.kind) {
    case 'team_signed_out':
      value = t.signedOut;
      cond = rt.inShift && value > rule.params.maxSignedOut;
      holds = rt.inShift && value > rule.params.maxSignedOut - margin;
      break;
    case 'team_occupancy_low': {
      const signedIn = t.idle + t.onCall + t.wrapUp;
      value = signedIn > 0 ? ((t.onCall + t.wrapUp) / signedIn) * 100 : 100;
      const counts = signedIn >= rule.params.minSignedIn;
      cond = counts && value < rule.params.minPercent;
      holds = counts && value < rule.params.minPercent + margin;
      break;
    }
    default:
      return;
  }
  const action = advance(rt, team, team, track, cond, holds, now, tick, !rt.quiet);
  const current = rt.tracks.get(team);
  if (action === 'close' && current !== undefined) return closeTrack(state, rt, team, current, now, 'cleared', out);
  if (action === 'open' && current !== undefined) {
    if (rule.kind === 'team_signed_out') {
      const agents = signedOutOf(floor, team);
      const message = { key: 'team_signed_out.team' as const, params: { team, count: agents.length, max: rule.params.maxSignedOut } };
      openSubjectAlert(state, rt, team, current, { subject: { kind: 'team', team, summary: false }, teams: [team], agents, message }, now, out);
    } else if (rule.kind === 'team_occupancy_low') {
      const params = { team, percent: rule.params.minPercent, seconds: rule.sustainedForSec, value: Math.round(value) };
      const message = { key: 'team_occupancy_low.team' as const, params };
      openSubjectAlert(state, rt, team, current, { subject: { kind: 'team', team, summary: false }, teams: [team], agents: [], message }, now, out);
    }
    return;
  }
  // An open signed-out alert follows who is signed out, so the tiles marked stay right.
  const alert = current?.alert;
  if (rule.kind === 'team_signed_out' && alert && value !== alert.message.params.count) {
    const agents = signedOutOf(floor, team);
    current!.alert = withMessage(alert, { key: alert.message.key, params: { ...alert.message.params, count: agents.length } }, { agents });
    out.update(current!.alert);
  }
}

function stepFloor(state: EngineState, rt: RuleRuntime, floor: AlertFloorInput, now: number, tick: number, out: ChangeSet): void {
  const rule = rt.rule;
  let total = 0;
  let live = 0;
  let signedIn = 0;
  const add = (t: TeamTally | undefined): void => {
    if (t === undefined) return;
    total += t.total;
    live += t.live;
    signedIn += t.idle + t.onCall + t.wrapUp;
  };
  if (rt.teams === null) for (const t of state.tallies.values()) add(t);
  else for (const team of rt.teams) add(state.tallies.get(team));

  const track = rt.tracks.get(FLOOR_KEY);
  if (track !== undefined) track.seen = tick;
  const margin = rule.hysteresis.margin;
  const teams = rule.teams === '*' ? '*' : rule.teams;
  let cond = false;
  let holds = false;
  switch (rule.kind) {
    case 'floor_no_calls': {
      const active = signedIn >= rule.params.minSignedIn;
      if (!active) rt.activeSince = null;
      else rt.activeSince ??= now;
      // Counted from the later of the last call and the moment agents were there to take one.
      const quietSec = active ? (now - Math.max(floor.callsQuietSince(rt.teams), rt.activeSince ?? now)) / 1000 : -1;
      cond = quietSec >= rule.params.thresholdSec;
      holds = quietSec >= rule.params.thresholdSec - margin;
      const action = advance(rt, FLOOR_KEY, '', track, cond, holds, now, tick, !rt.quiet);
      const current = rt.tracks.get(FLOOR_KEY);
      if (action === 'close' && current) closeTrack(state, rt, FLOOR_KEY, current, now, 'cleared', out);
      if (action === 'open' && current) {
        const message = { key: 'floor_no_calls.floor' as const, params: { seconds: rule.params.thresholdSec, signedIn } };
        openSubjectAlert(state, rt, FLOOR_KEY, current, { subject: { kind: 'floor' }, teams, agents: [], message }, now, out);
      }
      return;
    }
    case 'links_down': {
      const pct = total > 0 ? ((total - live) / total) * 100 : 0;
      const counts = total >= rule.params.minAgents;
      cond = counts && pct >= rule.params.minPercent;
      holds = counts && pct >= rule.params.minPercent - margin;
      const action = advance(rt, FLOOR_KEY, '', track, cond, holds, now, tick, !rt.quiet);
      const current = rt.tracks.get(FLOOR_KEY);
      if (action === 'close' && current) closeTrack(state, rt, FLOOR_KEY, current, now, 'cleared', out);
      if (action === 'open' && current) {
        const message = { key: 'links_down.floor' as const, params: { percent: Math.round(pct), down: total - live, total, threshold: rule.params.minPercent } };
        openSubjectAlert(state, rt, FLOOR_KEY, current, { subject: { kind: 'floor' }, teams, agents: [], message }, now, out);
      }
      return;
    }
    default:
      return;
  }
}

function tally(state: EngineState, a: AlertAgentInput): void {
  let t = state.tallies.get(a.team);
  if (t === undefined) {
    t = { total: 0, live: 0, idle: 0, onCall: 0, wrapUp: 0, signedOut: 0 };
    state.tallies.set(a.team, t);
  }
  t.total += 1;
  if (a.link !== 'live') return;
  t.live += 1;
  if (a.status === 'idle') t.idle += 1;
  else if (a.status === 'on_call') t.onCall += 1;
  else if (a.status === 'wrap_up') t.wrapUp += 1;
  else if (a.status === 'signed_out') t.signedOut += 1;
}

/**
 * One tick. `now` is epoch ms (server clock); `timeZone` is the centre's IANA zone for quiet
 * and shift hours. Updates `state` in place and returns it with what changed.
 */
export function evaluate(state: EngineState, floor: AlertFloorInput, rules: readonly AlertRule[], now: number, timeZone: string): EvaluateResult {
  const out = new ChangeSet();
  if (rules !== state.rulesRef) syncRules(state, rules, now, out);
  state.tick += 1;
  const tick = state.tick;
  const minute = localMinuteOfDay(now, timeZone);
  let floorDown = false;
  for (const rt of state.runtimes.values()) {
    rt.quiet = false;
    for (const w of rt.rule.quietHours) if (inWindow(minute, w)) rt.quiet = true;
    if (rt.rule.kind === 'team_signed_out') rt.inShift = inWindow(minute, rt.rule.params.shift);
    // Last tick's verdict is enough to hold back per-agent feed alerts (AL11).
    if (rt.rule.kind === 'links_down' && rt.tracks.get(FLOOR_KEY)?.alert) floorDown = true;
  }
  for (const t of state.tallies.values()) {
    t.total = 0;
    t.live = 0;
    t.idle = 0;
    t.onCall = 0;
    t.wrapUp = 0;
    t.signedOut = 0;
  }

  const agentRules = state.agentRules;
  for (const a of floor.agents.values()) {
    tally(state, a);
    for (let i = 0; i < agentRules.length; i++) stepAgent(state, agentRules[i]!, a, now, tick, floorDown, out);
  }
  for (const rt of agentRules) sweepUnseen(state, rt, floor, tick, now, out);

  for (const rt of state.teamRules) {
    for (const [team, t] of state.tallies) if (rt.teams === null || rt.teams.has(team)) stepTeam(state, rt, team, t, floor, now, tick, out);
    // A team no longer covered (or gone) simply has its tallies at zero: its track clears.
  }
  for (const rt of state.floorRules) stepFloor(state, rt, floor, now, tick, out);

  if (tick % PRUNE_EVERY_TICKS === 0) {
    for (const rt of state.runtimes.values()) for (const [key, until] of rt.cooldownUntil) if (until <= now) rt.cooldownUntil.delete(key);
  }
  return result(state, out);
}

export type AcknowledgeResult = { ok: true; alert: Alert; updated: Alert[] } | { ok: false; code: 'ALERT_NOT_FOUND' };

/**
 * Acknowledge an open alert (AL17). The first acknowledgement wins (a repeat changes nothing and
 * answers with the alert as it is). Acknowledging a team summary acknowledges its agents' alerts too.
 */
export function acknowledge(state: EngineState, alertId: string, by: AlertActorRef, now: number): AcknowledgeResult {
  const ref = state.byId.get(alertId);
  const alert = ref ? alertOf(ref, alertId) : null;
  if (ref === undefined || alert === null) return { ok: false, code: 'ALERT_NOT_FOUND' };
  const out = new ChangeSet();
  const next = acknowledged(alert, by, now);
  if (next === null) return { ok: true, alert, updated: [] };
  if (ref.summary) {
    const summary = ref.rt.summaries.get(ref.key)!;
    summary.alert = next;
    out.update(next);
    for (const extno of summary.members) {
      const track = ref.rt.tracks.get(extno);
      const member = track?.alert ? acknowledged(track.alert, by, now) : null;
      if (track && member) {
        track.alert = member;
        out.update(member);
      }
    }
  } else {
    ref.rt.tracks.get(ref.key)!.alert = next;
    out.update(next);
  }
  return { ok: true, alert: next, updated: [...out.updated.values()] };
}
