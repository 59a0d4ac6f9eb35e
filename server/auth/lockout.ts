/**
 * Sign-in throttling (LO-1..LO-4): after `threshold` failures under one key the key is locked
 * for `baseMs`, doubling with each further failure after the lock ends, capped at `maxMs`.
 * Keys are the username (lower-cased, known or not, so the lock does not reveal which names
 * exist) and the client address (a higher threshold: supervisors often share one NAT address).
 * A locked attempt is refused before the password is checked and is not counted, so a locked
 * user is not locked longer by an attacker who keeps trying.
 */
import type { AuthStore, FailureRow } from './store';

export interface LockoutPolicy {
  userThreshold: number;
  ipThreshold: number;
  baseMs: number;
  maxMs: number;
}

export type LockState = { locked: false } | { locked: true; retryAfterMs: number; key: 'user' | 'ip' };

/** When a counter is forgotten: a quiet spell of twice the longest lock. */
function resetWindow(policy: LockoutPolicy): number {
  return 2 * policy.maxMs;
}

/** The end of the lock this row implies, or null when below the threshold. */
export function lockedUntil(row: FailureRow, threshold: number, policy: LockoutPolicy): number | null {
  if (row.failures < threshold) return null;
  const doublings = Math.min(row.failures - threshold, 30);
  return row.lastAt + Math.min(policy.baseMs * 2 ** doublings, policy.maxMs);
}

export const userKey = (username: string): string => `user:${username.trim().toLowerCase()}`;
export const ipKey = (ip: string | null): string => `ip:${ip ?? 'unknown'}`;

export class Lockout {
  constructor(
    private readonly store: AuthStore,
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  private async remaining(key: string, threshold: number): Promise<number> {
    const row = await this.store.getFailure(key);
    const t = this.now();
    if (!row || row.lastAt < t - resetWindow(this.policy)) return 0;
    const until = lockedUntil(row, threshold, this.policy);
    return until === null ? 0 : Math.max(0, until - t);
  }

  async check(username: string, ip: string | null): Promise<LockState> {
    const [user, addr] = await Promise.all([
      this.remaining(userKey(username), this.policy.userThreshold),
      this.remaining(ipKey(ip), this.policy.ipThreshold),
    ]);
    if (user === 0 && addr === 0) return { locked: false };
    return user >= addr ? { locked: true, retryAfterMs: user, key: 'user' } : { locked: true, retryAfterMs: addr, key: 'ip' };
  }

  async fail(username: string, ip: string | null): Promise<void> {
    const t = this.now();
    const resetBefore = t - resetWindow(this.policy);
    await Promise.all([this.store.recordFailure(userKey(username), t, resetBefore), this.store.recordFailure(ipKey(ip), t, resetBefore)]);
  }

  /** A successful sign-in clears the user's counter; the address counter decays on its own. */
  async succeed(username: string): Promise<void> {
    await this.store.clearFailure(userKey(username));
  }
}
