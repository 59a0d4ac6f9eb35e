/**
 * Building, opening, updating and closing alerts for the engine, and keeping team summaries of
 * per-agent alerts in step. Runs only when something changes (rarely compared with the per-agent
 * loop), so it may allocate freely.
 */
import { alertSpeech } from '@/lib/alerts/messages';
import type { AlertRule } from '@/lib/alerts/rules';
import type { Alert, AlertActorRef, AlertCloseReason, AlertMessage, AlertSubject } from '@/lib/alerts/types';
import type { AlertAgentInput, ChangeSet, EngineState, RuleRuntime, Summary, Track } from './engine-state';

function nextId(state: EngineState): string {
  const id = `${state.idPrefix}${state.nextSeq.toString(36)}`;
  state.nextSeq += 1;
  return id;
}

interface NewAlert {
  subject: AlertSubject;
  teams: '*' | readonly string[];
  agents: readonly string[];
  summaryId: string | null;
  message: AlertMessage;
}

function build(state: EngineState, rule: AlertRule, fields: NewAlert, now: number): Alert {
  return {
    id: nextId(state),
    ruleId: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    ...fields,
    openedAt: now,
    attentionAt: now,
    acknowledged: null,
    closedAt: null,
    closeReason: null,
    speech: alertSpeech(fields.message),
  };
}

/** A new version of an alert with a changed message: the speech follows the message. */
export function withMessage(alert: Alert, message: AlertMessage, changes: Partial<Alert> = {}): Alert {
  return { ...alert, ...changes, message, speech: alertSpeech(message) };
}

function thresholdOf(rule: AlertRule): number {
  return 'thresholdSec' in rule.params ? rule.params.thresholdSec : 0;
}

function summaryMessage(rule: AlertRule, team: string, count: number): AlertMessage {
  // Agent rule kinds all have a `<kind>.team` key (see ALERT_MESSAGE_KEYS).
  const key = `${rule.kind}.team` as AlertMessage['key'];
  return { key, params: { team, count, seconds: thresholdOf(rule) } };
}

/** Open the agent alert of `track` and add the agent to its team summary (opening or re-alerting it). */
export function openAgentAlert(state: EngineState, rt: RuleRuntime, track: Track, a: AlertAgentInput, now: number, out: ChangeSet): void {
  const rule = rt.rule;
  let summary = rt.summaries.get(a.team);
  if (summary === undefined) {
    const alert = build(
      state,
      rule,
      {
        subject: { kind: 'team', team: a.team, summary: true },
        teams: [a.team],
        agents: [a.extno],
        summaryId: null,
        message: summaryMessage(rule, a.team, 1),
      },
      now,
    );
    summary = { alert, members: new Set([a.extno]) };
    rt.summaries.set(a.team, summary);
    state.byId.set(alert.id, { rt, key: a.team, summary: true });
    out.open(alert);
  } else {
    summary.members.add(a.extno);
    // A new agent is news: the summary calls for attention again, even if acknowledged.
    summary.alert = withMessage(summary.alert, summaryMessage(rule, a.team, summary.members.size), {
      agents: [...summary.members],
      acknowledged: null,
      attentionAt: now,
    });
    out.update(summary.alert);
  }
  const alert = build(
    state,
    rule,
    {
      subject: { kind: 'agent', extno: a.extno, name: a.name, team: a.team },
      teams: [a.team],
      agents: [a.extno],
      summaryId: summary.alert.id,
      message: { key: `${rule.kind}.agent` as AlertMessage['key'], params: { team: a.team, name: a.name, extno: a.extno, seconds: thresholdOf(rule) } },
    },
    now,
  );
  track.alert = alert;
  track.phase = 'open';
  state.byId.set(alert.id, { rt, key: a.extno, summary: false });
  out.open(alert);
}

/** Open a team or floor alert on `track`. */
export function openSubjectAlert(
  state: EngineState,
  rt: RuleRuntime,
  key: string,
  track: Track,
  fields: Omit<NewAlert, 'summaryId'>,
  now: number,
  out: ChangeSet,
): void {
  const alert = build(state, rt.rule, { ...fields, summaryId: null }, now);
  track.alert = alert;
  track.phase = 'open';
  state.byId.set(alert.id, { rt, key, summary: false });
  out.open(alert);
}

function closed(alert: Alert, now: number, reason: AlertCloseReason): Alert {
  return { ...alert, closedAt: now, closeReason: reason };
}

function leaveSummary(state: EngineState, rt: RuleRuntime, team: string, extno: string, now: number, reason: AlertCloseReason, out: ChangeSet): void {
  const summary = rt.summaries.get(team);
  if (summary === undefined || !summary.members.delete(extno)) return;
  if (summary.members.size === 0) {
    closeSummary(state, rt, team, summary, now, reason === 'rule_changed' ? reason : 'cleared', out);
    return;
  }
  // Fewer agents is no news: the acknowledgement and attention time stay.
  summary.alert = withMessage(summary.alert, summaryMessage(rt.rule, team, summary.members.size), { agents: [...summary.members] });
  out.update(summary.alert);
}

function closeSummary(state: EngineState, rt: RuleRuntime, team: string, summary: Summary, now: number, reason: AlertCloseReason, out: ChangeSet): void {
  rt.summaries.delete(team);
  state.byId.delete(summary.alert.id);
  out.close(closed(summary.alert, now, reason));
}

/**
 * Close the alert of the track at `key` (if open), start the subject's cooldown, take the agent
 * out of its summary, and forget the track. A pending track is simply forgotten.
 */
export function closeTrack(state: EngineState, rt: RuleRuntime, key: string, track: Track, now: number, reason: AlertCloseReason, out: ChangeSet): void {
  rt.tracks.delete(key);
  const alert = track.alert;
  if (alert === null) return;
  state.byId.delete(alert.id);
  out.close(closed(alert, now, reason));
  if (rt.rule.cooldownSec > 0) rt.cooldownUntil.set(key, now + rt.rule.cooldownSec * 1000);
  if (alert.subject.kind === 'agent') leaveSummary(state, rt, alert.subject.team, alert.subject.extno, now, reason, out);
}

/** Close everything a runtime holds (its rule changed or went away). */
export function closeRuntime(state: EngineState, rt: RuleRuntime, now: number, out: ChangeSet): void {
  for (const [key, track] of [...rt.tracks]) closeTrack(state, rt, key, track, now, 'rule_changed', out);
  // Summaries close with their last member; this catches any left by an inconsistent state.
  for (const [team, summary] of [...rt.summaries]) closeSummary(state, rt, team, summary, now, 'rule_changed', out);
}

/** Record an acknowledgement on one alert (first one wins); returns the new version or null if already acknowledged. */
export function acknowledged(alert: Alert, by: AlertActorRef, now: number): Alert | null {
  if (alert.acknowledged !== null) return null;
  return { ...alert, acknowledged: { by: { id: by.id, name: by.name }, at: now } };
}
