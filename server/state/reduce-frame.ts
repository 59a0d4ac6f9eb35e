/**
 * One validated monitor-socket frame applied to one agent (behaviour rules S1-S10, L2-L3).
 * Returns a new AgentState, or `a` itself with only its liveness fields updated when the frame
 * changes nothing else (P1); the caller decides what is visible.
 */
import { STATUS_BY_CODE } from '@/lib/domain/status';
import type { InfoFrame, NoticeFrame } from '@/server/upstream/frames';
import { patchAgent } from './agent-patch';
import { addCall, addTalk, spanSeconds } from './counters';
import { transition } from './transitions';
import type { AgentState, OpenCall } from './types';

/** A derived stateSince moving by less than this is the same state seen again (S2). */
export const STATE_SINCE_TOLERANCE_MS = 2000;
/** Weight of a new interval sample in noticeIntervalMs (L3): a few ticks settle it. */
const INTERVAL_ALPHA = 0.25;

/**
 * The smoothed interval between ticks. Only a notice that repeats the status, right after
 * another notice (no info or link change in between), is a sample: on an on-change-only feed
 * consecutive notices differ in status, so its interval stays unknown and it never goes
 * stale from silence (L3).
 */
function intervalAfter(a: AgentState, sameStatus: boolean, now: number): number | null {
  const last = a.lastNoticeAt ?? null;
  if (!sameStatus || last === null || now <= last) return a.noticeIntervalMs;
  const sample = now - last;
  const prev = a.noticeIntervalMs;
  return prev === null ? sample : Math.round(prev + INTERVAL_ALPHA * (sample - prev));
}

/**
 * A frame that changes nothing but the liveness fields (lastFrameAt, lastNoticeAt,
 * noticeIntervalMs) on a link that is not stale: those are written into `a` itself and `a` is
 * returned, so the reducer stores nothing and reports nothing (P1, S3). This is the 1 Hz tick
 * of every agent: allocating a new AgentState for it was most of the ingest path's GC.
 * Returns false when the frame has to build a new AgentState after all.
 */
function touchedInPlace(a: AgentState, now: number, lastNoticeAt: number | null, noticeIntervalMs: number | null): boolean {
  if (a.link === 'stale') return false;
  a.lastFrameAt = now;
  a.lastNoticeAt = lastNoticeAt;
  a.noticeIntervalMs = noticeIntervalMs;
  return true;
}

/** The part every accepted frame writes: it was heard now, and a stale link is live again (L2). */
function heard(a: AgentState, now: number, lastNoticeAt: number | null, noticeIntervalMs: number | null): Partial<AgentState> {
  const stale = a.link === 'stale';
  return { lastFrameAt: now, link: stale ? 'live' : a.link, linkSince: stale ? now : a.linkSince, lastNoticeAt, noticeIntervalMs };
}

export function applyNotice(a: AgentState, frame: NoticeFrame, now: number): AgentState {
  const status = STATUS_BY_CODE[frame.status];
  const derived = now - frame.timeSeconds * 1000;
  const sameStatus = status === a.status;
  const interval = intervalAfter(a, sameStatus, now);
  // Per-second ticks re-derive stateSince with jitter: keep the old one unless it really moved (S2).
  const sinceMoved = Math.abs(derived - a.stateSince) >= STATE_SINCE_TOLERANCE_MS;
  if (sameStatus && !sinceMoved && touchedInPlace(a, now, now, interval)) return a;
  const p = heard(a, now, now, interval);
  if (sameStatus) {
    if (sinceMoved) p.stateSince = derived;
    return patchAgent(a, p);
  }
  return patchAgent(a, Object.assign(p, transition(a, status, derived)));
}

export function applyInfo(a: AgentState, frame: InfoFrame, now: number): AgentState {
  // The link is the authority on whose frame this is; the outer extno is not consulted (S9).
  // An info breaks the run of notices, so the next notice is not taken as a tick (L3).
  if (a.call !== null && a.call.sessionId === frame.sessionId) {
    // The same screen pop again (a resend, a reconnect): idempotent (S7).
    return touchedInPlace(a, now, null, a.noticeIntervalMs) ? a : patchAgent(a, heard(a, now, null, a.noticeIntervalMs));
  }
  const p = heard(a, now, null, a.noticeIntervalMs);
  const call: OpenCall = { sessionId: frame.sessionId, city: frame.city, record: frame.record, connectedAt: now, held: false, endedAt: null };
  if (a.status === 'on_call' && a.call === null) {
    // The on_call notice came first and already counted the call and set its start (S6, C2).
    p.call = call;
    return patchAgent(a, p);
  }
  if (a.status === 'on_call') {
    // A new call while another is open (back-to-back, the notices in between lost or never sent).
    p.call = call;
    p.today = addCall(addTalk(a.today, spanSeconds(a.stateSince, now)));
    p.stateSince = now;
    return patchAgent(a, p);
  }
  Object.assign(p, transition(a, 'on_call', now));
  p.call = call;
  return patchAgent(a, p);
}

/** An announcement changes no agent state, but it is a frame: the link is heard (L2, S10). */
export function applyMessage(a: AgentState, now: number): AgentState {
  const lastNoticeAt = a.lastNoticeAt ?? null;
  return touchedInPlace(a, now, lastNoticeAt, a.noticeIntervalMs) ? a : patchAgent(a, heard(a, now, lastNoticeAt, a.noticeIntervalMs));
}
