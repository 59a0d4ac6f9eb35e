/**
 * Realtime test helpers: a real HTTP server on port 0 routing upgrades the way the custom
 * server does, real socket.io-client sockets (websocket only), and waitFor().
 * Everything opened is tracked; call closeAll() in afterEach.
 */
import { Agent, type ClientRequestArgs, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket as NetSocket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Socket, io } from 'socket.io-client';
import { type ClientToServerEvents, SOCKET_PATH, type ServerToClientEvents } from '@/lib/protocol';
import { type Realtime, createRealtime, isRealtimePath } from '@/server/realtime/create-realtime';
import type { RealtimeOptions } from '@/server/realtime/options';
import { FakeFloor, roster } from './fake-floor';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  realtime: Realtime;
  floor: FakeFloor;
  close(): Promise<void>;
}

const open: (() => Promise<void> | void)[] = [];

export async function closeAll(): Promise<void> {
  // Clients first, so the server does not wait on them.
  while (open.length > 0) await open.pop()?.();
}

export async function startServer(options: Partial<RealtimeOptions> & { floor?: FakeFloor } = {}): Promise<TestServer> {
  const floor = options.floor ?? new FakeFloor().seed(roster(30, ['A', 'B', 'C']));
  const realtime = createRealtime({ batchMs: 20, ...options, floor });
  floor.onChange = (changed, removed, detailChanged) => realtime.notifyChanged(changed, removed, detailChanged);
  // The custom server's single router: Socket.IO's path to the realtime layer, the rest elsewhere.
  const http = createServer((req, res) => {
    if (isRealtimePath(req.url)) return realtime.handleRequest(req, res);
    res.statusCode = 404;
    res.end();
  });
  http.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    if (isRealtimePath(req.url)) realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  // Upgraded sockets still hold http.close() open (a ws close handshake with a peer that
  // stopped reading waits 30 s), so the test server destroys whatever is left.
  const sockets = new Set<NetSocket>();
  http.on('connection', (s: NetSocket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    floor.onChange = undefined;
    await realtime.close();
    const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await stopped;
  };
  open.push(close);
  return { url: `http://127.0.0.1:${port}`, realtime, floor, close };
}

export interface ClientOptions {
  teams?: string;
  /** Extra handshake query parameters. */
  query?: Record<string, string>;
  reconnection?: boolean;
  agent?: Agent;
  /** Handshake `auth`: an object, or a function asked again on every (re)connect (R13 resume points). */
  auth?: Record<string, unknown> | ((cb: (data: object) => void) => void);
}

export function createClient(server: TestServer, options: ClientOptions = {}): ClientSocket {
  const socket: ClientSocket = io(server.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    query: { ...options.query, ...(options.teams === undefined ? {} : { teams: options.teams }) },
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 20,
    reconnectionDelayMax: 50,
    ...(options.auth ? { auth: options.auth } : {}),
    // engine.io-client types `agent` as string | boolean, but hands it to ws/http as an Agent.
    ...(options.agent ? { agent: options.agent as unknown as string } : {}),
  });
  open.push(() => {
    socket.disconnect();
  });
  return socket;
}

export async function waitFor(predicate: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the connect_error's code, or rejects if the socket connects. */
export function connectErrorCode(socket: ClientSocket): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected unexpectedly')));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code));
  });
}

/** An HTTP agent that keeps the TCP sockets it opens, so a test can stop reading from one. */
export class CapturingAgent extends Agent {
  readonly captured: NetSocket[] = [];

  constructor() {
    super();
    open.push(() => {
      for (const s of this.captured) s.destroy();
      this.destroy();
    });
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const stream = super.createConnection(options, callback);
    if (stream instanceof NetSocket) this.captured.push(stream);
    return stream;
  }
}
