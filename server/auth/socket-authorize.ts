/**
 * Board sockets and auth (SO-1..SO-5). `authorize` is the realtime layer's hook: it checks the
 * Origin (cross-site WebSocket hijacking), resolves the principal from the handshake (session
 * cookie, display token, bearer) and grants its teams. `extend` (the realtime `extend` hook,
 * run first) puts each socket in rooms named after its credential, so a revocation closes
 * exactly the sockets opened with it (`disconnectRevoked`), and re-checks the credential every
 * `recheckMs`, so an expired session or link is cut off while connected even without an event.
 */
import type { Principal } from '@/lib/auth/types';
import { assertNever } from '@/lib/domain/status';
import type { RealtimeErrorCode } from '@/lib/protocol';
import type { BoardGrant, BoardRefusal, BoardSocket, RealtimeLog, SocketHandshake } from '@/server/realtime/options';
import { PHONE_FULL_ROOM } from '@/server/realtime/pop-watch';
import type { Auth } from './auth';
import type { RevokedEvent } from './events';
import { socketOriginAllowed } from './origin';

export const authRoom = {
  session: (id: string) => `auth:session:${id}`,
  user: (id: string) => `auth:user:${id}`,
  display: (id: string) => `auth:display:${id}`,
  token: (id: string) => `auth:token:${id}`,
};

export function roomsFor(principal: Principal): string[] {
  switch (principal.kind) {
    case 'user':
      return [authRoom.session(principal.sessionId), authRoom.user(principal.userId)];
    case 'display':
      return [authRoom.display(principal.linkId)];
    case 'token':
      return [authRoom.token(principal.tokenId)];
    default:
      return assertNever(principal, 'principal');
  }
}

function sameTeams(a: '*' | readonly string[], b: '*' | readonly string[]): boolean {
  return a === '*' || b === '*' ? a === b : a.length === b.length && a.every((t, i) => t === b[i]);
}

function sameCredential(a: Principal, b: Principal): boolean {
  // A changed role or team list also ends the socket: it reconnects with the new scope.
  if (a.kind === 'user' && b.kind === 'user') return a.sessionId === b.sessionId && a.actor.role === b.actor.role && sameTeams(a.actor.teams, b.actor.teams);
  if (a.kind === 'display' && b.kind === 'display') return a.linkId === b.linkId;
  if (a.kind === 'token' && b.kind === 'token') return a.tokenId === b.tokenId;
  return false;
}

/** What `disconnectRevoked` needs of a Socket.IO server (any adapter: with Redis it reaches every node). */
export interface DisconnectTarget {
  in(room: string): { disconnectSockets(close?: boolean): void; except(room: string): { disconnectSockets(close?: boolean): void } };
}

/** Close the sockets a revocation concerns. */
export function disconnectRevoked(io: DisconnectTarget, event: RevokedEvent): void {
  switch (event.kind) {
    case 'session':
      return io.in(authRoom.session(event.sessionId)).disconnectSockets(true);
    case 'user':
      if (event.exceptSessionId) return io.in(authRoom.user(event.userId)).except(authRoom.session(event.exceptSessionId)).disconnectSockets(true);
      return io.in(authRoom.user(event.userId)).disconnectSockets(true);
    case 'display':
      return io.in(authRoom.display(event.linkId)).disconnectSockets(true);
    case 'token':
      return io.in(authRoom.token(event.tokenId)).disconnectSockets(true);
    default:
      return assertNever(event, 'revocation');
  }
}

export interface SocketAuthOptions {
  auth: Auth;
  /** Default: auth.config.socketRecheckMs. */
  recheckMs?: number;
  log?: RealtimeLog;
  /** Count a socket event refused for want of a permission (the realtime layer's `rejected` metric). */
  onRefused?: (event: string, code: RealtimeErrorCode) => void;
}

/** Board events that need a permission beyond `view_board`. */
const EVENT_PERMISSIONS = { 'pop:watch': 'view_pop' } as const;

export interface SocketAuth {
  /**
   * RealtimeOptions.authorize: null (UNAUTHORIZED) for no credential, `{ refuse: LINK_REVOKED |
   * LINK_EXPIRED }` for the token of a link that exists but is dead, so its TV can say so.
   */
  authorize(handshake: SocketHandshake): Promise<BoardGrant | BoardRefusal | null>;
  /**
   * Call first in RealtimeOptions.extend; handles no events (returns []). It puts the socket in
   * its credential's rooms and in PHONE_FULL_ROOM when it may see numbers in full, and refuses
   * `pop:watch` (ack FORBIDDEN) when the principal lacks `view_pop` (viewers, display links).
   */
  extend(socket: BoardSocket): readonly string[];
  /** The principal a connected socket was authorized as. */
  principalOf(socket: { handshake: SocketHandshake }): Principal | null;
  /** Subscribe `disconnectRevoked(io, ...)` to the auth's revocations; returns the unsubscribe. */
  wire(io: DisconnectTarget): () => void;
  /** Stop every re-check timer. */
  close(): void;
}

export function createSocketAuth(options: SocketAuthOptions): SocketAuth {
  const { auth, log } = options;
  const recheckMs = options.recheckMs ?? auth.config.socketRecheckMs;
  const origins = { allowedOrigins: auth.config.allowedOrigins, trustProxy: auth.config.trustProxy };
  const principals = new WeakMap<SocketHandshake, Principal>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  /**
   * A Socket.IO middleware runs before every handler, so a refused event never reaches the
   * realtime layer's handler: the ack answers FORBIDDEN and nothing is joined or sent.
   */
  function refuseWithoutPermission(socket: BoardSocket, principal: Principal): void {
    socket.use((packet, next) => {
      const event = packet[0];
      const needs = EVENT_PERMISSIONS[event as keyof typeof EVENT_PERMISSIONS];
      if (needs === undefined || auth.can(principal, needs)) return next();
      options.onRefused?.(event, 'FORBIDDEN');
      log?.info({ socket: socket.id, event, kind: principal.kind }, 'board event refused: permission missing');
      const ack = packet[packet.length - 1];
      if (typeof ack === 'function') (ack as (reply: unknown) => void)({ ok: false, code: 'FORBIDDEN', message: `${event} needs the ${needs} permission` });
    });
  }

  return {
    async authorize(handshake) {
      if (!socketOriginAllowed(handshake.headers, origins)) {
        log?.debug({ origin: handshake.headers.origin }, 'board socket from a foreign origin refused');
        return null;
      }
      const principal = await auth.resolvePrincipal(handshake);
      if (!principal) {
        const dead = await auth.deadDisplayLink(handshake);
        if (dead) log?.info({ code: dead }, 'board socket with a dead display link refused');
        return dead ? { refuse: dead } : null;
      }
      if (!auth.can(principal, 'view_board')) return null;
      principals.set(handshake, principal);
      const teams = auth.teamsOf(principal);
      return { teams: teams === '*' ? '*' : [...teams] };
    },

    extend(socket) {
      const principal = principals.get(socket.handshake);
      if (!principal) {
        // Authorized by some other hook: nothing of ours to watch.
        return [];
      }
      for (const room of roomsFor(principal)) void socket.join(room);
      if (auth.can(principal, 'view_phone_full')) void socket.join(PHONE_FULL_ROOM);
      refuseWithoutPermission(socket, principal);
      let timer: ReturnType<typeof setTimeout> | null = null;
      const stop = () => {
        if (timer) {
          clearTimeout(timer);
          timers.delete(timer);
          timer = null;
        }
      };
      const schedule = () => {
        timer = setTimeout(() => {
          if (timer) timers.delete(timer);
          timer = null;
          auth
            .resolvePrincipal(socket.handshake)
            .then((now) => {
              if (!socket.connected) return;
              if (!now || !sameCredential(principal, now)) {
                log?.info({ socket: socket.id, kind: principal.kind }, 'board credential no longer valid: disconnecting');
                socket.disconnect(true);
              } else schedule();
            })
            .catch((err: unknown) => {
              // A store outage must not drop every board: try again next time.
              log?.warn({ err }, 'board credential re-check failed');
              if (socket.connected) schedule();
            });
        }, recheckMs);
        timers.add(timer);
      };
      schedule();
      socket.on('disconnect', stop);
      return [];
    },

    principalOf: (socket) => principals.get(socket.handshake) ?? null,

    wire(io) {
      return auth.onRevoked((event) => disconnectRevoked(io, event));
    },

    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
