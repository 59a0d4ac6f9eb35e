/**
 * The realtime server: Socket.IO on a detached engine.io server, fed by the broadcaster.
 *
 * Detached because the custom server has exactly one HTTP `upgrade` listener (Next.js hot
 * reload breaks when a second WebSocket server grabs upgrades): that router hands requests
 * under SOCKET_PATH to handleUpgrade / handleRequest and everything else to Next.
 * Rules R1-R10 are in docs/realtime-protocol.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
// engine.io is socket.io's own transport layer (a dependency of socket.io 4.8); building it
// ourselves is socket.io's supported `io.bind(engine)` path for routing upgrades by hand.
import { Server as EngineServer } from 'engine.io';
import { Server } from 'socket.io';
import { type Announcement, type FloorRollingKpis, type RealtimeErrorCode, SOCKET_PATH } from '@/lib/protocol';
import { Broadcaster, type ChannelDelta, type ChannelInfo } from '@/server/state/broadcaster';
import { createFlushLoop } from '@/server/state/broadcaster-scheduler';
import { registerBoardHandlers } from './board-handlers';
import { resolveScope } from './board-scope';
import { type OutgoingBuffer, outgoingBuffer } from './buffer-gauge';
import { connectError } from './errors';
import { type BoardSocket, type FloorServer, type RealtimeOptions, silentLog } from './options';
import { PopWatch } from './pop-watch';
import { PAUSED_ROOM, channelRoom, joiningRoom } from './rooms';
import { parseResume } from './resume-handshake';
import { describeIssue, handshakeTeamsSchema } from './schemas';
import { SlowBoards } from './slow-boards';
import { SnapshotJoins } from './snapshot-joins';

export interface RealtimeStats {
  boards: number;
  pausedBoards: number;
  popWatchers: number;
  deltasSent: number;
  /** Approximate bytes of deltas written, summed over the boards that received them. */
  deltaBytesSent: number;
  snapshotsSent: number;
  /** Snapshot encodes for joining boards: one per channel per batch, however many boards it served (R12). */
  snapshotBatches: number;
  /** Boards resumed by replay instead of a snapshot, and the deltas replayed to them (R13). */
  replaysSent: number;
  replayedDeltas: number;
  /** `floor:replay` encodes: one per resume seq per channel per batch (R13). */
  replayBatches: number;
  /** Handshakes whose resume point could not be served (stale epoch, seq out of history): sent a snapshot. */
  resumesRefused: number;
  rejected: number;
  slowBoardPauses: number;
  /** The fullest outgoing buffer among connected boards (O(boards) to compute). */
  largestBuffer: OutgoingBuffer;
  channels: ChannelInfo[];
}

export interface Realtime {
  io: FloorServer;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  /**
   * After each reduce: agents whose board view changed, agents removed from the roster, and
   * (optionally) agents whose call detail changed without a visible change on the tile.
   */
  notifyChanged(changed: Iterable<string>, removed: Iterable<string>, detailChanged?: Iterable<string>): void;
  announce(announcement: Announcement): void;
  /**
   * Send each channel room its rolling KPIs (`floor:kpis`, R11): `build` gets the channel's
   * teams and returns the figures for them (null: nothing to send to that room).
   */
  publishKpis(build: (teams: '*' | readonly string[]) => FloorRollingKpis | null): void;
  stats(): RealtimeStats;
  close(): Promise<void>;
}

const KNOWN_EVENTS = new Set(['floor:resync', 'pop:watch']);

/** The earlier of two due times, null meaning "nothing due". */
function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

/** Whether an HTTP request or upgrade belongs to Socket.IO (for the server's one router). */
export function isRealtimePath(url: string | undefined): boolean {
  if (url === undefined) return false;
  return url === SOCKET_PATH || url.startsWith(`${SOCKET_PATH}/`) || url.startsWith(`${SOCKET_PATH}?`);
}

export function createRealtime(options: RealtimeOptions): Realtime {
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLog;
  const { floor, metrics, faults } = options;
  const authorize = options.authorize ?? (async () => ({ teams: '*' as const }));
  const maxHttpBufferSize = options.maxHttpBufferSize ?? 16 * 1024;
  const counters = { deltasSent: 0, deltaBytesSent: 0, snapshotsSent: 0, rejected: 0, replaysSent: 0, replayedDeltas: 0, resumesRefused: 0 };

  const broadcaster = new Broadcaster({
    floor,
    batchMs: options.batchMs,
    historyMs: options.historyMs,
    historyMaxDeltas: options.historyMaxDeltas,
    historyMaxBytes: options.historyMaxBytes,
    channelGraceMs: options.channelGraceMs,
  });

  const engine = new EngineServer({
    // WebSocket only: no long-polling, so no sticky sessions once several web nodes serve boards.
    transports: ['websocket'],
    allowUpgrades: false,
    maxHttpBufferSize,
    pingInterval: options.pingIntervalMs ?? 25_000,
    pingTimeout: options.pingTimeoutMs ?? 20_000,
    // Compression per socket would cost CPU per board and defeat Socket.IO's once-per-room frame.
    perMessageDeflate: false,
  });
  const io: FloorServer = new Server({ path: SOCKET_PATH, serveClient: false });
  io.bind(engine);
  const nsp = io.of('/');

  const pop = new PopWatch(io, floor);

  const joins = new SnapshotJoins({
    io,
    broadcaster,
    now,
    batchMs: options.snapshotBatchMs ?? 100,
    sent: (reason) => {
      counters.snapshotsSent += 1;
      metrics?.snapshotSent?.(reason);
    },
    replayed: (deltas) => {
      counters.replaysSent += 1;
      counters.replayedDeltas += deltas;
      metrics?.replaySent?.(deltas);
    },
    resumeRefused: (boards) => {
      counters.resumesRefused += boards;
    },
    failed: (err, channel, sockets) => {
      // A board without its snapshot is useless; let it reconnect rather than crash the server.
      log.error({ err, channel, boards: sockets.length }, 'board snapshot failed');
      for (const socket of sockets) socket.disconnect(true);
    },
  });

  const slow = new SlowBoards({
    maxBufferedPackets: options.maxBufferedPackets ?? 64,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    log,
    metrics,
    // The snapshot batch joins it to the room in the same tick as its snapshot (R1, R6, R12).
    resume: (socket) => {
      joins.add(socket, 'resume');
      // Resumes also come from a transport's 'drain', outside the flush loop.
      loop.poke();
    },
  });

  const rejected = (socket: BoardSocket | undefined, event: string, code: RealtimeErrorCode, message: string): void => {
    counters.rejected += 1;
    metrics?.rejected?.(event, code);
    log.debug({ socket: socket?.id, event, code, message }, 'board message refused');
  };

  const emitDeltas = (out: readonly ChannelDelta[]): void => {
    for (const { channel, delta, wire, bytes } of out) {
      const room = channelRoom(channel);
      const skip: string[] = [];
      for (const id of [...(nsp.adapter.rooms.get(room) ?? [])]) {
        const socket = nsp.sockets.get(id);
        if (socket === undefined) continue;
        // Checked before each send, so at most one delta lands beyond the limit (R6).
        if (slow.checkBeforeSend(socket, room)) continue;
        if (faults?.skipDelta?.(id, delta)) skip.push(id);
      }
      const boards = (nsp.adapter.rooms.get(room)?.size ?? 0) - skip.length;
      if (boards <= 0) continue;
      // One emit per room: Socket.IO encodes the packet and its websocket frame once (R10).
      // Local only: each web node of a cluster numbers its own channels (docs/deploy.md).
      // Wire form (lib/wire.ts): each view was encoded once in the flush, whatever the channels.
      (skip.length > 0 ? io.local.to(room).except(skip) : io.local.to(room)).emit('floor:delta', wire);
      counters.deltasSent += 1;
      counters.deltaBytesSent += bytes * boards;
      metrics?.deltaSent?.(channel, boards, bytes);
    }
  };

  const loop = createFlushLoop({
    now,
    due: () => (pop.hasPending() ? Number.NEGATIVE_INFINITY : earliest(broadcaster.nextFlushAt(), joins.nextFlushAt())),
    run: (time) => {
      slow.recheck();
      const due = broadcaster.nextFlushAt();
      if (due !== null && due <= time) emitDeltas(broadcaster.flush(time));
      const joinsDue = joins.nextFlushAt();
      if (joinsDue !== null && joinsDue <= time) joins.flush(time);
      pop.flush();
    },
    onError: (err) => log.error({ err }, 'realtime flush failed'),
  });

  io.use((socket, next) => {
    const teams = handshakeTeamsSchema.safeParse(socket.handshake.query.teams);
    if (!teams.success) {
      rejected(undefined, 'connect', 'BAD_REQUEST', describeIssue(teams.error));
      next(connectError('BAD_REQUEST', `teams: ${describeIssue(teams.error)}`));
      return;
    }
    authorize(socket.handshake)
      .then((grant) => {
        if (grant === null) {
          rejected(undefined, 'connect', 'UNAUTHORIZED', 'not authorized');
          return next(connectError('UNAUTHORIZED', 'not authorized'));
        }
        if ('refuse' in grant) {
          rejected(undefined, 'connect', grant.refuse, 'refused by authorize');
          return next(connectError(grant.refuse, `refused: ${grant.refuse}`));
        }
        const scope = resolveScope(teams.data, grant);
        if (scope === null) {
          rejected(undefined, 'connect', 'FORBIDDEN', 'no requested team allowed');
          return next(connectError('FORBIDDEN', 'none of the requested teams may be shown'));
        }
        socket.data.scope = scope;
        socket.data.resume = parseResume(socket.handshake.auth, (message) => rejected(undefined, 'connect', 'BAD_REQUEST', message));
        next();
      })
      .catch((err: unknown) => {
        log.error({ err }, 'board authorization failed');
        next(connectError('INTERNAL', 'internal error'));
      });
  });

  io.on('connection', (socket) => {
    const channel = broadcaster.subscribe(socket.data.scope, now());
    socket.data.channel = channel;
    socket.on('disconnect', (reason) => {
      broadcaster.unsubscribe(channel, now());
      pop.forget(socket);
      slow.forget(socket.id);
      joins.forget(socket);
      metrics?.boards?.(nsp.sockets.size);
      log.debug({ socket: socket.id, reason }, 'board disconnected');
    });
    // The snapshot comes with the next batch of joining boards, which joins the channel room in
    // the same tick, so the room's next delta is exactly snapshot.seq + 1 (R1, R12).
    joins.add(socket, 'connect');
    loop.poke();
    registerBoardHandlers(socket, {
      broadcaster,
      floor,
      pop,
      slow,
      now,
      log,
      resyncBurst: options.resyncBurst ?? 5,
      resyncPerSecond: options.resyncPerSecond ?? 1,
      rejected,
      snapshotSent: (reason) => {
        counters.snapshotsSent += 1;
        metrics?.snapshotSent?.(reason);
      },
    });
    const extended = new Set(options.extend?.(socket) ?? []);
    socket.onAny((event: string) => {
      if (!KNOWN_EVENTS.has(event) && !extended.has(event)) rejected(socket, String(event).slice(0, 64), 'BAD_REQUEST', 'unknown event');
    });
    metrics?.boards?.(nsp.sockets.size);
    log.debug({ socket: socket.id, channel }, 'board connected');
  });

  return {
    io,
    handleUpgrade: (req, socket, head) => engine.handleUpgrade(req, socket, head),
    handleRequest: (req, res) => engine.handleRequest(req, res),
    notifyChanged(changed, removed, detailChanged) {
      const c = [...changed];
      const r = [...removed];
      broadcaster.markDirty(c);
      broadcaster.markRemoved(r);
      pop.markChanged(c);
      pop.markChanged(r);
      if (detailChanged !== undefined) pop.markChanged(detailChanged);
      loop.poke();
    },
    announce(announcement) {
      // Paused boards get it inside the snapshot that resumes them.
      // Local only: every web node of a cluster sees the message and announces it itself.
      io.local.except(PAUSED_ROOM).emit('announce:new', announcement);
    },
    publishKpis(build) {
      for (const channel of broadcaster.channels()) {
        const kpis = build(channel.teams);
        // Boards still waiting for their snapshot get them too, as they did before batching (R12).
        if (kpis !== null) io.local.to([channelRoom(channel.key), joiningRoom(channel.key)]).emit('floor:kpis', kpis);
      }
    },
    stats() {
      let largestBuffer: OutgoingBuffer = { packets: 0, bytes: 0 };
      for (const socket of nsp.sockets.values()) {
        const b = outgoingBuffer(socket);
        if (b.bytes > largestBuffer.bytes || b.packets > largestBuffer.packets) {
          largestBuffer = { packets: Math.max(b.packets, largestBuffer.packets), bytes: Math.max(b.bytes, largestBuffer.bytes) };
        }
      }
      return {
        boards: nsp.sockets.size,
        pausedBoards: slow.pausedCount,
        popWatchers: pop.watcherCount,
        ...counters,
        snapshotBatches: joins.batches,
        replayBatches: joins.replayBatches,
        slowBoardPauses: slow.totalPauses,
        largestBuffer,
        channels: broadcaster.channels(),
      };
    },
    async close() {
      loop.stop();
      await io.close();
    },
  };
}
