/**
 * Resuming boards (R13): within a join batch, boards whose handshake resume point is still
 * covered by their channel's history get the missed deltas instead of a snapshot. Boards of one
 * channel resuming from the same seq share one `floor:replay` packet (one Socket.IO encode,
 * emitted to their socket ids at once), the way a snapshot batch is shared (R12).
 */
import type { FloorReplay } from '@/lib/protocol';
import { encodeReplay } from '@/lib/wire';
import type { Broadcaster } from '@/server/state/broadcaster';
import type { BoardSocket, FloorServer } from './options';

export interface ReplayOutcome {
  /** Boards sent a replay (the caller moves them into the channel room in the same tick). */
  resumed: { socket: BoardSocket; deltas: number }[];
  /** Boards that need a snapshot (no resume point, or one the channel can no longer serve). */
  needSnapshot: BoardSocket[];
  /** Boards that asked to resume but were refused (stale epoch, too old a seq, ahead of the channel). */
  refused: number;
  /** `floor:replay` packets encoded (one per distinct resume seq). */
  encodes: number;
}

/**
 * Send each resuming board of `channel` its replay. Every board's resume point is consumed: a
 * later join of the same socket (a slow board resumed, R6) gets a snapshot.
 */
export function sendReplays(io: FloorServer, broadcaster: Broadcaster, channel: string, sockets: readonly BoardSocket[], time: number): ReplayOutcome {
  const out: ReplayOutcome = { resumed: [], needSnapshot: [], refused: 0, encodes: 0 };
  const bySeq = new Map<number, BoardSocket[]>();
  const epoch = broadcaster.epochOf(channel);
  for (const socket of sockets) {
    const resume = socket.data.resume;
    socket.data.resume = null;
    if (resume === null) {
      out.needSnapshot.push(socket);
      continue;
    }
    if (resume.epoch !== epoch) {
      out.refused += 1;
      out.needSnapshot.push(socket);
      continue;
    }
    let group = bySeq.get(resume.seq);
    if (group === undefined) bySeq.set(resume.seq, (group = []));
    group.push(socket);
  }
  const seq = broadcaster.seqOf(channel);
  for (const [from, group] of bySeq) {
    const deltas = broadcaster.resumeFrom(channel, epoch, from);
    if (deltas === null) {
      out.refused += group.length;
      out.needSnapshot.push(...group);
      continue;
    }
    const replay: FloorReplay = { from, seq, epoch, serverTime: time, deltas };
    // One emit to many socket-id rooms: the packet is encoded once for the whole group.
    io.local.to(group.map((s) => s.id)).emit('floor:replay', encodeReplay(replay));
    out.encodes += 1;
    for (const socket of group) out.resumed.push({ socket, deltas: deltas.length });
  }
  return out;
}
