/**
 * The in-memory AuthStore: one process, gone on restart (sessions and display links then need
 * re-creating). It returns copies, so a caller can never change a stored row by accident, the
 * same as a database would behave.
 */
import { randomUUID } from 'node:crypto';
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
} from './store';

const MAX_FAILURE_KEYS = 10_000;

const copy = <T extends object>(row: T): T => structuredClone(row);

export class MemoryAuthStore implements AuthStore {
  private readonly users = new Map<string, UserRow>();
  private readonly sessions = new Map<string, SessionRow>();
  private readonly links = new Map<string, DisplayLinkRow>();
  private readonly tokens = new Map<string, ApiTokenRow>();
  private readonly failures = new Map<string, FailureRow>();

  async createUser(user: NewUser): Promise<UserRow> {
    if (await this.getUserByUsername(user.username)) throw new Error(`username taken: ${user.username}`);
    const row: UserRow = { ...copy(user), phone: user.phone ?? null, id: randomUUID(), updatedAt: user.createdAt, lastLoginAt: null, disabledAt: null };
    this.users.set(row.id, row);
    return copy(row);
  }

  async getUser(id: string): Promise<UserRow | null> {
    const row = this.users.get(id);
    return row ? copy(row) : null;
  }

  async getUserByUsername(username: string): Promise<UserRow | null> {
    const lower = username.toLowerCase();
    for (const row of this.users.values()) if (row.username.toLowerCase() === lower) return copy(row);
    return null;
  }

  async listUsers(): Promise<UserRow[]> {
    return [...this.users.values()].sort((a, b) => a.username.localeCompare(b.username)).map(copy);
  }

  async updateUser(id: string, patch: UserPatch, at: number): Promise<UserRow | null> {
    const row = this.users.get(id);
    if (!row) return null;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as UserPatch;
    Object.assign(row, copy(defined), { updatedAt: at });
    return copy(row);
  }

  async deleteUser(id: string): Promise<boolean> {
    // ON DELETE CASCADE on sessions.user_id.
    for (const [sid, s] of this.sessions) if (s.userId === id) this.sessions.delete(sid);
    return this.users.delete(id);
  }

  async createSession(session: NewSession): Promise<SessionRow> {
    const row: SessionRow = { ...copy(session), id: randomUUID(), revokedAt: null };
    this.sessions.set(row.id, row);
    return copy(row);
  }

  async findSessionByHash(tokenHash: string): Promise<SessionRow | null> {
    for (const row of this.sessions.values()) if (row.tokenHash === tokenHash) return copy(row);
    return null;
  }

  async getSession(id: string): Promise<SessionRow | null> {
    const row = this.sessions.get(id);
    return row ? copy(row) : null;
  }

  async touchSession(id: string, at: number): Promise<void> {
    const row = this.sessions.get(id);
    if (row) row.lastUsedAt = at;
  }

  async revokeSession(id: string, at: number): Promise<boolean> {
    const row = this.sessions.get(id);
    if (!row || row.revokedAt !== null) return false;
    row.revokedAt = at;
    return true;
  }

  async revokeUserSessions(userId: string, at: number, exceptId?: string): Promise<string[]> {
    const ids: string[] = [];
    for (const row of this.sessions.values()) {
      if (row.userId !== userId || row.id === exceptId || row.revokedAt !== null) continue;
      row.revokedAt = at;
      ids.push(row.id);
    }
    return ids;
  }

  async listSessions(userId: string, now: number): Promise<SessionRow[]> {
    return [...this.sessions.values()]
      .filter((s) => s.userId === userId && s.revokedAt === null && s.expiresAt > now)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(copy);
  }

  async deleteSessionsBefore(before: number): Promise<number> {
    let n = 0;
    for (const [id, s] of this.sessions) {
      if (s.expiresAt <= before || (s.revokedAt !== null && s.revokedAt <= before)) {
        this.sessions.delete(id);
        n += 1;
      }
    }
    return n;
  }

  async createDisplayLink(link: NewDisplayLink): Promise<DisplayLinkRow> {
    const row: DisplayLinkRow = { ...copy(link), id: randomUUID(), revokedAt: null, lastUsedAt: null };
    this.links.set(row.id, row);
    return copy(row);
  }

  async findDisplayLinkByHash(tokenHash: string): Promise<DisplayLinkRow | null> {
    for (const row of this.links.values()) if (row.tokenHash === tokenHash) return copy(row);
    return null;
  }

  async getDisplayLink(id: string): Promise<DisplayLinkRow | null> {
    const row = this.links.get(id);
    return row ? copy(row) : null;
  }

  async listDisplayLinks(): Promise<DisplayLinkRow[]> {
    return [...this.links.values()].sort((a, b) => b.createdAt - a.createdAt).map(copy);
  }

  async revokeDisplayLink(id: string, at: number): Promise<boolean> {
    const row = this.links.get(id);
    if (!row || row.revokedAt !== null) return false;
    row.revokedAt = at;
    return true;
  }

  async touchDisplayLink(id: string, at: number): Promise<void> {
    const row = this.links.get(id);
    if (row) row.lastUsedAt = at;
  }

  async createApiToken(token: NewApiToken): Promise<ApiTokenRow> {
    const row: ApiTokenRow = { ...copy(token), id: randomUUID(), revokedAt: null, lastUsedAt: null };
    this.tokens.set(row.id, row);
    return copy(row);
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRow | null> {
    for (const row of this.tokens.values()) if (row.tokenHash === tokenHash) return copy(row);
    return null;
  }

  async getApiToken(id: string): Promise<ApiTokenRow | null> {
    const row = this.tokens.get(id);
    return row ? copy(row) : null;
  }

  async listApiTokens(): Promise<ApiTokenRow[]> {
    return [...this.tokens.values()].sort((a, b) => b.createdAt - a.createdAt).map(copy);
  }

  async revokeApiToken(id: string, at: number): Promise<boolean> {
    const row = this.tokens.get(id);
    if (!row || row.revokedAt !== null) return false;
    row.revokedAt = at;
    return true;
  }

  async touchApiToken(id: string, at: number): Promise<void> {
    const row = this.tokens.get(id);
    if (row) row.lastUsedAt = at;
  }

  async recordFailure(key: string, at: number, resetBefore: number): Promise<FailureRow> {
    const prev = this.failures.get(key);
    const row: FailureRow =
      prev && prev.lastAt >= resetBefore
        ? { key, failures: prev.failures + 1, firstAt: prev.firstAt, lastAt: at }
        : { key, failures: 1, firstAt: at, lastAt: at };
    this.failures.set(key, row);
    // Sprayed usernames or addresses must not grow the map without bound.
    if (this.failures.size > MAX_FAILURE_KEYS) {
      for (const [k, f] of this.failures) if (f.lastAt < resetBefore) this.failures.delete(k);
    }
    return { ...row };
  }

  async getFailure(key: string): Promise<FailureRow | null> {
    const row = this.failures.get(key);
    return row ? { ...row } : null;
  }

  async clearFailure(key: string): Promise<void> {
    this.failures.delete(key);
  }
}
