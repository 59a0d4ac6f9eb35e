/**
 * Sign-in, roles scoped to teams, display links, API tokens: the auth layer for the boot code.
 *
 *   const auth = createAuth({ store: new MemoryAuthStore(), config: parseAuthConfig(process.env) });
 *   const admin = await ensureInitialAdmin(auth.store, process.env);
 *   const guard = createHttpGuard({ auth, owns: (p) => router.owns(p) });   // before routing
 *   registerAuthRoutes(router, { auth, guard, audit });
 *   const sockets = createSocketAuth({ auth });   // realtime authorize + extend; sockets.wire(io)
 *
 * docs/security.md describes the rules (ids A-*, PW-*, LO-*, SE-*, DL-*, TK-*, HG-*, SO-*, AU-*, PR-*).
 */
export { createAuth, type Auth, type AuthOptions } from './auth';
export { parseAuthConfig, AuthConfigError, type AuthConfig } from './config';
export { MemoryAuthStore } from './memory-store';
export type { AuthStore, UserRow, SessionRow, DisplayLinkRow, ApiTokenRow, FailureRow } from './store';
export { ensureInitialAdmin, type InitialAdmin } from './bootstrap';
export { createHttpGuard, DEFAULT_RULES, type HttpGuard, type GuardRule, type Access } from './http-guard';
export { registerAuthRoutes, type AuthRouteDeps } from './routes';
export type { AuthAuditRecord, AuditSink } from './http-kit';
export { createSocketAuth, disconnectRevoked, authRoom, type SocketAuth, type DisconnectTarget } from './socket-authorize';
export { actorOf, createActorFor, createSocketActorFor } from './actor';
export type { RevokedEvent, RevokedListener } from './events';
export { hashPassword, verifyPassword, DEFAULT_SCRYPT, type ScryptParams } from './password';
export { privacyFor, type Privacy } from './privacy';
