/**
 * Boards joining a channel (a new connection, or a slow board resumed) get their snapshot in
 * batches: every board of one channel that joins within a batch shares one snapshot object,
 * one Socket.IO encode and one WebSocket frame (R12).
 *
 * Why: a snapshot of 5,000 agents is about 0.75 MiB even in the compact wire form (2.3 MiB as JSON objects). Emitted per socket, Socket.IO
 * encodes it (JSON.stringify plus its hasBinary walk) once per board, and 500 boards
 * reconnecting at once stalled the event loop for tens of seconds. Emitted to a room, the
 * in-memory adapter encodes the packet once and pre-computes the WebSocket frame once
 * (socket.io-adapter `wsPreEncodedFrame`); every socket then writes the same bytes.
 *
 * R1 still holds: a joining board waits in its channel's "joining" room, where no delta is
 * sent; the flush emits the snapshot to that room and moves its boards into the channel room
 * in the same tick, so the next delta they receive is exactly snapshot.seq + 1.
 *
 * Boards whose handshake carried a resume point the channel can still serve get a replay of the
 * deltas they missed instead (R13, resume-replays.ts), joining the channel room in the same tick.
 */
import { encodeSnapshot } from '@/lib/wire';
import type { Broadcaster } from '@/server/state/broadcaster';
import type { BoardSocket, FloorServer } from './options';
import { sendReplays } from './resume-replays';
import { channelRoom, joiningRoom } from './rooms';

export type JoinReason = 'connect' | 'resume';

export interface SnapshotJoinsOptions {
  io: FloorServer;
  broadcaster: Broadcaster;
  now: () => number;
  /**
   * Minimum time between two snapshot batches (the first join after a quiet spell goes on the
   * next turn of the event loop). Also at least twice the last batch's own cost, so a storm of
   * joins spends at most about a third of the event loop encoding snapshots.
   */
  batchMs: number;
  /** One snapshot sent (per board), for the counters and metrics. */
  sent: (reason: JoinReason) => void;
  /** Boards resumed by replay (R13) with the number of deltas each got; resume points refused. */
  replayed: (deltas: number) => void;
  resumeRefused: (boards: number) => void;
  /** A batch failed for one channel; its boards are disconnected so they reconnect. */
  failed: (err: unknown, channel: string, sockets: readonly BoardSocket[]) => void;
}

export class SnapshotJoins {
  /** Waiting boards by channel key, then by socket id. */
  private readonly waiting = new Map<string, Map<string, { socket: BoardSocket; reason: JoinReason }>>();
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private lastCostMs = 0;
  private encodes = 0;
  private replayEncodes = 0;

  constructor(private readonly options: SnapshotJoinsOptions) {}

  /** Snapshot batches sent since start (one encode each, however many boards it served). */
  get batches(): number {
    return this.encodes;
  }

  /** `floor:replay` packets encoded for resuming boards since start (one per resume seq per batch). */
  get replayBatches(): number {
    return this.replayEncodes;
  }

  /** Put the board in its channel's joining room; it gets its snapshot at the next batch. */
  add(socket: BoardSocket, reason: JoinReason): void {
    const channel = socket.data.channel;
    let boards = this.waiting.get(channel);
    if (boards === undefined) {
      boards = new Map();
      this.waiting.set(channel, boards);
    }
    boards.set(socket.id, { socket, reason });
    void socket.join(joiningRoom(channel));
  }

  /** The board disconnected (Socket.IO has already taken it out of every room). */
  forget(socket: BoardSocket): void {
    const boards = this.waiting.get(socket.data.channel);
    if (boards?.delete(socket.id) && boards.size === 0) this.waiting.delete(socket.data.channel);
  }

  isWaiting(socket: BoardSocket): boolean {
    return this.waiting.get(socket.data.channel)?.has(socket.id) === true;
  }

  /** When the next batch may run: null with nobody waiting (same shape as the delta flush, B1/B2). */
  nextFlushAt(): number | null {
    if (this.waiting.size === 0) return null;
    return this.lastFlushAt + Math.max(this.options.batchMs, 2 * this.lastCostMs);
  }

  /** Send every waiting board its channel's snapshot: one emit per channel, then join the channel room. */
  flush(time: number): void {
    if (this.waiting.size === 0) return;
    const { io, broadcaster, now } = this.options;
    this.lastFlushAt = time;
    const batch = [...this.waiting];
    this.waiting.clear();
    for (const [channel, boards] of batch) {
      const sockets = [...boards.values()].map((b) => b.socket).filter((s) => s.connected);
      if (sockets.length === 0 || !broadcaster.hasChannel(channel)) continue;
      let needSnapshot: BoardSocket[];
      try {
        const replays = sendReplays(io, broadcaster, channel, sockets, time);
        this.replayEncodes += replays.encodes;
        if (replays.refused > 0) this.options.resumeRefused(replays.refused);
        // Resumed boards leave the joining room first: the snapshot below is not for them.
        for (const { socket, deltas } of replays.resumed) {
          void socket.leave(joiningRoom(channel));
          void socket.join(channelRoom(channel));
          this.options.replayed(deltas);
        }
        needSnapshot = replays.needSnapshot;
        // Never volatile: a board cannot work without it (R1).
        if (needSnapshot.length > 0) {
          io.local.to(joiningRoom(channel)).emit('floor:snapshot', encodeSnapshot(broadcaster.snapshot(channel, time)));
          this.encodes += 1;
        }
      } catch (err) {
        this.options.failed(err, channel, sockets);
        continue;
      }
      // Same tick as the emit: no delta can reach the channel room in between (R1).
      for (const socket of needSnapshot) {
        void socket.leave(joiningRoom(channel));
        void socket.join(channelRoom(channel));
        this.options.sent(boards.get(socket.id)!.reason);
      }
    }
    this.lastCostMs = Math.max(0, now() - time);
  }
}
