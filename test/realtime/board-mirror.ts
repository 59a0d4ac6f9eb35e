/**
 * A reference board for the tests: follows the client rules of docs/realtime-protocol.md
 * (C1-C4) so the tests can check that a board ends identical to the server's state.
 */
import { assertNever } from '@/lib/domain/status';
import type { AgentView, Announcement, FloorDelta, FloorReplay, FloorSnapshot, ResumePoint, ResyncReply } from '@/lib/protocol';
import { decodeDelta, decodeReplay, decodeResyncReply, decodeSnapshot } from '@/lib/wire';
import type { ClientSocket } from './helpers';

export class BoardMirror {
  seq: number | null = null;
  /** The epoch of the last snapshot (R13): sent back with `seq` to resume after a reconnect. */
  epoch: string | null = null;
  readonly agents = new Map<string, AgentView>();
  announcements: Announcement[] = [];
  resyncing = false;
  readonly counts = { snapshots: 0, deltas: 0, ignored: 0, gaps: 0, replays: 0, resyncSnapshots: 0, resyncErrors: [] as string[], resumes: 0 };
  /** Every `floor:replay` received, in order (R13). */
  readonly resumeReplays: FloorReplay[] = [];
  readonly firstDeltaSeqAfterSnapshot: number[] = [];
  private awaitingFirstDelta = false;

  constructor(readonly socket: ClientSocket) {
    // Decoded at the socket boundary, as the browser does (lib/wire.ts).
    socket.on('floor:snapshot', (s) => this.applySnapshot(decodeSnapshot(s)));
    socket.on('floor:delta', (d) => this.onDelta(decodeDelta(d)));
    socket.on('floor:replay', (r) => this.applyReplay(decodeReplay(r)));
    socket.on('announce:new', (a) => this.announcements.push(a));
  }

  /** What this board holds, for the handshake of its next connection (R13). */
  resumePoint(): ResumePoint | null {
    return this.seq === null || this.epoch === null ? null : { epoch: this.epoch, seq: this.seq };
  }

  sorted(): AgentView[] {
    return [...this.agents.values()].sort((a, b) => a.extno.localeCompare(b.extno));
  }

  private applySnapshot(s: FloorSnapshot): void {
    // C4: a snapshot replaces everything, whenever it comes.
    this.counts.snapshots += 1;
    this.seq = s.seq;
    this.epoch = s.epoch;
    this.agents.clear();
    for (const a of s.agents) this.agents.set(a.extno, a);
    this.announcements = [...s.announcements];
    this.awaitingFirstDelta = true;
  }

  /** R13: a replay continues exactly from the seq the board sent; anything else is a gap. */
  private applyReplay(r: FloorReplay): void {
    this.counts.resumes += 1;
    this.resumeReplays.push(r);
    if (r.from !== this.seq || r.epoch !== this.epoch) {
      this.counts.gaps += 1;
      return;
    }
    for (const d of r.deltas) {
      if (d.seq !== this.seq + 1) {
        this.counts.gaps += 1;
        return;
      }
      this.apply(d);
    }
    this.awaitingFirstDelta = true;
  }

  private onDelta(d: FloorDelta): void {
    // C2: while a resync is in flight, or for seqs already applied, deltas are ignored.
    if (this.seq === null || this.resyncing || d.seq <= this.seq) {
      this.counts.ignored += 1;
      return;
    }
    // C3: a gap asks for a resync from the last seq applied.
    if (d.seq !== this.seq + 1) {
      this.counts.gaps += 1;
      this.resync();
      return;
    }
    this.apply(d);
  }

  private apply(d: FloorDelta): void {
    if (this.awaitingFirstDelta) {
      this.firstDeltaSeqAfterSnapshot.push(d.seq);
      this.awaitingFirstDelta = false;
    }
    this.counts.deltas += 1;
    this.seq = d.seq;
    for (const v of d.upserts) this.agents.set(v.extno, v);
    for (const extno of d.removed) this.agents.delete(extno);
  }

  resync(): void {
    if (this.seq === null) return;
    this.resyncing = true;
    this.socket.emit('floor:resync', { sinceSeq: this.seq }, (reply) => {
      this.resyncing = false;
      if (!reply.ok) {
        this.counts.resyncErrors.push(reply.code);
        return;
      }
      this.applyResync(decodeResyncReply(reply.data));
    });
  }

  private applyResync(data: ResyncReply): void {
    switch (data.kind) {
      case 'replay':
        this.counts.replays += 1;
        for (const d of data.deltas) if (this.seq !== null && d.seq === this.seq + 1) this.apply(d);
        return;
      case 'snapshot':
        this.counts.resyncSnapshots += 1;
        this.applySnapshot(data.snapshot);
        return;
      default:
        assertNever(data, 'resync reply');
    }
  }
}
