/**
 * A probe board: a full client (socket.io-client, whole JSON decode) that follows the protocol's
 * client rules C1-C4 (snapshot, then deltas in seq order, a gap -> `floor:resync`) and records,
 * while asked to, every status change it sees with the moment it held the delta (epoch ms), for
 * matching against the simulator's transitions.
 */
import type { Socket } from 'socket.io-client';
import { STATUS_BY_CODE } from '@/lib/domain/status';
import type { AgentView, ClientToServerEvents, FloorDelta, FloorReplay, FloorSnapshot, ServerToClientEvents } from '@/lib/protocol';
import { decodeDelta, decodeReplay, decodeResyncReply, decodeSnapshot } from '@/lib/wire';
import { type BoardCredentials, killBoardSocket, openBoardSocket } from './board-socket';
import { type AgentKeys, viewKey } from './compare';

type ProbeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CODE_OF: Record<string, number> = Object.fromEntries(Object.entries(STATUS_BY_CODE).map(([code, s]) => [s, Number(code)]));

export class ProbeBoard {
  socket: ProbeSocket | null = null;
  seq: number | null = null;
  /** The epoch of the last snapshot, offered back with `seq` by `connect(true)` (R13). */
  epoch: string | null = null;
  readonly agents = new Map<string, AgentView>();
  readonly counts = { deltas: 0, snapshots: 0, replays: 0, gaps: 0, ignored: 0, resyncs: 0, resyncErrors: 0 };
  /** Flat [extno, status code, epoch ms, ...] of status changes seen in deltas while recording. */
  observations: number[] = [];
  recording = false;
  private resyncing = false;
  openedAt = 0;
  /** Epoch ms the first snapshot of this connection was applied (0 = not yet). */
  syncedAt = 0;

  constructor(
    readonly url: string,
    readonly credentials: BoardCredentials | null,
  ) {}

  /** Open a connection; with `resume`, offer what the probe holds (R13) instead of starting empty. */
  connect(resume = false): void {
    if (!resume) {
      this.seq = null;
      this.epoch = null;
    }
    const point = resume && this.seq !== null && this.epoch !== null ? { epoch: this.epoch, seq: this.seq } : null;
    this.resyncing = false;
    this.syncedAt = 0;
    this.openedAt = Date.now();
    const socket = openBoardSocket(this.url, {}, this.credentials, undefined, point) as ProbeSocket;
    // Only the current connection counts (see SinkBoard: a killed one may still deliver).
    // Decoded like the browser does (lib/wire.ts): the latency measured includes the decode.
    socket.on('floor:snapshot', (s) => {
      if (this.socket === socket) this.applySnapshot(decodeSnapshot(s));
    });
    socket.on('floor:replay', (r) => {
      if (this.socket === socket) this.applyReplay(decodeReplay(r));
    });
    socket.on('floor:delta', (d) => {
      if (this.socket === socket) this.onDelta(decodeDelta(d));
    });
    this.socket = socket;
  }

  kill(): void {
    if (this.socket) killBoardSocket(this.socket as unknown as Socket);
    this.socket = null;
  }

  keys(): AgentKeys {
    const keys: AgentKeys = new Map();
    for (const v of this.agents.values()) keys.set(v.extno, viewKey(v));
    return keys;
  }

  private applySnapshot(s: FloorSnapshot): void {
    this.counts.snapshots += 1;
    this.seq = s.seq;
    this.epoch = s.epoch;
    this.agents.clear();
    for (const v of s.agents) this.agents.set(v.extno, v);
    if (this.syncedAt === 0) this.syncedAt = Date.now();
  }

  /** R13: the replay continues from exactly the seq offered, else it counts as a gap and resyncs. */
  private applyReplay(r: FloorReplay): void {
    const at = Date.now();
    this.counts.replays += 1;
    if (this.syncedAt === 0) this.syncedAt = at;
    if (r.from !== this.seq || r.epoch !== this.epoch) {
      this.counts.gaps += 1;
      this.resync();
      return;
    }
    for (const d of r.deltas) if (d.seq === this.seq + 1) this.apply(d, at);
  }

  private onDelta(d: FloorDelta): void {
    const at = Date.now();
    if (this.seq === null || this.resyncing || d.seq <= this.seq) {
      this.counts.ignored += 1;
      return;
    }
    if (d.seq !== this.seq + 1) {
      this.counts.gaps += 1;
      this.resync();
      return;
    }
    this.apply(d, at);
  }

  private apply(d: FloorDelta, at: number): void {
    this.counts.deltas += 1;
    this.seq = d.seq;
    for (const v of d.upserts) {
      const before = this.agents.get(v.extno);
      if (this.recording && before?.status !== v.status) this.observations.push(Number(v.extno), CODE_OF[v.status] ?? -1, at);
      this.agents.set(v.extno, v);
    }
    for (const extno of d.removed) this.agents.delete(extno);
  }

  private resync(): void {
    if (this.seq === null || !this.socket) return;
    this.resyncing = true;
    this.counts.resyncs += 1;
    const socket = this.socket;
    socket.emit('floor:resync', { sinceSeq: this.seq }, (reply) => {
      if (this.socket !== socket) return;
      this.resyncing = false;
      if (!reply.ok) {
        this.counts.resyncErrors += 1;
        return;
      }
      const at = Date.now();
      const data = decodeResyncReply(reply.data);
      if (data.kind === 'snapshot') this.applySnapshot(data.snapshot);
      else for (const d of data.deltas) if (this.seq !== null && d.seq === this.seq + 1) this.apply(d, at);
    });
  }
}
