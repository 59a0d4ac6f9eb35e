/**
 * "Sign out after this call": the request is kept here (who asked, when) and shown on the
 * board as `pendingSignOut`; when the agent leaves on_call the watcher signs them out through
 * the same pipeline, as "system (pending sign-out by X)", so the audit trail shows both steps.
 */
import type { AuditActor } from '@/lib/control/actor';
import type { ActionOk } from '@/lib/control/actions';
import type { AgentStatus } from '@/lib/domain/status';
import { assertNever } from '@/lib/domain/status';
import type { Ack, ControlResult } from '@/lib/protocol';
import type { Logger } from '@/server/log';

export interface PendingSignOut {
  by: AuditActor;
  requestId: string;
  /** Epoch ms of the request. */
  at: number;
}

export class PendingSignOuts {
  private readonly byExtno = new Map<string, PendingSignOut>();

  set(extno: string, pending: PendingSignOut): void {
    this.byExtno.set(extno, pending);
  }
  get(extno: string): PendingSignOut | undefined {
    return this.byExtno.get(extno);
  }
  delete(extno: string): boolean {
    return this.byExtno.delete(extno);
  }
  get size(): number {
    return this.byExtno.size;
  }
}

/** What the watcher needs from the pipeline (narrow, to keep the two testable apart). */
export interface SystemSignOut {
  readonly pending: PendingSignOuts;
  /** Log the agent out now, skipping authorization (checked when the request was made) and rate limits. */
  signOutAsSystem(extno: string, onBehalfOf: AuditActor): Promise<Ack<ActionOk>>;
  /** Forget a pending sign-out without calling the call system (the agent signed out by other means). */
  clearPending(extno: string): void;
}

export interface CarriedOut {
  extno: string;
  /** Who asked for the sign-out, and the request id they used. */
  requestedBy: AuditActor;
  requestId: string;
  ack: Ack<ActionOk>;
}

/** The `control:result` event for the requester's sockets. */
export function toControlResult(c: CarriedOut): ControlResult {
  return { requestId: c.requestId, extno: c.extno, action: 'logout', ack: c.ack };
}

export class PendingSignOutWatcher {
  /** Extensions whose sign-out is running, so a burst of status changes triggers one logout. */
  private readonly running = new Set<string>();

  constructor(
    private readonly pipeline: SystemSignOut,
    private readonly options: { onCarriedOut?: (result: CarriedOut) => void; logger?: Logger } = {},
  ) {}

  /**
   * Call with every agent whose status changed (after the reducer applied it).
   * Resolves when any sign-out it started is done (callers need not wait).
   */
  async statusChanged(extno: string, status: AgentStatus): Promise<void> {
    const pending = this.pipeline.pending.get(extno);
    if (!pending || this.running.has(extno)) return;
    switch (status) {
      case 'on_call':
      // Not knowing is not "the call ended": wait for a real status.
      case 'unknown':
        return;
      case 'signed_out':
        // Already out (the agent or someone else did it): nothing to send.
        this.pipeline.clearPending(extno);
        this.options.logger?.info({ extno, requestedBy: pending.by.id }, 'pending sign-out dropped: agent already signed out');
        return;
      case 'wrap_up':
      case 'idle':
        break;
      default:
        assertNever(status, 'agent status');
    }
    this.running.add(extno);
    try {
      const ack = await this.pipeline.signOutAsSystem(extno, pending.by);
      this.options.onCarriedOut?.({ extno, requestedBy: pending.by, requestId: pending.requestId, ack });
    } finally {
      this.running.delete(extno);
    }
  }
}
