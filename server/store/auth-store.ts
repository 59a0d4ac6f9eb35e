/**
 * The auth layer's `AuthStore` (server/auth/store.ts) on the history database: users,
 * sessions, display_links, api_tokens (migration 001) and login_failures (migration 002), one
 * SQL statement per method through the repositories in ./repos. Works on PGlite and PostgreSQL
 * alike, on the `Db` or inside an open transaction (any `Queryable`).
 *
 * Same answers as `MemoryAuthStore` (test/store/auth-store.test.ts runs one contract suite on
 * both), with what a database adds:
 * - ids are uuids from gen_random_uuid(); a lookup by anything else finds nothing (no error);
 * - a second username differing only in case fails with `username taken: <name>` (code 23505);
 * - every token_hash must be SHA-256 hex, a display link's teams non-empty (CHECKs, 23514);
 * - a session's user and a link's or token's creator must exist (foreign keys, 23503), and
 *   deleting a user sets `createdBy` of their links and tokens to null (the memory store keeps it);
 * - stale login-failure counters are deleted every `pruneFailuresEvery` failures, as the memory
 *   store bounds its map.
 */
import type { Queryable } from './db';
import * as credentials from './repos/credentials';
import * as failures from './repos/login-failures';
import * as users from './repos/users';
import type {
  ApiTokenRow,
  AuthStore,
  DisplayLinkRow,
  FailureRow,
  NewApiToken,
  NewDisplayLink,
  NewSession,
  NewUser,
  SessionRow,
  UserPatch,
  UserRow,
} from '@/server/auth/store';
import type { Logger } from '@/server/log';

export interface PgAuthStoreOptions {
  /** Delete counters older than the reset window once per this many recorded failures (default 1,000; 0: never). */
  pruneFailuresEvery?: number;
  /** Where a failed prune is reported (it never fails the sign-in that triggered it). */
  log?: Logger;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export class PgAuthStore implements AuthStore {
  private readonly pruneEvery: number;
  private failuresSincePrune = 0;

  constructor(
    private readonly db: Queryable,
    private readonly options: PgAuthStoreOptions = {},
  ) {
    this.pruneEvery = options.pruneFailuresEvery ?? 1_000;
  }

  // -------------------------------------------------------------------------------------------
  // users

  async createUser(user: NewUser): Promise<UserRow> {
    try {
      return await users.createUser(this.db, user);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw Object.assign(new Error(`username taken: ${user.username}`, { cause: err }), { code: '23505' });
    }
  }

  getUser(id: string): Promise<UserRow | null> {
    return users.getUser(this.db, id);
  }

  getUserByUsername(username: string): Promise<UserRow | null> {
    return users.getUserByUsername(this.db, username);
  }

  listUsers(): Promise<UserRow[]> {
    return users.listUsers(this.db);
  }

  updateUser(id: string, patch: UserPatch, at: number): Promise<UserRow | null> {
    return users.updateUser(this.db, id, patch, at);
  }

  deleteUser(id: string): Promise<boolean> {
    return users.deleteUser(this.db, id);
  }

  // -------------------------------------------------------------------------------------------
  // sessions

  createSession(session: NewSession): Promise<SessionRow> {
    return users.createSession(this.db, session);
  }

  findSessionByHash(tokenHash: string): Promise<SessionRow | null> {
    return users.findSessionByHash(this.db, tokenHash);
  }

  getSession(id: string): Promise<SessionRow | null> {
    return users.getSession(this.db, id);
  }

  touchSession(id: string, at: number): Promise<void> {
    return users.touchSession(this.db, id, at);
  }

  revokeSession(id: string, at: number): Promise<boolean> {
    return users.revokeSession(this.db, id, at);
  }

  revokeUserSessions(userId: string, at: number, exceptId?: string): Promise<string[]> {
    return users.revokeUserSessions(this.db, userId, at, exceptId);
  }

  listSessions(userId: string, now: number): Promise<SessionRow[]> {
    return users.listSessions(this.db, userId, now);
  }

  deleteSessionsBefore(before: number): Promise<number> {
    return users.deleteSessionsBefore(this.db, before);
  }

  // -------------------------------------------------------------------------------------------
  // display links

  createDisplayLink(link: NewDisplayLink): Promise<DisplayLinkRow> {
    return credentials.createDisplayLink(this.db, link);
  }

  findDisplayLinkByHash(tokenHash: string): Promise<DisplayLinkRow | null> {
    return credentials.findCredentialByHash(this.db, 'display_links', tokenHash);
  }

  getDisplayLink(id: string): Promise<DisplayLinkRow | null> {
    return credentials.getCredential(this.db, 'display_links', id);
  }

  listDisplayLinks(): Promise<DisplayLinkRow[]> {
    return credentials.listCredentials(this.db, 'display_links');
  }

  revokeDisplayLink(id: string, at: number): Promise<boolean> {
    return credentials.revokeCredential(this.db, 'display_links', id, at);
  }

  touchDisplayLink(id: string, at: number): Promise<void> {
    return credentials.touchCredential(this.db, 'display_links', id, at);
  }

  // -------------------------------------------------------------------------------------------
  // api tokens

  createApiToken(token: NewApiToken): Promise<ApiTokenRow> {
    return credentials.createApiToken(this.db, token);
  }

  findApiTokenByHash(tokenHash: string): Promise<ApiTokenRow | null> {
    return credentials.findCredentialByHash(this.db, 'api_tokens', tokenHash);
  }

  getApiToken(id: string): Promise<ApiTokenRow | null> {
    return credentials.getCredential(this.db, 'api_tokens', id);
  }

  listApiTokens(): Promise<ApiTokenRow[]> {
    return credentials.listCredentials(this.db, 'api_tokens');
  }

  revokeApiToken(id: string, at: number): Promise<boolean> {
    return credentials.revokeCredential(this.db, 'api_tokens', id, at);
  }

  touchApiToken(id: string, at: number): Promise<void> {
    return credentials.touchCredential(this.db, 'api_tokens', id, at);
  }

  // -------------------------------------------------------------------------------------------
  // login failures

  async recordFailure(key: string, at: number, resetBefore: number): Promise<FailureRow> {
    const row = await failures.recordFailure(this.db, key, at, resetBefore);
    if (this.pruneEvery > 0 && ++this.failuresSincePrune >= this.pruneEvery) {
      this.failuresSincePrune = 0;
      // Sprayed usernames or addresses must not grow the table without bound. A separate
      // statement after the count: the upsert stays one atomic statement on its own.
      await this.pruneFailures(resetBefore).catch((err: unknown) => {
        this.options.log?.warn({ err }, 'login_failures prune failed');
      });
    }
    return row;
  }

  getFailure(key: string): Promise<FailureRow | null> {
    return failures.getFailure(this.db, key);
  }

  clearFailure(key: string): Promise<void> {
    return failures.clearFailure(this.db, key);
  }

  /** Not in `AuthStore`: delete counters whose last failure is older than `before`; how many. */
  pruneFailures(before: number): Promise<number> {
    return failures.deleteFailuresBefore(this.db, before);
  }
}
