/**
 * Opening and killing one board's Socket.IO connection, shared by probes and sinks: a real
 * socket.io-client socket, WebSocket transport only, one engine connection per board
 * (`forceNew`), no automatic reconnection (the bench reconnects on purpose).
 */
import { type Socket, io } from 'socket.io-client';
import { type ResumePoint, SOCKET_PATH } from '@/lib/protocol';

/** What a board presents: a display-link token (as a wall-board TV does), when the server has sign-in. */
export interface BoardCredentials {
  display: string;
  /** Bearer token for the HTTP API (GET /api/agents). */
  bearer: string;
}

/**
 * `resume`: what the board holds, offered in the handshake so the server can answer with a replay
 * of the missed deltas instead of a snapshot (docs/realtime-protocol.md R13).
 */
export function openBoardSocket(url: string, query: Record<string, string>, credentials: BoardCredentials | null, parser?: unknown, resume?: ResumePoint | null): Socket {
  const auth = { ...(credentials ? { display: credentials.display } : {}), ...(resume ? { resume } : {}) };
  return io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    // Longer than socket.io's 20 s default: a mass reconnect can keep the server busy that long.
    timeout: 60_000,
    query,
    ...(Object.keys(auth).length > 0 ? { auth } : {}),
    ...(parser ? { parser } : {}),
  });
}

/**
 * Drop the connection without a goodbye: terminate the TCP socket under the WebSocket (as a
 * network blip or a killed browser would), so the server learns it from the socket closing.
 */
export function killBoardSocket(socket: Socket): void {
  const transport = (socket.io as unknown as { engine?: { transport?: { ws?: { terminate?: () => void } } } }).engine?.transport;
  transport?.ws?.terminate?.();
  socket.disconnect();
}
