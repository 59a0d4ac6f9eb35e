/**
 * What a board may see of an agent (no token, the phone masked, only the CallSummary fields
 * of the record), and whether that view changed between two AgentStates (rule S3).
 * Views are memoized per AgentState / OpenCall object (and the AgentState's lastFrameAt, the one
 * view field an idempotent frame updates in place): the broadcaster and every snapshot ask for
 * the same agents again and again. Treat returned views as read-only.
 */
import { maskPhone } from '@/lib/domain/customer';
import type { AgentToday, AgentView, CallDetail, CallSummary } from '@/lib/protocol';
import type { AgentCounters, AgentState, OpenCall } from './types';

const views = new WeakMap<AgentState, AgentView>();
const summaries = new WeakMap<OpenCall, CallSummary>();
const details = new WeakMap<OpenCall, CallDetail>();

export function toCallSummary(call: OpenCall): CallSummary {
  let s = summaries.get(call);
  if (s === undefined) {
    s = {
      sessionId: call.sessionId,
      city: call.city,
      phoneMasked: maskPhone(call.record.telephone),
      customerName: call.record.name,
      projectId: call.record.projectId,
      taskId: call.record.taskId,
      connectedAt: call.connectedAt,
      held: call.held,
      endedAt: call.endedAt,
    };
    summaries.set(call, s);
  }
  return s;
}

function toToday(c: AgentCounters): AgentToday {
  return { calls: c.calls, talkSeconds: c.talkSeconds, wrapSeconds: c.wrapSeconds, longestIdleSeconds: c.longestIdleSeconds, idleSeconds: c.idleSeconds };
}

export function toAgentView(a: AgentState): AgentView {
  let v = views.get(a);
  // lastFrameAt is written in place by idempotent frames (P1): a view showing an older value
  // is replaced, never changed, since deltas already sent and their history hold it.
  if (v === undefined || v.lastFrameAt !== a.lastFrameAt) {
    v = {
      extno: a.extno,
      name: a.name,
      team: a.team,
      status: a.status,
      stateSince: a.stateSince,
      link: a.link,
      linkSince: a.linkSince,
      lastFrameAt: a.lastFrameAt,
      call: a.call === null ? null : toCallSummary(a.call),
      today: toToday(a.today),
      pendingSignOut: a.pendingSignOut,
    };
    views.set(a, v);
  }
  return v;
}

/** The whole screen pop of the agent's call record (open or in wrap-up), phone masked; null without one. */
export function toCallDetail(a: AgentState): CallDetail | null {
  const call = a.call;
  if (call === null) return null;
  const cached = details.get(call);
  if (cached !== undefined && cached.extno === a.extno) return cached;
  const r = call.record;
  const detail: CallDetail = {
    extno: a.extno,
    sessionId: call.sessionId,
    city: call.city,
    connectedAt: call.connectedAt,
    endedAt: call.endedAt,
    held: call.held,
    customer: {
      uuid: r.uuid,
      name: r.name,
      phoneMasked: maskPhone(r.telephone),
      projectId: r.projectId,
      taskId: r.taskId,
      group: r.group,
      ownerExtno: r.ownerExtno,
      recordStatus: r.recordStatus,
      editStamp: r.editStamp,
      importStamp: r.importStamp,
      fields: r.fields,
    },
  };
  details.set(call, detail);
  return detail;
}

function summaryChanged(a: OpenCall | null, b: OpenCall | null): boolean {
  if (a === b) return false;
  if (a === null || b === null) return true;
  const x = toCallSummary(a);
  const y = toCallSummary(b);
  return (
    x.sessionId !== y.sessionId ||
    x.city !== y.city ||
    x.phoneMasked !== y.phoneMasked ||
    x.customerName !== y.customerName ||
    x.projectId !== y.projectId ||
    x.taskId !== y.taskId ||
    x.connectedAt !== y.connectedAt ||
    x.held !== y.held ||
    x.endedAt !== y.endedAt
  );
}

function todayChanged(a: AgentCounters, b: AgentCounters): boolean {
  return (
    a !== b &&
    (a.calls !== b.calls ||
      a.talkSeconds !== b.talkSeconds ||
      a.wrapSeconds !== b.wrapSeconds ||
      a.longestIdleSeconds !== b.longestIdleSeconds ||
      a.idleSeconds !== b.idleSeconds)
  );
}

/**
 * Whether a board would show `next` differently from `prev` (rule S3): every AgentView field
 * except `lastFrameAt`. An idempotent tick moves lastFrameAt every second; rebroadcasting
 * 10 000 agents a second for it would defeat the delta stream. The board reads lastFrameAt
 * only for a link that is not live, and then it no longer moves; snapshots carry the fresh value.
 */
export function viewChanged(prev: AgentState, next: AgentState): boolean {
  if (prev === next) return false;
  return (
    prev.status !== next.status ||
    prev.stateSince !== next.stateSince ||
    prev.link !== next.link ||
    prev.linkSince !== next.linkSince ||
    prev.pendingSignOut !== next.pendingSignOut ||
    prev.name !== next.name ||
    prev.team !== next.team ||
    prev.extno !== next.extno ||
    todayChanged(prev.today, next.today) ||
    summaryChanged(prev.call, next.call)
  );
}
