/**
 * Options, hooks and server types of the realtime (Socket.IO) layer.
 */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, FloorDelta, RealtimeErrorCode, ResumePoint, ServerToClientEvents } from '@/lib/protocol';
import type { TeamScope } from '@/server/state/broadcaster-channel';
import type { FloorReadModel } from '@/server/state/broadcaster-read-model';
import type { LogFn } from '@/server/log';

/** What a user may see, decided by `authorize` from the handshake (issue 6 plugs auth in here). */
export interface BoardGrant {
  teams: '*' | string[];
}

/** `authorize` refusing with a more precise code than UNAUTHORIZED (a revoked display link). */
export interface BoardRefusal {
  refuse: RealtimeErrorCode;
}

/** Per-socket data kept on the Socket.IO socket (serialisable, so it survives a shared adapter). */
export interface BoardSocketData {
  scope: TeamScope;
  channel: string;
  /** The valid resume point of the handshake (R13), until the board's first join batch uses it. */
  resume: ResumePoint | null;
}

export type FloorServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, BoardSocketData>;
export type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, BoardSocketData>;
/** Socket.IO's handshake (headers, query, auth, address): what `authorize` decides from. */
export type SocketHandshake = BoardSocket['handshake'];

/** The subset of a pino logger this layer uses. */
export interface RealtimeLog {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** Metric hooks (prom-client counters and gauges are wired by the caller). */
export interface RealtimeMetrics {
  /** One delta broadcast to a channel room: `boards` sockets, about `bytes` each. */
  deltaSent?(channel: string, boards: number, bytes: number): void;
  snapshotSent?(reason: 'connect' | 'resync' | 'resume'): void;
  /** A board resumed by replay (R13): `deltas` replayed to it (0 when it was up to date). */
  replaySent?(deltas: number): void;
  /** The number of connected board sockets changed. */
  boards?(count: number): void;
  /** A client message was refused (bad payload, forbidden target, rate limit...). */
  rejected?(event: string, code: RealtimeErrorCode): void;
  slowBoard?(action: 'paused' | 'resumed'): void;
}

/** Fault injection, for tests only. */
export interface RealtimeFaults {
  /** Return true to withhold this delta from this socket (simulates a lost message). */
  skipDelta?(socketId: string, delta: FloorDelta): boolean;
}

export interface RealtimeOptions {
  floor: FloorReadModel;
  /** Minimum time between two delta flushes (B2). Default 50 ms. */
  batchMs?: number;
  /**
   * Minimum time between two snapshot batches for joining boards (R12): boards of one channel
   * joining within it share one encoded snapshot. Default 100 ms.
   */
  snapshotBatchMs?: number;
  /** Replay history per channel (B8). Defaults 30 s / 500 deltas / 8 MiB. */
  historyMs?: number;
  historyMaxDeltas?: number;
  historyMaxBytes?: number;
  /** How long a channel without boards keeps its history for resuming boards (B9, B11). Default `historyMs`. */
  channelGraceMs?: number;
  /** Slow-board limits on a socket's outgoing buffer (R6). Defaults 64 packets / 4 MiB. */
  maxBufferedPackets?: number;
  maxBufferedBytes?: number;
  /** Largest message accepted from a browser. Default 16 KiB. */
  maxHttpBufferSize?: number;
  /** engine.io heartbeat; a board that stops reading is closed after about interval + timeout. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** floor:resync token bucket per socket (R9). Defaults: burst 5, 1 per second. */
  resyncBurst?: number;
  resyncPerSecond?: number;
  /**
   * Decide what a handshake may see; null refuses it (UNAUTHORIZED), `{ refuse: code }` refuses
   * it with that code. Default: everyone sees all teams.
   */
  authorize?: (handshake: SocketHandshake) => Promise<BoardGrant | BoardRefusal | null>;
  /**
   * Register more handlers on each connected board (the control path's `control:act`); returns
   * the event names it handles so they are not refused as unknown.
   */
  extend?: (socket: BoardSocket) => readonly string[];
  now?: () => number;
  log?: RealtimeLog;
  metrics?: RealtimeMetrics;
  faults?: RealtimeFaults;
}

export interface ResolvedLimits {
  maxBufferedPackets: number;
  maxBufferedBytes: number;
  resyncBurst: number;
  resyncPerSecond: number;
}

const noop: LogFn = () => undefined;
export const silentLog: RealtimeLog = { debug: noop, info: noop, warn: noop, error: noop };
