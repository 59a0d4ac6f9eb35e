/**
 * Moving an agent from one status to another: what leaving a status adds to the counters
 * and what entering one does to the open call (behaviour rules S4-S7, C2-C4).
 */
import { assertNever, type AgentStatus } from '@/lib/domain/status';
import { addCall, addIdle, addTalk, addWrap, spanSeconds } from './counters';
import type { AgentCounters, AgentState, OpenCall } from './types';

export interface StatusPart {
  status: AgentStatus;
  stateSince: number;
  call: OpenCall | null;
  today: AgentCounters;
  pendingSignOut: boolean;
}

/**
 * What leaving `a.status` at `at` adds to the counters, and the call as it stands after (ended
 * when on_call is left). `at` is when the next status began: the notice's own `time`, which
 * is more exact than our receive time.
 */
export function leave(a: AgentState, at: number): { today: AgentCounters; call: OpenCall | null } {
  const seconds = spanSeconds(a.stateSince, at);
  const status = a.status;
  switch (status) {
    case 'on_call': {
      const call = a.call === null || a.call.endedAt !== null ? a.call : { ...a.call, endedAt: Math.max(at, a.call.connectedAt) };
      return { today: addTalk(a.today, seconds), call };
    }
    case 'wrap_up':
      return { today: addWrap(a.today, seconds), call: a.call };
    case 'idle':
      return { today: addIdle(a.today, seconds), call: a.call };
    case 'signed_out':
    case 'unknown':
      return { today: a.today, call: a.call };
    default:
      return assertNever(status, 'agent status');
  }
}

/**
 * The agent's status part after it moves to `to` (a different status) at `at`, with no
 * screen pop involved: entering on_call by notice alone opens no call record (S6) but counts
 * a call (C2), so a feed without screen pops still counts calls.
 */
export function transition(a: AgentState, to: AgentStatus, at: number): StatusPart {
  const left = leave(a, at);
  let { today, call } = left;
  let pendingSignOut = a.pendingSignOut;
  switch (to) {
    case 'on_call':
      call = null;
      today = addCall(today);
      break;
    case 'wrap_up':
      // The record stays open through wrap-up: that is when the form is filled (S5).
      break;
    case 'idle':
      call = null;
      break;
    case 'signed_out':
      call = null;
      // A sign-out "after this call" has happened, whoever did it (S8).
      pendingSignOut = false;
      break;
    case 'unknown':
      break;
    default:
      return assertNever(to, 'agent status');
  }
  return { status: to, stateSince: at, call, today, pendingSignOut };
}
