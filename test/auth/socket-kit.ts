/**
 * Board sockets for the auth tests: a real socket.io-client socket to the realtime test server
 * (websocket only, no reconnection), sending the credential a browser would (cookie, display
 * token) and the page's own Origin unless told otherwise. Opened sockets are tracked; call
 * closeBoardSockets() in afterEach.
 */
import { io } from 'socket.io-client';
import { SOCKET_PATH } from '@/lib/protocol';
import type { ClientSocket, TestServer } from '../realtime/helpers';

const opened: ClientSocket[] = [];

export interface BoardCredential {
  cookie?: string;
  origin?: string;
  teams?: string;
  display?: string;
  /** An Authorization header (e.g. `Bearer <token>`). */
  authorization?: string;
}

export function connectBoard(server: TestServer, options: BoardCredential = {}): ClientSocket {
  const host = new URL(server.url).host;
  const socket: ClientSocket = io(server.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    query: options.teams ? { teams: options.teams } : {},
    ...(options.display ? { auth: { display: options.display } } : {}),
    extraHeaders: { origin: options.origin ?? `http://${host}`, ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.authorization ? { authorization: options.authorization } : {}) },
  });
  opened.push(socket);
  return socket;
}

export function closeBoardSockets(): void {
  for (const s of opened.splice(0)) s.disconnect();
}
