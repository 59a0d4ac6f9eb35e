/**
 * First start (PW-2): with no enabled admin, create `admin` with FLOORBOARD_ADMIN_PASSWORD, or
 * with a random password that the boot prints once (the only place it ever appears).
 */
import { randomBytes } from 'node:crypto';
import { PASSWORD_MIN } from '@/lib/auth/schemas';
import { hashPassword, type ScryptParams } from './password';
import type { AuthStore } from './store';

export const INITIAL_ADMIN = 'admin';

export interface InitialAdmin {
  created: boolean;
  username: string;
  /** Only when generated: print it once, then it is gone. */
  password?: string;
}

export async function ensureInitialAdmin(
  store: AuthStore,
  env: Record<string, string | undefined>,
  options: { now?: () => number; scrypt?: ScryptParams } = {},
): Promise<InitialAdmin> {
  const users = await store.listUsers();
  if (users.some((u) => u.role === 'admin' && u.disabledAt === null)) return { created: false, username: INITIAL_ADMIN };
  const given = env.FLOORBOARD_ADMIN_PASSWORD?.trim() ? env.FLOORBOARD_ADMIN_PASSWORD : undefined;
  if (given !== undefined && given.length < PASSWORD_MIN) {
    throw new Error(`FLOORBOARD_ADMIN_PASSWORD must be at least ${PASSWORD_MIN} characters`);
  }
  const password = given ?? randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(password, options.scrypt);
  const existing = users.find((u) => u.username.toLowerCase() === INITIAL_ADMIN);
  const now = (options.now ?? Date.now)();
  if (existing) {
    // An `admin` user that lost its role or was disabled: restore it rather than fail to boot.
    await store.updateUser(existing.id, { role: 'admin', disabledAt: null, passwordHash }, now);
  } else {
    await store.createUser({ username: INITIAL_ADMIN, displayName: 'Administrator', role: 'admin', teams: [], passwordHash, createdAt: now });
  }
  return given === undefined ? { created: true, username: INITIAL_ADMIN, password } : { created: true, username: INITIAL_ADMIN };
}
