/**
 * Delta application for the floor store: what arrives from the socket is queued as inbox items
 * and applied, a frame's worth at a time and in arrival order, to the pure FloorSync. The store
 * (floor-store.ts) owns the timers, the connection state and the listeners.
 */
import type { Announcement, FloorDelta, FloorReplay, FloorSnapshot, ResyncReply } from '@/lib/protocol';
import { type FloorSync, type SyncOutcome, emptyOutcome, mergeOutcome } from './floor-sync';

export type InboxItem =
  | { kind: 'snapshot'; snapshot: FloorSnapshot; at: number }
  | { kind: 'delta'; delta: FloorDelta; at: number }
  | { kind: 'replay'; replay: FloorReplay; at: number }
  | { kind: 'resync'; reply: ResyncReply }
  | { kind: 'resyncFailed' }
  | { kind: 'malformed' }
  | { kind: 'reconnected' }
  | { kind: 'announcement'; announcement: Announcement };

export interface InboxHooks {
  /** A snapshot or a replay came after (re)connecting: no `floor:resync` needed for it. */
  joinDataArrived(): void;
  /** A server time seen at browser time `at`, for the clock offset. */
  sampleOffset(serverTime: number, at: number): void;
  /** A resync was answered: its retry back-off starts over. */
  resyncAnswered(): void;
}

export interface InboxResult {
  out: SyncOutcome;
  /** Floor data arrived (the board is in step unless a resync is pending). */
  data: boolean;
  /** The announcement list changed. */
  announcements: boolean;
  /** Deltas received (for the perf probe's counters). */
  deltas: number;
}

export function applyInbox(sync: FloorSync, items: readonly InboxItem[], hooks: InboxHooks): InboxResult {
  const res: InboxResult = { out: emptyOutcome(), data: false, announcements: false, deltas: 0 };
  const { out } = res;
  for (const item of items) {
    switch (item.kind) {
      case 'snapshot':
        hooks.joinDataArrived();
        hooks.sampleOffset(item.snapshot.serverTime, item.at);
        mergeOutcome(out, sync.applySnapshot(item.snapshot));
        res.announcements = true;
        res.data = true;
        break;
      case 'delta':
        hooks.sampleOffset(item.delta.serverTime, item.at);
        mergeOutcome(out, sync.applyDelta(item.delta));
        res.deltas += 1;
        res.data = true;
        break;
      case 'replay':
        // The resumed connection's catch-up (R13) instead of a snapshot.
        hooks.joinDataArrived();
        hooks.sampleOffset(item.replay.serverTime, item.at);
        mergeOutcome(out, sync.applyReplay(item.replay));
        res.data = true;
        break;
      case 'resync':
        hooks.resyncAnswered();
        mergeOutcome(out, sync.applyResync(item.reply));
        if (item.reply.kind === 'snapshot') res.announcements = true;
        res.data = true;
        break;
      case 'resyncFailed':
        mergeOutcome(out, sync.resyncFailed());
        break;
      case 'malformed':
        mergeOutcome(out, sync.malformed());
        break;
      case 'reconnected':
        mergeOutcome(out, sync.reconnected());
        break;
      case 'announcement':
        if (sync.addAnnouncement(item.announcement)) res.announcements = true;
        break;
      default: {
        const never: never = item;
        throw new Error(`unexpected inbox item ${JSON.stringify(never)}`);
      }
    }
  }
  return res;
}
