/**
 * The acting user for the control plane, from the principal the guard or the socket authorize
 * resolved: replaces LOCAL_OPERATOR in server/live/control-wiring.ts. Display links never act;
 * read-only tokens are refused by the guard before any state-changing route runs.
 */
import type { IncomingMessage } from 'node:http';
import type { Actor } from '@/lib/control/actor';
import type { Principal } from '@/lib/auth/types';
import type { SocketHandshake } from '@/server/realtime/options';
import type { HttpGuard } from './http-guard';
import type { SocketAuth } from './socket-authorize';

/** The actor behind a principal, or null for a display link or no principal. */
export function actorOf(principal: Principal | null, options: { acting?: boolean } = {}): Actor | null {
  if (!principal) return null;
  switch (principal.kind) {
    case 'user':
      return principal.actor;
    case 'token':
      return options.acting && principal.access !== 'act' ? null : principal.actor;
    case 'display':
      return null;
    default:
      return null;
  }
}

/** `actorFor(req)` for createControlPlane: reads what the guard resolved for this request. */
export function createActorFor(guard: Pick<HttpGuard, 'principalOf'>): (req: IncomingMessage) => Actor | null {
  return (req) => actorOf(guard.principalOf(req));
}

/** The acting user of a board socket (null: a display or read-only socket, which may not act). */
export function createSocketActorFor(sockets: Pick<SocketAuth, 'principalOf'>): (socket: { handshake: SocketHandshake }) => Actor | null {
  return (socket) => actorOf(sockets.principalOf(socket), { acting: true });
}
