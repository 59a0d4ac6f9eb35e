/**
 * Slow-board policy (R6): a board whose outgoing buffer passes a limit is paused, i.e. it
 * leaves its channel room and gets no more deltas, so the server never queues more than about
 * one delta beyond the limit for it. When its buffer has drained it is resumed: it rejoins the
 * room and receives a fresh snapshot in the same tick (the snapshot replaces everything the
 * board held, so the deltas it missed do not matter).
 *
 * Pausing rather than disconnecting keeps a TV on a poor link showing something, and avoids a
 * reconnect storm when a whole floor's boards slow down together. A board that stops reading
 * altogether stops answering engine.io's pings and is closed by the heartbeat.
 */
import { outgoingBuffer } from './buffer-gauge';
import type { BoardSocket, RealtimeLog, RealtimeMetrics } from './options';
import { PAUSED_ROOM } from './rooms';

export interface SlowBoardOptions {
  maxBufferedPackets: number;
  maxBufferedBytes: number;
  /** Rejoin the channel room and send a snapshot, in one tick. */
  resume: (socket: BoardSocket) => void;
  log: RealtimeLog;
  metrics?: RealtimeMetrics;
}

interface PausedBoard {
  socket: BoardSocket;
  detach: () => void;
}

export class SlowBoards {
  private readonly paused = new Map<string, PausedBoard>();
  private pauses = 0;

  constructor(private readonly options: SlowBoardOptions) {}

  get pausedCount(): number {
    return this.paused.size;
  }

  get totalPauses(): number {
    return this.pauses;
  }

  isPaused(socketId: string): boolean {
    return this.paused.has(socketId);
  }

  isOverLimit(socket: BoardSocket): boolean {
    const buffer = outgoingBuffer(socket);
    return buffer.packets > this.options.maxBufferedPackets || buffer.bytes > this.options.maxBufferedBytes;
  }

  /** Pause the socket if its buffer is over the limit; true when it was paused. */
  checkBeforeSend(socket: BoardSocket, channelRoomName: string): boolean {
    if (this.paused.has(socket.id) || !this.isOverLimit(socket)) return false;
    this.pause(socket, channelRoomName);
    return true;
  }

  /** Check every paused board again (called on each flush tick, as a backstop to 'drain'). */
  recheck(): void {
    for (const { socket } of [...this.paused.values()]) this.tryResume(socket);
  }

  /** The socket disconnected: drop its listeners. */
  forget(socketId: string): void {
    const entry = this.paused.get(socketId);
    if (entry === undefined) return;
    entry.detach();
    this.paused.delete(socketId);
  }

  private pause(socket: BoardSocket, channelRoomName: string): void {
    const buffer = outgoingBuffer(socket);
    void socket.leave(channelRoomName);
    void socket.join(PAUSED_ROOM);
    // The websocket transport emits 'drain' each time its last queued write reached the kernel.
    const transport = socket.conn.transport;
    const onDrain = (): void => this.tryResume(socket);
    transport.on('drain', onDrain);
    this.paused.set(socket.id, { socket, detach: () => transport.off('drain', onDrain) });
    this.pauses += 1;
    this.options.metrics?.slowBoard?.('paused');
    this.options.log.warn({ socket: socket.id, ...buffer }, 'slow board paused');
  }

  private tryResume(socket: BoardSocket): void {
    if (!this.paused.has(socket.id)) return;
    if (!socket.connected) {
      this.forget(socket.id);
      return;
    }
    const buffer = outgoingBuffer(socket);
    // Resume only well below the limit, so a board hovering at it does not flap.
    if (buffer.packets > 0 || buffer.bytes > this.options.maxBufferedBytes / 4) return;
    this.forget(socket.id);
    void socket.leave(PAUSED_ROOM);
    this.options.resume(socket);
    this.options.metrics?.slowBoard?.('resumed');
    this.options.log.info({ socket: socket.id }, 'slow board resumed');
  }
}
