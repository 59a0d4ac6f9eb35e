/**
 * From the reducer's output to history items (docs/storage.md, rules D1-D8). Pure: given an
 * agent's AgentState before and after one reduce step, say what the history must record.
 * The lead calls it for every id in ReduceResult.changed (prev from before the step) and for
 * every id in `removed` (next undefined), then hands the items to recorder.record().
 */
import type { RecordItem } from './record-items';
import type { CallOutcome } from './repos/calls';
import type { AgentState, OpenCall } from '@/server/state/types';

/**
 * D2: with the status unchanged, a state start moving forward by at least this much means the
 * agent left and re-entered the status between two notices (the reducer itself ignores moves
 * under 2 s, see domain notes), so the old period ended there.
 */
export const STATE_RESTART_MS = 2_000;

type Agent = Pick<AgentState, 'extno' | 'team' | 'status' | 'stateSince' | 'call'>;

function connectItem(extno: string, team: string, call: OpenCall): RecordItem {
  return {
    kind: 'call',
    phase: 'connect',
    sessionId: call.sessionId,
    extno,
    team,
    at: call.connectedAt,
    projectId: call.record.projectId,
    taskId: call.record.taskId,
    city: call.city || null,
    recordUuid: call.record.uuid || null,
    held: call.held,
  };
}

/** D6: a call leaves the agent's state: its end (if not seen) and its wrap-up end, at `at`. */
function closeItems(extno: string, team: string, call: OpenCall, at: number, outcome: CallOutcome): RecordItem[] {
  const items: RecordItem[] = [];
  const base = { kind: 'call' as const, sessionId: call.sessionId, extno, team };
  if (call.endedAt === null) items.push({ ...base, phase: 'end', at });
  items.push({ ...base, phase: 'wrap_end', at, outcome });
  return items;
}

export function deriveRecords(prev: Agent | undefined, next: Agent | undefined, now: number): RecordItem[] {
  const items: RecordItem[] = [];
  if (!prev && !next) return items;

  // D4: an agent removed from the roster: close its running state (as unknown) and its call.
  if (prev && !next) {
    if (prev.status !== 'unknown') {
      items.push({
        kind: 'transition',
        extno: prev.extno,
        team: prev.team,
        from: prev.status,
        to: 'unknown',
        at: now,
        prevDurationMs: Math.max(0, now - prev.stateSince),
      });
    }
    if (prev.call) items.push(...closeItems(prev.extno, prev.team, prev.call, now, 'agent_removed'));
    return items;
  }
  if (!next) return items;
  const { extno, team } = next;

  // D1 / D3: a status change (a new agent counts as coming from unknown, with no duration).
  const prevStatus = prev ? prev.status : 'unknown';
  const statusChanged = prevStatus !== next.status;
  if (statusChanged) {
    items.push({
      kind: 'transition',
      extno,
      team,
      from: prevStatus,
      to: next.status,
      at: next.stateSince,
      prevDurationMs: prev ? Math.max(0, next.stateSince - prev.stateSince) : 0,
    });
  } else if (prev && next.status !== 'unknown' && next.stateSince - prev.stateSince >= STATE_RESTART_MS) {
    // D2: same status, restarted unseen: end the old period so no time goes missing.
    items.push({
      kind: 'transition',
      extno,
      team,
      from: prev.status,
      to: next.status,
      at: next.stateSince,
      prevDurationMs: next.stateSince - prev.stateSince,
    });
  }

  const before = prev?.call ?? null;
  const after = next.call;
  // When the step changed the status, the call's steps happened when the new state began.
  const stepAt = statusChanged ? next.stateSince : now;

  if (before && before.sessionId !== after?.sessionId) {
    // D6: the call is gone (wrap-up submitted, signed out) or replaced by the next one (D7).
    const outcome: CallOutcome = after ? 'superseded' : 'completed';
    const at = after ? Math.min(stepAt, after.connectedAt) : stepAt;
    items.push(...closeItems(extno, team, before, at, outcome));
  }
  if (after && before?.sessionId !== after.sessionId) {
    // D5: a new call connected (the info frame).
    items.push(connectItem(extno, team, after));
    if (after.endedAt !== null) items.push({ kind: 'call', phase: 'end', sessionId: after.sessionId, extno, team, at: after.endedAt });
  } else if (after && before) {
    // D8: the same call moved on: talk ended, or the hold flag changed.
    if (before.endedAt === null && after.endedAt !== null) {
      items.push({ kind: 'call', phase: 'end', sessionId: after.sessionId, extno, team, at: after.endedAt });
    }
    if (before.held !== after.held) {
      items.push({ kind: 'call', phase: 'hold', sessionId: after.sessionId, extno, team, at: now, held: after.held });
    }
  }
  return items;
}
