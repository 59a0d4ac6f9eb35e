/**
 * Sign-in for the whole server: the HTTP guard in front of every route and page, Socket.IO
 * handshakes authorized from the same principals, revocations cutting sockets off, and the
 * acting user handed to the control and alert paths.
 */
import type { IncomingMessage } from 'node:http';
import type { Actor } from '@/lib/control/actor';
import type { Router } from '@/server/http/routes';
import type { Logger } from '@/server/log';
import {
  type Auth,
  type AuthStore,
  type HttpGuard,
  type InitialAdmin,
  type SocketAuth,
  createActorFor,
  createAuth,
  createHttpGuard,
  createSocketActorFor,
  createSocketAuth,
  ensureInitialAdmin,
  parseAuthConfig,
} from '@/server/auth/index';
import type { GuardRule } from '@/server/auth/http-guard';
import type { RealtimeErrorCode } from '@/lib/protocol';
import type { FloorServer, SocketHandshake } from '@/server/realtime/options';

/** Routes added after the auth module's own table (alerts); the handlers check roles themselves. */
const EXTRA_RULES: readonly GuardRule[] = [
  { method: 'POST', path: /^\/api\/admin\/roster\/reload\/?$/, access: { can: 'manage_users' }, kinds: ['user'] },
  { method: 'POST', path: /^\/api\/alerts\/[^/]+\/ack\/?$/, access: 'signed_in', kinds: ['user', 'token'] },
  { method: ['PUT', 'POST', 'DELETE'], path: /^\/api\/alert-rules(\/.*)?$/, access: 'signed_in', kinds: ['user'] },
  { method: 'PUT', path: /^\/api\/settings\/thresholds\/?$/, access: 'signed_in', kinds: ['user'] },
];

export interface AuthWiring {
  auth: Auth;
  guard: HttpGuard;
  sockets: SocketAuth;
  initialAdmin: InitialAdmin;
  actorFor(req: IncomingMessage): Actor | null;
  actorForSocket(socket: { handshake: SocketHandshake }): Actor | null;
  /** Teams the request's principal may see ('*' for all, [] for none). */
  teamsOf(req: IncomingMessage): '*' | readonly string[];
  /** Subscribe revocations to the realtime server (call once it exists). */
  attach(io: FloorServer): void;
  close(): void;
}

export async function wireAuth(deps: {
  store: AuthStore;
  env: Record<string, string | undefined>;
  router: Router;
  log: Logger;
  /** Count a board event refused for want of a permission (pop:watch without view_pop). */
  onSocketRefused?: (event: string, code: RealtimeErrorCode) => void;
}): Promise<AuthWiring> {
  const auth = createAuth({ store: deps.store, config: parseAuthConfig(deps.env) });
  const initialAdmin = await ensureInitialAdmin(auth.store, deps.env);
  const guard = createHttpGuard({ auth, owns: (p) => deps.router.owns(p), rules: EXTRA_RULES });
  const sockets = createSocketAuth({ auth, log: deps.log, ...(deps.onSocketRefused ? { onRefused: deps.onSocketRefused } : {}) });
  const prune = setInterval(() => {
    void auth.sessions.prune().catch((err: unknown) => deps.log.warn({ err }, 'session prune failed'));
  }, 60 * 60_000);
  prune.unref();
  let unwire: (() => void) | null = null;
  return {
    auth,
    guard,
    sockets,
    initialAdmin,
    actorFor: createActorFor(guard),
    actorForSocket: createSocketActorFor(sockets),
    teamsOf(req) {
      const p = guard.principalOf(req);
      return p ? auth.teamsOf(p) : [];
    },
    attach(io) {
      unwire = sockets.wire(io);
    },
    close() {
      clearInterval(prune);
      unwire?.();
      sockets.close();
    },
  };
}
