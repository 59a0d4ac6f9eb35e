/**
 * How much a board socket has queued but not yet written to the network (R6).
 *
 * Two places hold it: engine.io's `writeBuffer` (packets waiting while the websocket transport
 * is busy, i.e. the previous write has not reached the kernel yet) and the ws socket's
 * `bufferedAmount` (bytes handed to Node's net.Socket that the kernel has not taken). Neither
 * is typed as public, so they are read structurally here and nowhere else; if a future
 * engine.io renames them the gauge reads 0 and the heartbeat remains the backstop.
 */
import type { BoardSocket } from './options';

export interface OutgoingBuffer {
  packets: number;
  bytes: number;
}

interface EnginePacketLike {
  data?: unknown;
}

interface EngineSocketLike {
  writeBuffer?: readonly EnginePacketLike[];
  request?: { websocket?: { bufferedAmount?: number } };
}

export function outgoingBuffer(socket: BoardSocket): OutgoingBuffer {
  const conn = socket.conn as unknown as EngineSocketLike;
  const queue = conn.writeBuffer ?? [];
  let bytes = conn.request?.websocket?.bufferedAmount ?? 0;
  for (const packet of queue) {
    // Socket.IO hands engine.io pre-encoded strings (or Buffers for binary attachments).
    if (typeof packet.data === 'string') bytes += packet.data.length;
    else if (Buffer.isBuffer(packet.data)) bytes += packet.data.length;
  }
  return { packets: queue.length, bytes };
}
