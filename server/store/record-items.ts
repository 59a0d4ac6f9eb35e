/**
 * What the live path hands the recorder (recorder.record(item)). Plain data, cheap to build,
 * already reduced to what the history keeps (no customer phone or name).
 *
 * There is no `rollup` kind on purpose: rollups are derived from transitions and calls inside
 * the same transaction that stores them (rollup-deltas.ts), so they cannot drift or double.
 */
import type { AuditEntry } from './repos/audit';
import type { CallOutcome } from './repos/calls';
import type { AgentStatus } from '@/lib/domain/status';

export const RECORD_KINDS = ['transition', 'call', 'audit', 'receipt'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The agent left `from` for `to` at `at`; `from` had lasted `prevDurationMs`. */
export interface TransitionItem {
  kind: 'transition';
  extno: string;
  team: string;
  from: AgentStatus;
  to: AgentStatus;
  at: number;
  prevDurationMs: number;
}

interface CallBase {
  kind: 'call';
  sessionId: string;
  /** The agent taking the call (the info frame's outer extno). */
  extno: string;
  team: string;
  /** Epoch ms of the step. */
  at: number;
}

export type CallItem =
  | (CallBase & {
      phase: 'connect';
      projectId: number | null;
      taskId: number | null;
      city: string | null;
      /** Customer record id (info.uuid): the only trace of the customer we keep. */
      recordUuid: string | null;
      held?: boolean;
    })
  | (CallBase & { phase: 'end' })
  | (CallBase & { phase: 'wrap_end'; outcome?: CallOutcome })
  | (CallBase & { phase: 'hold'; held: boolean });

export type AuditItem = { kind: 'audit' } & AuditEntry;

/** An announcement reached an agent's monitor socket. */
export interface ReceiptItem {
  kind: 'receipt';
  announcementId: number;
  extno: string;
  deliveredAt: number;
}

export type RecordItem = TransitionItem | CallItem | AuditItem | ReceiptItem;
