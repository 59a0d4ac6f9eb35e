/**
 * The auth layer in one object, for the boot code: `createAuth({ store, config })`. Everything
 * else in server/auth takes this (or a part of it).
 */
import { buildPermissionTable, displayMay, roleCan, tokenMay, type AuthAction, type PermissionTable } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { assertNever } from '@/lib/domain/status';
import { ApiTokens } from './api-tokens';
import type { AuthConfig } from './config';
import { DisplayLinks } from './display-links';
import { RevocationEvents, type RevokedListener } from './events';
import { Lockout } from './lockout';
import type { ScryptParams } from './password';
import type { DeadLinkCode } from '@/lib/protocol';
import { deadDisplayLink, resolvePrincipal, type PrincipalSource } from './principal';
import { Sessions } from './sessions';
import type { AuthStore } from './store';
import { Users } from './users';

export interface AuthOptions {
  store: AuthStore;
  config: AuthConfig;
  now?: () => number;
  /** Tests pass cheap parameters; production uses DEFAULT_SCRYPT. */
  scrypt?: ScryptParams;
  permissions?: PermissionTable;
}

export interface Auth {
  readonly config: AuthConfig;
  readonly store: AuthStore;
  readonly permissions: PermissionTable;
  readonly events: RevocationEvents;
  readonly sessions: Sessions;
  readonly users: Users;
  readonly displayLinks: DisplayLinks;
  readonly tokens: ApiTokens;
  readonly lockout: Lockout;
  now(): number;
  /** Cookie / display token / bearer token -> principal; `touch: false` for checks that are not use. */
  resolvePrincipal(source: PrincipalSource, options?: { touch?: boolean }): Promise<Principal | null>;
  /** After a null principal: LINK_REVOKED / LINK_EXPIRED when the source's display token is a dead link's (principal.ts). */
  deadDisplayLink(source: PrincipalSource): Promise<DeadLinkCode | null>;
  /** Role x action for this principal (team scope is the caller's second question: `teamsOf`). */
  can(principal: Principal, action: AuthAction): boolean;
  /** The teams a principal may see: '*' for the whole floor. */
  teamsOf(principal: Principal): '*' | readonly string[];
  /** Revocations (sign-out, disable, password change, link or token revoked): close sockets. */
  onRevoked(listener: RevokedListener): () => void;
}

export function createAuth(options: AuthOptions): Auth {
  const { store, config } = options;
  const now = options.now ?? (() => Date.now());
  const permissions = options.permissions ?? buildPermissionTable({ phoneFullRoles: config.phoneFullRoles });
  const events = new RevocationEvents();
  const lockout = new Lockout(store, config.lockout, now);
  const sessions = new Sessions(store, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs }, events, now);
  const users = new Users(store, sessions, lockout, events, options.scrypt, now);
  const displayLinks = new DisplayLinks(store, events, now);
  const tokens = new ApiTokens(store, events, now);

  const can = (principal: Principal, action: AuthAction): boolean => {
    switch (principal.kind) {
      case 'user':
        return roleCan(principal.actor.role, action, permissions);
      case 'token':
        return tokenMay(principal.access, action) && roleCan(principal.actor.role, action, permissions);
      case 'display':
        return displayMay(action);
      default:
        return assertNever(principal, 'principal');
    }
  };

  return {
    config,
    store,
    permissions,
    events,
    sessions,
    users,
    displayLinks,
    tokens,
    lockout,
    now,
    resolvePrincipal: (source, opts) => resolvePrincipal({ sessions, displayLinks, tokens }, source, opts),
    deadDisplayLink: (source) => deadDisplayLink({ displayLinks }, source),
    can,
    // Actors are built with teamsForRole already (principal.ts), so their teams are the scope.
    teamsOf: (principal) => (principal.kind === 'display' ? principal.teams : principal.actor.teams),
    onRevoked: (listener) => events.onRevoked(listener),
  };
}
