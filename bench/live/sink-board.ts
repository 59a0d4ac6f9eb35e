/**
 * A cheap board for fan-out load: a real socket.io-client connection (WebSocket only) whose
 * Socket.IO decoder counts `floor:delta` / `floor:snapshot` packets instead of parsing them.
 * It reads only the `seq` at the head of each packet (the server writes `seq` first), so it
 * still checks the protocol's continuity rule (C2) on every delta at almost no cost.
 *
 * Everything else (the CONNECT packet, acks) goes to socket.io's own decoder, so the
 * connection handshake is the ordinary one. Uses socket.io-client's documented `parser` option.
 *
 * In recording mode (the mass-resync scenario) it keeps the raw snapshot and the raw deltas
 * applied after it, and parses them only afterwards (`keys()`), so checking that the board
 * ended identical to the server costs nothing while the resync is being timed.
 *
 * It can reconnect offering what it holds (`connect(true)`: the snapshot's epoch and its seq,
 * R13); the server then answers with a `floor:replay`, whose head says which seq it continues
 * from (checked like a delta's) and which seq it reaches.
 */
import type { Socket } from 'socket.io-client';
import { Decoder, Encoder } from 'socket.io-parser';
import type { FloorDelta, FloorReplay } from '@/lib/protocol';
import { decodeDelta, decodeReplay, decodeSnapshot } from '@/lib/wire';
import { type BoardCredentials, killBoardSocket, openBoardSocket } from './board-socket';
import { type AgentKeys, viewKey } from './compare';

/** Why sinks lost their connection (not counting the bench's own kills), across this process. */
export const disconnects = new Map<string, number>();

/**
 * Deltas recorded in this process, once per channel and seq: a room's delta is one encoded packet,
 * byte-identical for every board in it, so 500 boards need not keep 500 copies. Parsed once.
 */
const recorded = new Map<string, Map<number, string | FloorDelta>>();

function recordDelta(channel: string, seq: number, str: string): void {
  let bySeq = recorded.get(channel);
  if (!bySeq) recorded.set(channel, (bySeq = new Map()));
  if (!bySeq.has(seq)) bySeq.set(seq, str);
}

function recordedDelta(channel: string, seq: number): FloorDelta | null {
  const bySeq = recorded.get(channel);
  const entry = bySeq?.get(seq);
  if (entry === undefined) return null;
  if (typeof entry !== 'string') return entry;
  const delta = decodeDelta((JSON.parse(entry.slice(1)) as [string, unknown])[1]);
  bySeq!.set(seq, delta);
  return delta;
}

/** A replay's deltas, parsed once per packet however many boards of this process got it. */
const parsedReplays = new Map<string, FloorReplay>();

function recordReplay(channel: string, str: string): void {
  let replay = parsedReplays.get(str);
  if (!replay) {
    replay = decodeReplay((JSON.parse(str.slice(1)) as [string, unknown])[1]);
    parsedReplays.set(str, replay);
  }
  let bySeq = recorded.get(channel);
  if (!bySeq) recorded.set(channel, (bySeq = new Map()));
  for (const d of replay.deltas) if (!bySeq.has(d.seq)) bySeq.set(d.seq, d);
}

export function clearRecordedDeltas(): void {
  parsedReplays.clear();
  recorded.clear();
}

// Packet heads in the wire form (lib/wire.ts): each payload is an array that starts with its seq
// (a replay: from, then seq), and a snapshot's epoch string follows its seq.
const DELTA_HEAD = '2["floor:delta",[';
const SNAPSHOT_HEAD = '2["floor:snapshot",[';
const EPOCH_FIELD = ',"';
const REPLAY_HEAD = '2["floor:replay",[';
const REPLAY_SEQ_FIELD = ',';

/** The digits right after `head` (a few characters: never scans the packet). */
function seqAt(str: string, from: number): number {
  let n = 0;
  for (let i = from; i < str.length && i < from + 20; i++) {
    const c = str.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  return n;
}

/** The end of the digits starting at `from`. */
function digitsEnd(str: string, from: number): number {
  let i = from;
  while (i < str.length && str.charCodeAt(i) >= 48 && str.charCodeAt(i) <= 57) i++;
  return i;
}

/** The snapshot's epoch: the string field right after its seq (the server writes it there). */
function epochAt(str: string): string | null {
  const at = digitsEnd(str, SNAPSHOT_HEAD.length);
  if (!str.startsWith(EPOCH_FIELD, at)) return null;
  const start = at + EPOCH_FIELD.length;
  const end = str.indexOf('"', start);
  return end < 0 || end - start > 64 ? null : str.slice(start, end);
}

export class SinkBoard {
  socket: Socket | null = null;
  seq: number | null = null;
  /** The epoch of the last snapshot (R13), offered back with `seq` by `connect(true)`. */
  epoch: string | null = null;
  readonly counts = { deltas: 0, snapshots: 0, replays: 0, replayedDeltas: 0, gaps: 0, ignored: 0, otherEvents: 0 };
  /** UTF-8 bytes of delta packets (only when `measureBytes`: the same frames reach every sink). */
  deltaBytes = 0;
  /** UTF-8 bytes of the last snapshot packet (only when `measureBytes`). */
  snapshotBytes = 0;
  recording = false;
  /** The recorded snapshot as UTF-8 (off the JS heap: the JSON string of 5,000 Chinese-named agents is two-byte). */
  private rawSnapshot: Buffer | null = null;
  private snapshotSeq = 0;
  /** Seq of the last delta applied while recording (the packets themselves are kept once per channel). */
  private lastRecordedSeq = 0;
  private recordBroken = false;
  /** Epoch ms: this connection was opened / its first snapshot or replay arrived (0 = not yet). */
  openedAt = 0;
  syncedAt = 0;
  connectError: string | null = null;
  private generation = 0;

  constructor(
    readonly url: string,
    readonly query: Record<string, string>,
    readonly credentials: BoardCredentials | null,
    readonly measureBytes: boolean,
  ) {}

  /** Open a connection; with `resume`, offer the epoch and seq held (R13) instead of starting empty. */
  connect(resume = false): void {
    // Packets of an earlier connection can still surface after it was killed (ws hands over what
    // was already buffered when the socket closes): only the current connection's count.
    const gen = ++this.generation;
    const onEvent = (str: string): void => {
      if (gen === this.generation) this.onEvent(str);
    };
    class CountingDecoder extends Decoder {
      override add(obj: unknown): void {
        // '2' = EVENT on the main namespace without an ack id: what the server broadcasts.
        if (typeof obj === 'string' && obj.charCodeAt(0) === 50) onEvent(obj);
        else super.add(obj);
      }
    }
    if (!resume) {
      this.seq = null;
      this.epoch = null;
    }
    const point = resume && this.seq !== null && this.epoch !== null ? { epoch: this.epoch, seq: this.seq } : null;
    this.syncedAt = 0;
    this.connectError = null;
    this.openedAt = Date.now();
    const socket = openBoardSocket(this.url, this.query, this.credentials, { Encoder, Decoder: CountingDecoder }, point);
    socket.on('connect_error', (err) => {
      this.connectError = err.message;
    });
    socket.on('disconnect', (reason) => {
      if (this.socket === socket) disconnects.set(reason, (disconnects.get(reason) ?? 0) + 1);
    });
    this.socket = socket;
  }

  kill(): void {
    this.generation++;
    const socket = this.socket;
    this.socket = null;
    if (socket) killBoardSocket(socket);
  }

  /** The state of the connection under the socket (for a board that never got its snapshot). */
  diagnose(): Record<string, unknown> {
    const engine = (this.socket?.io as unknown as { engine?: { readyState?: string; transport?: { ws?: { readyState?: number; _socket?: { bytesRead?: number } } } } } | undefined)?.engine;
    return {
      connected: this.connected,
      connectError: this.connectError,
      engine: engine?.readyState ?? null,
      ws: engine?.transport?.ws?.readyState ?? null,
      bytesRead: engine?.transport?.ws?._socket?.bytesRead ?? null,
      counts: this.counts,
      openedMsAgo: Date.now() - this.openedAt,
    };
  }

  get connected(): boolean {
    return this.socket?.connected === true;
  }

  private onEvent(str: string): void {
    if (str.startsWith(DELTA_HEAD)) {
      const seq = seqAt(str, DELTA_HEAD.length);
      if (this.seq === null || seq <= this.seq) {
        this.counts.ignored += 1;
        return;
      }
      if (seq !== this.seq + 1) {
        // Never expected: the server numbers each room's deltas consecutively (B4).
        this.counts.gaps += 1;
        if (this.recording) this.recordBroken = true;
      }
      this.seq = seq;
      this.counts.deltas += 1;
      if (this.measureBytes) this.deltaBytes += Buffer.byteLength(str);
      if (this.recording) {
        this.lastRecordedSeq = seq;
        recordDelta(this.channelKey, seq, str);
      }
      return;
    }
    if (str.startsWith(SNAPSHOT_HEAD)) {
      // C1/C4: a snapshot replaces everything, whenever it comes.
      this.seq = seqAt(str, SNAPSHOT_HEAD.length);
      this.epoch = epochAt(str);
      this.counts.snapshots += 1;
      if (this.syncedAt === 0) this.syncedAt = Date.now();
      if (this.measureBytes) this.snapshotBytes = Buffer.byteLength(str);
      if (this.recording) {
        this.rawSnapshot = Buffer.from(str);
        this.snapshotSeq = this.seq;
        this.lastRecordedSeq = this.seq;
        this.recordBroken = false;
      }
      return;
    }
    if (str.startsWith(REPLAY_HEAD)) {
      this.onReplay(str);
      return;
    }
    this.counts.otherEvents += 1;
  }

  /** R13: the replay must continue from exactly the seq this board offered; it ends at its `seq`. */
  private onReplay(str: string): void {
    const from = seqAt(str, REPLAY_HEAD.length);
    const fromEnd = digitsEnd(str, REPLAY_HEAD.length);
    const to = str.startsWith(REPLAY_SEQ_FIELD, fromEnd) ? seqAt(str, fromEnd + REPLAY_SEQ_FIELD.length) : NaN;
    this.counts.replays += 1;
    if (this.syncedAt === 0) this.syncedAt = Date.now();
    if (from !== this.seq || !Number.isFinite(to)) {
      this.counts.gaps += 1;
      if (this.recording) this.recordBroken = true;
      return;
    }
    this.counts.replayedDeltas += to - from;
    this.seq = to;
    if (this.recording) {
      recordReplay(this.channelKey, str);
      this.lastRecordedSeq = to;
    }
  }

  startRecording(): void {
    this.recording = true;
    this.rawSnapshot = null;
    this.recordBroken = false;
  }

  /** The board's floor from what it recorded (null: no snapshot recorded, or a gap after it). */
  keys(): AgentKeys | null {
    if (this.rawSnapshot === null || this.recordBroken) return null;
    const snapshot = decodeSnapshot((JSON.parse(this.rawSnapshot.toString('utf8', 1)) as [string, unknown])[1]);
    const keys: AgentKeys = new Map();
    for (const v of snapshot.agents) keys.set(v.extno, viewKey(v));
    for (let seq = this.snapshotSeq + 1; seq <= this.lastRecordedSeq; seq++) {
      const delta = recordedDelta(this.channelKey, seq);
      if (!delta) return null;
      for (const v of delta.upserts) keys.set(v.extno, viewKey(v));
      for (const extno of delta.removed) keys.delete(extno);
    }
    return keys;
  }

  /** Frees the recorded packets. */
  stopRecording(): void {
    this.recording = false;
    this.rawSnapshot = null;
  }

  /** The server's channel key for this board (server/state/broadcaster-channel.ts: `*` or the sorted team list as JSON). */
  get channelKey(): string {
    const teams = this.query.teams;
    return teams ? JSON.stringify([...new Set(teams.split(','))].sort()) : '*';
  }
}
