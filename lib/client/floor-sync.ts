/**
 * The browser's copy of the floor, kept in step with the server's numbered deltas
 * (architecture point 4; docs/realtime-protocol.md).
 *
 * Rules:
 * - a snapshot always replaces everything, whatever its seq (the server may have restarted);
 * - delta `seq` is applied only right after `seq - 1`;
 * - a delta at or below the current seq is old news and ignored;
 * - a delta past `seq + 1` is a gap: it is held, and the caller is asked to resync from the
 *   current seq; the reply is a replay (applied in order) or a snapshot (replaces);
 * - deltas that arrive before the first snapshot, or while a resync is in flight, are held and
 *   applied once they connect to the sequence.
 *
 * Pure: no sockets, timers or DOM. It mutates its own maps for speed (2,000 agents, several
 * deltas a second) but never mutates an AgentView: each upsert replaces the object, so a
 * per-agent subscriber can compare by reference.
 */
import type { Announcement, AgentView, FloorDelta, FloorReplay, FloorSnapshot, ResumePoint, ResyncReply } from '@/lib/protocol';

/** Held deltas beyond this are dropped; the resync that must follow brings the state back. */
export const MAX_HELD_DELTAS = 500;
/** Announcements kept for the ticker (newest first). */
export const MAX_ANNOUNCEMENTS = 50;

export interface SyncOutcome {
  /** Extensions whose view changed (upserted or removed). */
  changed: Set<string>;
  /** The roster itself may have changed (snapshot, agents added, removed, renamed or moved team): re-derive lists. */
  structural: boolean;
  /** Ask the server for everything after this seq (null: no request needed now). */
  resyncFrom: number | null;
  /** Deltas ignored because they were older than the current seq. */
  ignored: number;
}

function emptyOutcome(): SyncOutcome {
  return { changed: new Set(), structural: false, resyncFrom: null, ignored: 0 };
}

export class FloorSync {
  /** Seq of the last applied delta (or of the snapshot); null before the first snapshot. */
  seq: number | null = null;
  /** The epoch of the snapshot the state started from (R13): offered back with `seq` on reconnect. */
  epoch: string | null = null;
  readonly agents = new Map<string, AgentView>();
  /** Newest first. */
  announcements: readonly Announcement[] = [];
  /** A resync request is outstanding: do not send another until it is answered or fails. */
  resyncPending = false;
  private readonly held = new Map<number, FloorDelta>();

  /** Replace everything with a snapshot. */
  applySnapshot(snapshot: FloorSnapshot): SyncOutcome {
    const out = emptyOutcome();
    out.structural = true;
    for (const id of this.agents.keys()) out.changed.add(id);
    this.agents.clear();
    for (const a of snapshot.agents) {
      this.agents.set(a.extno, a);
      out.changed.add(a.extno);
    }
    this.seq = snapshot.seq;
    this.epoch = snapshot.epoch;
    this.resyncPending = false;
    this.announcements = mergeAnnouncements([], snapshot.announcements);
    for (const s of [...this.held.keys()]) if (s <= snapshot.seq) this.held.delete(s);
    this.drain(out);
    return out;
  }

  /** One delta from the broadcast. */
  applyDelta(delta: FloorDelta): SyncOutcome {
    const out = emptyOutcome();
    this.accept(delta, out);
    return out;
  }

  /** The answer to a resync request. */
  applyResync(reply: ResyncReply): SyncOutcome {
    if (reply.kind === 'snapshot') return this.applySnapshot(reply.snapshot);
    const out = emptyOutcome();
    // Hold requests while the replay is applied: ask again only if a gap is left at the end.
    this.resyncPending = true;
    const ordered = [...reply.deltas].sort((a, b) => a.seq - b.seq);
    for (const d of ordered) this.accept(d, out);
    this.resyncPending = false;
    if (this.held.size > 0) this.requestResync(out);
    return out;
  }

  /**
   * The server's answer to a resume handshake (R13): the deltas after the seq the board offered,
   * applied under the usual rules (anything already folded in is ignored, a gap asks for a resync).
   */
  applyReplay(replay: FloorReplay): SyncOutcome {
    const out = emptyOutcome();
    if (replay.epoch !== this.epoch) {
      // Not the state this board holds (never sent by a correct server): start over cleanly.
      this.requestResync(out);
      return out;
    }
    for (const d of replay.deltas) this.accept(d, out);
    if (this.seq !== null && this.seq < replay.seq) this.requestResync(out);
    return out;
  }

  /** What this board holds, for its next handshake (R13); null before the first snapshot. */
  resumePoint(): ResumePoint | null {
    return this.seq === null || this.epoch === null ? null : { epoch: this.epoch, seq: this.seq };
  }

  /** The resync request failed (error ack or timeout): allow a new request, and make it. */
  resyncFailed(): SyncOutcome {
    this.resyncPending = false;
    const out = emptyOutcome();
    this.requestResync(out);
    return out;
  }

  /**
   * A packet could not be decoded and was dropped (C7): whatever it carried must come again, so
   * ask for everything after the current seq (from 0 before any snapshot: the answer is one).
   */
  malformed(): SyncOutcome {
    const out = emptyOutcome();
    if (this.resyncPending) return out;
    this.resyncPending = true;
    out.resyncFrom = this.seq ?? 0;
    return out;
  }

  /**
   * The socket reconnected: deltas may have been missed while it was down, so ask for them.
   * (Before the first snapshot there is nothing to resync from: the server's join snapshot comes.)
   */
  reconnected(): SyncOutcome {
    const out = emptyOutcome();
    this.resyncPending = false;
    this.requestResync(out);
    return out;
  }

  addAnnouncement(a: Announcement): boolean {
    if (this.announcements.some((x) => x.id === a.id)) return false;
    this.announcements = mergeAnnouncements(this.announcements, [a]);
    return true;
  }

  get heldCount(): number {
    return this.held.size;
  }

  private accept(delta: FloorDelta, out: SyncOutcome): void {
    if (this.seq === null) {
      this.hold(delta);
      return;
    }
    if (delta.seq <= this.seq) {
      out.ignored += 1;
      return;
    }
    if (delta.seq === this.seq + 1) {
      this.apply(delta, out);
      this.drain(out);
      return;
    }
    this.hold(delta);
    this.requestResync(out);
  }

  private hold(delta: FloorDelta): void {
    if (this.held.size >= MAX_HELD_DELTAS) {
      // Far behind: held deltas are no use once a snapshot is needed anyway.
      this.held.clear();
    }
    this.held.set(delta.seq, delta);
  }

  private requestResync(out: SyncOutcome): void {
    if (this.seq === null || this.resyncPending) return;
    this.resyncPending = true;
    out.resyncFrom = this.seq;
  }

  /** Apply held deltas that now follow on; drop ones that are already covered. */
  private drain(out: SyncOutcome): void {
    if (this.seq === null) return;
    for (const s of [...this.held.keys()]) if (s <= this.seq) this.held.delete(s);
    for (;;) {
      const next = this.held.get(this.seq + 1);
      if (!next) break;
      this.held.delete(next.seq);
      this.apply(next, out);
    }
    if (this.held.size > 0) this.requestResync(out);
  }

  private apply(delta: FloorDelta, out: SyncOutcome): void {
    for (const a of delta.upserts) {
      const prev = this.agents.get(a.extno);
      // A new agent, or one moved to another team or renamed, changes lists and group
      // membership, not only a tile.
      if (!prev || prev.team !== a.team || prev.name !== a.name) out.structural = true;
      this.agents.set(a.extno, a);
      out.changed.add(a.extno);
    }
    for (const id of delta.removed) {
      if (this.agents.delete(id)) {
        out.structural = true;
        out.changed.add(id);
      }
    }
    this.seq = delta.seq;
  }
}

function mergeAnnouncements(current: readonly Announcement[], incoming: readonly Announcement[]): Announcement[] {
  const byId = new Map<string, Announcement>();
  for (const a of current) byId.set(a.id, a);
  for (const a of incoming) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.at - a.at).slice(0, MAX_ANNOUNCEMENTS);
}

/** Merge several outcomes (the store applies a frame's worth of messages at once). */
export function mergeOutcome(into: SyncOutcome, from: SyncOutcome): SyncOutcome {
  for (const id of from.changed) into.changed.add(id);
  into.structural ||= from.structural;
  into.ignored += from.ignored;
  if (from.resyncFrom !== null) into.resyncFrom = from.resyncFrom;
  return into;
}

export { emptyOutcome };
