/**
 * People: sign-in (with lockout), password changes, and the admin's user management. Every
 * change that narrows what a user may do reaches their open sockets through the revocation
 * events (SE-5), and the last enabled admin can never be removed (AU-3).
 */
import type { Role } from '@/lib/control/actor';
import type { AuthErrorCode, AuthResult } from '@/lib/auth/errors';
import type { PublicUser } from '@/lib/auth/types';
import type { RevocationEvents } from './events';
import type { Lockout } from './lockout';
import { burnVerification, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password';
import type { Sessions } from './sessions';
import type { AuthStore, UserPatch, UserRow } from './store';

export function publicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    teams: [...u.teams],
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
    disabled: u.disabledAt !== null,
    phone: u.phone,
  };
}

const failure = (code: AuthErrorCode, message: string, extra: { retryAfterSeconds?: number } = {}) =>
  ({ ok: false, code, message, ...extra }) as const;

export interface UserChange {
  displayName?: string;
  role?: Role;
  teams?: string[];
  disabled?: boolean;
  password?: string;
  phone?: string | null;
}

export class Users {
  constructor(
    private readonly store: AuthStore,
    private readonly sessions: Sessions,
    private readonly lockout: Lockout,
    private readonly events: RevocationEvents,
    private readonly scrypt: ScryptParams | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** LO-*, PW-1: the same answer and about the same time for an unknown user and a wrong password. */
  async authenticate(username: string, password: string, ip: string | null): Promise<AuthResult<UserRow>> {
    const lock = await this.lockout.check(username, ip);
    if (lock.locked) {
      const retryAfterSeconds = Math.ceil(lock.retryAfterMs / 1000);
      return failure('LOCKED_OUT', `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const user = await this.store.getUserByUsername(username);
    let ok = false;
    if (user && user.passwordHash !== null) ok = await verifyPassword(password, user.passwordHash);
    else await burnVerification(password, this.scrypt);
    if (!ok || !user || user.disabledAt !== null) {
      await this.lockout.fail(username, ip);
      return failure('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    await this.lockout.succeed(username);
    const patch: UserPatch = { lastLoginAt: this.now() };
    if (needsRehash(user.passwordHash!, this.scrypt)) patch.passwordHash = await hashPassword(password, this.scrypt);
    const updated = await this.store.updateUser(user.id, patch, this.now());
    return { ok: true, data: updated ?? user };
  }

  async list(): Promise<PublicUser[]> {
    return (await this.store.listUsers()).map(publicUser);
  }

  async get(id: string): Promise<UserRow | null> {
    return this.store.getUser(id);
  }

  async create(input: { username: string; displayName: string; role: Role; teams: string[]; password: string; phone?: string | null }): Promise<AuthResult<UserRow>> {
    if (await this.store.getUserByUsername(input.username)) return failure('USERNAME_TAKEN', `The username ${input.username} is taken`);
    const user = await this.store.createUser({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      teams: [...new Set(input.teams)],
      passwordHash: await hashPassword(input.password, this.scrypt),
      phone: input.phone ?? null,
      createdAt: this.now(),
    });
    return { ok: true, data: user };
  }

  private async otherEnabledAdmins(exceptId: string): Promise<number> {
    return (await this.store.listUsers()).filter((u) => u.role === 'admin' && u.disabledAt === null && u.id !== exceptId).length;
  }

  /** Returns the user before and after, for the audit record. */
  async update(id: string, change: UserChange): Promise<AuthResult<{ before: UserRow; after: UserRow }>> {
    const before = await this.store.getUser(id);
    if (!before) return failure('NOT_FOUND', 'No such user');
    const losesAdmin = before.role === 'admin' && before.disabledAt === null && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && (await this.otherEnabledAdmins(id)) === 0) return failure('LAST_ADMIN', 'At least one enabled admin must remain');
    const patch: UserPatch = {};
    if (change.displayName !== undefined) patch.displayName = change.displayName;
    if (change.role !== undefined) patch.role = change.role;
    if (change.teams !== undefined) patch.teams = [...new Set(change.teams)];
    if (change.disabled !== undefined) patch.disabledAt = change.disabled ? (before.disabledAt ?? this.now()) : null;
    if (change.phone !== undefined) patch.phone = change.phone;
    if (change.password !== undefined) patch.passwordHash = await hashPassword(change.password, this.scrypt);
    const after = await this.store.updateUser(id, patch, this.now());
    if (!after) return failure('NOT_FOUND', 'No such user');
    if (change.disabled === true && before.disabledAt === null) await this.sessions.revokeUser(id, 'disabled');
    else if (change.password !== undefined) await this.sessions.revokeUser(id, 'password_changed');
    else if (after.role !== before.role || after.teams.join('\u0000') !== before.teams.join('\u0000')) {
      // Sessions stay valid; open boards reconnect and get the new scope.
      this.events.emit({ kind: 'user', userId: id, reason: 'role_changed' });
    }
    return { ok: true, data: { before, after } };
  }

  async remove(id: string): Promise<AuthResult<UserRow>> {
    const user = await this.store.getUser(id);
    if (!user) return failure('NOT_FOUND', 'No such user');
    if (user.role === 'admin' && user.disabledAt === null && (await this.otherEnabledAdmins(id)) === 0) {
      return failure('LAST_ADMIN', 'At least one enabled admin must remain');
    }
    await this.sessions.revokeUser(id, 'deleted');
    await this.store.deleteUser(id);
    return { ok: true, data: user };
  }

  /** SE-5: a password change ends every other session of the user. */
  async changeOwnPassword(userId: string, current: string, next: string, currentSessionId: string): Promise<AuthResult<UserRow>> {
    const user = await this.store.getUser(userId);
    if (!user) return failure('NOT_FOUND', 'No such user');
    if (!(await verifyPassword(current, user.passwordHash))) return failure('WRONG_PASSWORD', 'The current password is wrong');
    const after = await this.store.updateUser(userId, { passwordHash: await hashPassword(next, this.scrypt) }, this.now());
    await this.sessions.revokeUser(userId, 'password_changed', currentSessionId);
    return { ok: true, data: after ?? user };
  }
}
