/** Rows and constants shared by the AuthStore contract's parts (test/store/auth-store-contract.ts). */
import type { NewApiToken, NewDisplayLink, NewSession, NewUser } from '@/server/auth/store';
import { hashOf } from '../helpers';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const HOUR = 3_600_000;
/** Odd milliseconds on purpose: times must come back to the millisecond. */
export const T0 = Date.UTC(2025, 0, 6, 9) + 123;
/** Team names that need quoting in a Postgres array literal, and one in Chinese. */
export const ODD_TEAMS = ['A', 'Sales, "North" {x}', 'back\\slash', '客服一组'];

export const newUser = (username: string, over: Partial<NewUser> = {}): NewUser => ({
  username,
  displayName: username.toUpperCase(),
  role: 'viewer',
  teams: [],
  passwordHash: `scrypt$32768$8$1$salt$${username}`,
  createdAt: T0,
  ...over,
});

export const newSession = (userId: string, secret: string, over: Partial<NewSession> = {}): NewSession => ({
  tokenHash: hashOf(secret),
  userId,
  createdAt: T0,
  expiresAt: T0 + 12 * HOUR,
  lastUsedAt: T0,
  ip: '10.0.0.5',
  userAgent: 'Mozilla/5.0 (TV)',
  ...over,
});

export const newLink = (secret: string, over: Partial<NewDisplayLink> = {}): NewDisplayLink => ({
  name: `TV ${secret}`,
  tokenHash: hashOf(secret),
  teams: ['*'],
  view: { density: 'compact', lang: 'zh', kiosk: '1' },
  createdBy: null,
  createdAt: T0,
  expiresAt: null,
  ...over,
});

export const newToken = (secret: string, over: Partial<NewApiToken> = {}): NewApiToken => ({
  name: `script ${secret}`,
  tokenHash: hashOf(secret),
  role: 'manager',
  teams: [],
  access: 'read',
  createdBy: null,
  createdAt: T0,
  expiresAt: null,
  ...over,
});
