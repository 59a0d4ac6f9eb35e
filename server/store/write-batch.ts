/**
 * One recorder batch -> one transaction (docs/storage.md, H7, H11). All or nothing: a failed
 * batch leaves no trace and is retried whole. Every statement is idempotent on replay
 * (unique keys, first-write-wins upserts, rollups only from rows actually inserted), so a
 * batch replayed after a commit whose acknowledgement was lost is not counted twice.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import type { CallItem, RecordItem } from './record-items';
import { appendAudit, type AuditEntry } from './repos/audit';
import { addReceipts, type Receipt } from './repos/announcements';
import { mergeCallPatches, upsertCalls, type CallPatch } from './repos/calls';
import { advanceLastStates } from './repos/last-states';
import { addRollups } from './repos/rollups';
import { appendTransitions, type TransitionRow } from './repos/transitions';
import { RollupAccumulator } from './rollup-deltas';
import { assertNever } from '@/lib/domain/status';

export function callPatch(item: CallItem): CallPatch {
  const base = { sessionId: item.sessionId, extno: item.extno, team: item.team };
  switch (item.phase) {
    case 'connect':
      return {
        ...base,
        projectId: item.projectId,
        taskId: item.taskId,
        city: item.city,
        recordUuid: item.recordUuid,
        connectedAt: item.at,
        held: item.held ?? false,
      };
    case 'end':
      return { ...base, endedAt: item.at };
    case 'wrap_end':
      return { ...base, wrapEndedAt: item.at, outcome: item.outcome ?? 'completed' };
    case 'hold':
      return { ...base, held: item.held };
    default:
      return assertNever(item, 'call phase');
  }
}

export interface BatchSummary {
  transitions: number;
  calls: number;
  audit: number;
  receipts: number;
}

export async function writeBatch(db: Db, items: readonly RecordItem[]): Promise<BatchSummary> {
  const transitions: TransitionRow[] = [];
  const calls: CallPatch[] = [];
  const audit: AuditEntry[] = [];
  const receipts: Receipt[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'transition':
        transitions.push(item);
        break;
      case 'call':
        calls.push(callPatch(item));
        break;
      case 'audit': {
        const { kind: _kind, ...entry } = item;
        // Normally assigned by record(); a missing id would make a replay write the row twice.
        audit.push(entry.eventId ? entry : { ...entry, eventId: randomUUID() });
        break;
      }
      case 'receipt':
        receipts.push({ announcementId: item.announcementId, extno: item.extno, deliveredAt: item.deliveredAt });
        break;
      default:
        assertNever(item, 'record kind');
    }
  }
  const merged = mergeCallPatches(calls);
  return db.transaction(async (tx) => {
    const rollups = new RollupAccumulator();
    const inserted = await appendTransitions(tx, transitions);
    for (const t of inserted) rollups.addTransition(t);
    await advanceLastStates(tx, inserted);
    const { newlyConnected } = await upsertCalls(tx, merged);
    for (const c of newlyConnected) rollups.addCallConnected(c.team, c.connectedAt);
    await addRollups(tx, rollups.values());
    const auditRows = await appendAudit(tx, audit);
    const receiptRows = await addReceipts(tx, receipts);
    return { transitions: inserted.length, calls: merged.length, audit: auditRows, receipts: receiptRows };
  });
}
