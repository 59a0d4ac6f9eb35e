/**
 * Sign-in sessions (SE-1..SE-5). The cookie holds 32 random bytes; the store holds only their
 * SHA-256, so a leaked database cannot be replayed as cookies. A session ends at the first of:
 * sign-out or revocation, `idleMs` without use, `absoluteMs` after sign-in, the user disabled
 * or deleted.
 */
import type { SessionInfo } from '@/lib/auth/types';
import type { RevocationEvents } from './events';
import { hashSecret, looksLike, newSecret } from './secrets';
import type { AuthStore, SessionRow, UserRow } from './store';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Write `lastUsedAt` at most this often (a board polls; the database need not hear each poll). */
  touchEveryMs?: number;
}

export interface ValidSession {
  session: SessionRow;
  user: UserRow;
  /** When this session ends if nothing else happens (the earlier of idle and absolute). */
  endsAt: number;
}

export class Sessions {
  private readonly touchEveryMs: number;

  constructor(
    private readonly store: AuthStore,
    private readonly policy: SessionPolicy,
    private readonly events: RevocationEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.touchEveryMs = Math.min(policy.touchEveryMs ?? 60_000, Math.floor(policy.idleMs / 4));
  }

  /** Returns the cookie value (shown to no one else, never stored) and the stored row. */
  async create(userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<{ token: string; session: SessionRow }> {
    const token = newSecret('session');
    const t = this.now();
    const session = await this.store.createSession({
      tokenHash: hashSecret(token),
      userId,
      createdAt: t,
      expiresAt: t + this.policy.absoluteMs,
      lastUsedAt: t,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    return { token, session };
  }

  endsAt(session: SessionRow): number {
    return Math.min(session.expiresAt, session.lastUsedAt + this.policy.idleMs);
  }

  /**
   * The live session for a cookie value, or null. `touch` (default true) counts this as use,
   * which pushes the idle limit back.
   */
  async validate(token: string | null | undefined, options: { touch?: boolean } = {}): Promise<ValidSession | null> {
    if (!looksLike('session', token)) return null;
    const session = await this.store.findSessionByHash(hashSecret(token));
    if (!session || session.revokedAt !== null) return null;
    const t = this.now();
    if (t >= this.endsAt(session)) return null;
    const user = await this.store.getUser(session.userId);
    if (!user || user.disabledAt !== null) return null;
    if (options.touch !== false && t - session.lastUsedAt >= this.touchEveryMs) {
      await this.store.touchSession(session.id, t);
      session.lastUsedAt = t;
    }
    return { session, user, endsAt: this.endsAt(session) };
  }

  async revoke(sessionId: string): Promise<boolean> {
    const done = await this.store.revokeSession(sessionId, this.now());
    if (done) this.events.emit({ kind: 'session', sessionId });
    return done;
  }

  /** Revoke every session of a user (but `exceptSessionId`), and tell the sockets. */
  async revokeUser(userId: string, reason: 'disabled' | 'deleted' | 'password_changed', exceptSessionId?: string): Promise<number> {
    const ids = await this.store.revokeUserSessions(userId, this.now(), exceptSessionId);
    this.events.emit({ kind: 'user', userId, reason, ...(exceptSessionId ? { exceptSessionId } : {}) });
    return ids.length;
  }

  async list(userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    const t = this.now();
    const rows = await this.store.listSessions(userId, t);
    return rows
      .filter((s) => this.endsAt(s) > t)
      .map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastUsedAt: s.lastUsedAt,
        expiresAt: s.expiresAt,
        idleExpiresAt: s.lastUsedAt + this.policy.idleMs,
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.id === currentSessionId,
      }));
  }

  /** Housekeeping for the lead's periodic job: forget sessions dead for a day. */
  async prune(): Promise<number> {
    return this.store.deleteSessionsBefore(this.now() - 24 * 3_600_000);
  }
}
