/**
 * The Socket.IO side of the floor store. Same origin by default (the custom server serves Next
 * and Socket.IO on one port); NEXT_PUBLIC_FLOOR_SOCKET_URL points a development board at
 * another server (docs/board.md). WebSocket only: long-polling through a proxy hides drops
 * behind slow requests, and the board must notice a drop at once.
 */
import { io, type Socket } from 'socket.io-client';
import {
  SOCKET_PATH,
  isDeadLinkCode,
  type BoardHandshakeAuth,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@/lib/protocol';
import { alertStoreFor, type AlertAckSender } from './alert-store';
import { setClusterFeed } from './cluster-feed';
import { controlChannel } from './control-channel';
import type { FloorTransport, FloorTransportHandlers } from './floor-transport';
import { decodeDelta, decodeReplay, decodeResyncReply, decodeSnapshot } from '@/lib/wire';
import { setTeamThresholds } from './tier-config';
import { NOT_CONNECTED } from './pop-watch';

type FloorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const ACK_TIMEOUT_MS = 10_000;
/** After the server closed the socket itself, Socket.IO does not retry: we do, after this. */
const SERVER_CLOSE_RETRY_MS = 3000;
const REFUSED_RETRY_MS = 10_000;

export function floorSocketUrl(): string | undefined {
  const url = process.env.NEXT_PUBLIC_FLOOR_SOCKET_URL;
  return url ? url : undefined;
}

export interface SocketTransportOptions {
  /** Teams for the handshake (BoardHandshake.teams); empty: all the user may see. */
  teams: readonly string[];
  url?: string;
}

export function createSocketTransport(options: SocketTransportOptions): FloorTransport {
  let socket: FloorSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let ackSender: AlertAckSender | null = null;
  let detachControl: (() => void) | null = null;

  const requireSocket = (): FloorSocket => {
    if (!socket || !socket.connected) throw new Error(NOT_CONNECTED);
    return socket;
  };

  return {
    start(h: FloorTransportHandlers) {
      const query: Record<string, string> = {};
      if (options.teams.length) query.teams = options.teams.join(',');
      // `auth` as a function is asked again on every reconnect: the board offers what it holds then (R13).
      const auth = (cb: (data: BoardHandshakeAuth) => void): void => {
        const resume = h.resumePoint();
        cb(resume ? { resume } : {});
      };
      const opts = { path: SOCKET_PATH, transports: ['websocket'], query, auth, reconnectionDelayMax: 10_000 };
      const url = options.url ?? floorSocketUrl();
      const s: FloorSocket = url ? io(url, opts) : io(opts);
      socket = s;
      s.on('connect', () => h.connected());
      s.on('cluster:feed', setClusterFeed);
      s.on('disconnect', (reason) => {
        setClusterFeed(null);
        h.disconnected(reason);
        if (reason === 'io server disconnect') {
          retry = setTimeout(() => s.connect(), SERVER_CLOSE_RETRY_MS);
        }
      });
      s.on('connect_error', (err) => {
        // A refusal by the server's handshake check carries a code (docs/realtime-protocol.md);
        // Socket.IO does not retry it. INTERNAL is worth a slow retry, the others are not.
        const code = (err as Error & { data?: { code?: unknown } }).data?.code;
        if (typeof code === 'string') {
          // LINK_REVOKED / LINK_EXPIRED are final (links are never restored): no retry at all.
          if (isDeadLinkCode(code) && retry) clearTimeout(retry);
          h.refused(code);
          if (code === 'INTERNAL') retry = setTimeout(() => s.connect(), REFUSED_RETRY_MS);
          return;
        }
        h.disconnected(err.message);
      });
      // Decoded here, at the socket boundary (lib/wire.ts); a malformed packet is dropped and the
      // store resyncs, rather than applying half of it or throwing inside Socket.IO.
      const decoded =
        <W, T>(decode: (wire: unknown) => T, deliver: (value: T) => void, what: string) =>
        (wire: W): void => {
          let value: T;
          try {
            value = decode(wire);
          } catch (err) {
            h.malformed(`${what}: ${(err as Error).message}`);
            return;
          }
          deliver(value);
        };
      s.on('floor:snapshot', decoded(decodeSnapshot, (v) => h.snapshot(v), 'floor:snapshot'));
      s.on('floor:delta', decoded(decodeDelta, (v) => h.delta(v), 'floor:delta'));
      s.on('floor:replay', decoded(decodeReplay, (v) => h.replay(v), 'floor:replay'));
      s.on('announce:new', (a) => h.announcement(a));
      s.on('pop:detail', (d) => h.popDetail(d));
      s.on('floor:kpis', (k) => h.rollingKpis(k));
      s.on('settings:thresholds', (t) => setTeamThresholds(t.teams));
      // Alerts go to the alert store of the same team filter (lib/client/alert-store.ts).
      const alerts = alertStoreFor(options.teams);
      s.on('alert:snapshot', (snapshot) => alerts.applySnapshot(snapshot));
      s.on('alert:opened', (batch) => alerts.applyOpened(batch));
      s.on('alert:updated', (batch) => alerts.applyUpdated(batch));
      s.on('alert:closed', (batch) => alerts.applyClosed(batch));
      ackSender = async (req) => requireSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('alert:ack', req);
      alerts.setSender(ackSender);
      // Agent actions, their late results and announcement receipts share this socket.
      detachControl = controlChannel.attach(s);
    },
    async resync(sinceSeq) {
      const ack = await requireSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('floor:resync', { sinceSeq });
      if (!ack.ok) return ack;
      try {
        return { ok: true, data: decodeResyncReply(ack.data) };
      } catch (err) {
        return { ok: false, code: 'BAD_REPLY', message: (err as Error).message };
      }
    },
    async watchPop(extno) {
      return requireSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('pop:watch', { extno });
    },
    stop() {
      if (retry) clearTimeout(retry);
      if (ackSender) alertStoreFor(options.teams).clearSender(ackSender);
      ackSender = null;
      detachControl?.();
      detachControl = null;
      socket?.removeAllListeners();
      socket?.disconnect();
      socket = null;
    },
  };
}
