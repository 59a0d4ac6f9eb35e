/**
 * The `AuthStore` contract (server/auth/store.ts) as one suite any implementation runs:
 * MemoryAuthStore and PgAuthStore (PGlite and PostgreSQL) must give the same answers to the
 * same calls. Test ids AS-*. What only a database does (constraints, foreign keys, the
 * schema itself) is tested beside this, in auth-store.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore, NewApiToken, NewDisplayLink, NewSession, NewUser } from '@/server/auth/store';
import { hashOf } from './helpers';

export interface ContractTarget {
  /** Once, before the suite. */
  setup(): Promise<void>;
  /** A store holding no rows (before every test). */
  fresh(): Promise<AuthStore>;
  /** Everything the store holds, as text (to look for secrets in it). */
  dump(): Promise<string>;
  teardown(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR = 3_600_000;
/** Odd milliseconds on purpose: times must come back to the millisecond. */
const T0 = Date.UTC(2025, 0, 6, 9) + 123;
/** Team names that need quoting in a Postgres array literal, and one in Chinese. */
const ODD_TEAMS = ['A', 'Sales, "North" {x}', 'back\\slash', '客服一组'];

const newUser = (username: string, over: Partial<NewUser> = {}): NewUser => ({
  username,
  displayName: username.toUpperCase(),
  role: 'viewer',
  teams: [],
  passwordHash: `scrypt$32768$8$1$salt$${username}`,
  createdAt: T0,
  ...over,
});

const newSession = (userId: string, secret: string, over: Partial<NewSession> = {}): NewSession => ({
  tokenHash: hashOf(secret),
  userId,
  createdAt: T0,
  expiresAt: T0 + 12 * HOUR,
  lastUsedAt: T0,
  ip: '10.0.0.5',
  userAgent: 'Mozilla/5.0 (TV)',
  ...over,
});

const newLink = (secret: string, over: Partial<NewDisplayLink> = {}): NewDisplayLink => ({
  name: `TV ${secret}`,
  tokenHash: hashOf(secret),
  teams: ['*'],
  view: { density: 'compact', lang: 'zh', kiosk: '1' },
  createdBy: null,
  createdAt: T0,
  expiresAt: null,
  ...over,
});

const newToken = (secret: string, over: Partial<NewApiToken> = {}): NewApiToken => ({
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

export function authStoreContract(name: string, target: ContractTarget): void {
  describe(`AuthStore contract: ${name}`, () => {
    let store: AuthStore;
    beforeAll(() => target.setup());
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });

    describe('users', () => {
      it('AS-U1: createUser assigns a uuid and returns every field; getUser gives the same row', async () => {
        const u = await store.createUser(newUser('WangFang', { displayName: '王芳', role: 'team_lead', teams: ODD_TEAMS }));
        expect(u.id).toMatch(UUID);
        expect(u).toEqual({
          id: u.id,
          username: 'WangFang',
          displayName: '王芳',
          role: 'team_lead',
          teams: ODD_TEAMS,
          passwordHash: 'scrypt$32768$8$1$salt$WangFang',
          createdAt: T0,
          updatedAt: T0,
          lastLoginAt: null,
          disabledAt: null,
          phone: null,
        });
        expect(await store.getUser(u.id)).toEqual(u);
        const v = await store.createUser(newUser('nopass', { passwordHash: null }));
        expect(v.id).not.toBe(u.id);
        expect(v.passwordHash).toBeNull();
      });

      it('AS-U2: usernames are unique and looked up case-insensitively', async () => {
        const u = await store.createUser(newUser('Alice'));
        await expect(store.createUser(newUser('ALICE'))).rejects.toThrow(/username taken/);
        expect((await store.getUserByUsername('aLiCe'))?.id).toBe(u.id);
        expect(await store.getUserByUsername('bob')).toBeNull();
        expect(await store.listUsers()).toHaveLength(1);
      });

      it('AS-U3: listUsers is ordered by username, ignoring case', async () => {
        for (const n of ['carol', 'Bob', 'alice', 'Dave']) await store.createUser(newUser(n));
        expect((await store.listUsers()).map((u) => u.username)).toEqual(['alice', 'Bob', 'carol', 'Dave']);
      });

      it('AS-U4: updateUser sets only the given fields and updatedAt; null clears', async () => {
        const u = await store.createUser(newUser('lead', { teams: ['A'] }));
        const a = await store.updateUser(u.id, { role: 'manager', teams: ['B', 'C'], lastLoginAt: T0 + 5 }, T0 + 10);
        expect(a).toEqual({ ...u, role: 'manager', teams: ['B', 'C'], lastLoginAt: T0 + 5, updatedAt: T0 + 10 });
        const b = await store.updateUser(u.id, { disabledAt: T0 + 20, passwordHash: null, displayName: '李雷' }, T0 + 20);
        expect(b).toEqual({ ...a, disabledAt: T0 + 20, passwordHash: null, displayName: '李雷', updatedAt: T0 + 20 });
        const c = await store.updateUser(u.id, { disabledAt: null, lastLoginAt: null, teams: [], passwordHash: 'new' }, T0 + 30);
        expect(c).toEqual({ ...b, disabledAt: null, lastLoginAt: null, teams: [], passwordHash: 'new', updatedAt: T0 + 30 });
        const d = await store.updateUser(u.id, {}, T0 + 40);
        expect(d).toEqual({ ...c, updatedAt: T0 + 40 });
        expect(await store.getUser(u.id)).toEqual(d);
        expect(await store.updateUser(randomUUID(), { role: 'admin' }, T0)).toBeNull();
      });

      it('AS-U6: a user\'s own phone or extension is kept, changed and cleared; absent means null', async () => {
        const u = await store.createUser(newUser('lead2', { role: 'team_lead', phone: '+86-138-0000-1111' }));
        expect(u.phone).toBe('+86-138-0000-1111');
        expect((await store.getUserByUsername('lead2'))?.phone).toBe('+86-138-0000-1111');
        const changed = await store.updateUser(u.id, { phone: '8001' }, T0 + 1);
        expect(changed).toEqual({ ...u, phone: '8001', updatedAt: T0 + 1 });
        const untouched = await store.updateUser(u.id, { displayName: 'Lead Two' }, T0 + 2);
        expect(untouched?.phone).toBe('8001');
        const cleared = await store.updateUser(u.id, { phone: null }, T0 + 3);
        expect(cleared?.phone).toBeNull();
        expect((await store.listUsers()).map((x) => x.phone)).toEqual([null]);
      });

      it('AS-U5: deleteUser removes the user and their sessions, nobody else\'s', async () => {
        const u = await store.createUser(newUser('gone'));
        const other = await store.createUser(newUser('stays'));
        const s = await store.createSession(newSession(u.id, 'gone-1'));
        const kept = await store.createSession(newSession(other.id, 'stays-1'));
        expect(await store.deleteUser(u.id)).toBe(true);
        expect(await store.deleteUser(u.id)).toBe(false);
        expect(await store.getUser(u.id)).toBeNull();
        expect(await store.getUserByUsername('gone')).toBeNull();
        expect(await store.getSession(s.id)).toBeNull();
        expect(await store.findSessionByHash(hashOf('gone-1'))).toBeNull();
        expect(await store.getSession(kept.id)).toEqual(kept);
        expect((await store.listUsers()).map((x) => x.id)).toEqual([other.id]);
      });
    });

    describe('sessions', () => {
      let userId: string;
      beforeEach(async () => {
        userId = (await store.createUser(newUser('supervisor'))).id;
      });

      it('AS-S1: createSession keeps every field (lastUsedAt set at creation); found by hash and by id', async () => {
        const s = await store.createSession(newSession(userId, 'cookie-1', { lastUsedAt: T0 + 1 }));
        expect(s.id).toMatch(UUID);
        expect(s).toEqual({
          id: s.id,
          tokenHash: hashOf('cookie-1'),
          userId,
          createdAt: T0,
          expiresAt: T0 + 12 * HOUR,
          lastUsedAt: T0 + 1,
          revokedAt: null,
          ip: '10.0.0.5',
          userAgent: 'Mozilla/5.0 (TV)',
        });
        expect(await store.findSessionByHash(hashOf('cookie-1'))).toEqual(s);
        expect(await store.getSession(s.id)).toEqual(s);
        expect(await store.findSessionByHash(hashOf('cookie-2'))).toBeNull();
        const bare = await store.createSession(newSession(userId, 'cookie-2', { ip: null, userAgent: null }));
        expect(bare).toMatchObject({ ip: null, userAgent: null });
      });

      it('AS-S2: touchSession moves lastUsedAt only', async () => {
        const s = await store.createSession(newSession(userId, 'c'));
        await store.touchSession(s.id, T0 + 61_000);
        expect(await store.getSession(s.id)).toEqual({ ...s, lastUsedAt: T0 + 61_000 });
      });

      it('AS-S3: revokeSession once; a revoked or expired session is still found by hash (the service decides)', async () => {
        const s = await store.createSession(newSession(userId, 'c', { expiresAt: T0 + 1000 }));
        expect(await store.revokeSession(s.id, T0 + 5)).toBe(true);
        expect(await store.revokeSession(s.id, T0 + 9)).toBe(false);
        expect(await store.findSessionByHash(hashOf('c'))).toEqual({ ...s, revokedAt: T0 + 5 });
        expect(await store.revokeSession(randomUUID(), T0)).toBe(false);
      });

      it('AS-S4: revokeUserSessions revokes the live ones except one, and returns their ids', async () => {
        const keep = await store.createSession(newSession(userId, 'keep'));
        const a = await store.createSession(newSession(userId, 'a'));
        const b = await store.createSession(newSession(userId, 'b', { expiresAt: T0 + 1 }));
        const old = await store.createSession(newSession(userId, 'old'));
        await store.revokeSession(old.id, T0 + 1);
        const otherUser = (await store.createUser(newUser('other'))).id;
        const foreign = await store.createSession(newSession(otherUser, 'foreign'));

        const ids = await store.revokeUserSessions(userId, T0 + 50, keep.id);
        expect([...ids].sort()).toEqual([a.id, b.id].sort());
        expect((await store.getSession(a.id))?.revokedAt).toBe(T0 + 50);
        expect((await store.getSession(b.id))?.revokedAt).toBe(T0 + 50);
        expect((await store.getSession(old.id))?.revokedAt).toBe(T0 + 1);
        expect((await store.getSession(keep.id))?.revokedAt).toBeNull();
        expect((await store.getSession(foreign.id))?.revokedAt).toBeNull();

        expect(await store.revokeUserSessions(userId, T0 + 60)).toEqual([keep.id]);
        expect(await store.revokeUserSessions(userId, T0 + 70)).toEqual([]);
        expect(await store.revokeUserSessions(randomUUID(), T0)).toEqual([]);
      });

      it('AS-S5: listSessions: the user\'s unrevoked sessions before their absolute limit, newest first', async () => {
        const now = T0 + HOUR;
        const older = await store.createSession(newSession(userId, 'older', { createdAt: T0 }));
        const newer = await store.createSession(newSession(userId, 'newer', { createdAt: T0 + 10 }));
        await store.createSession(newSession(userId, 'ends-now', { createdAt: T0 + 20, expiresAt: now }));
        const revoked = await store.createSession(newSession(userId, 'revoked', { createdAt: T0 + 30 }));
        await store.revokeSession(revoked.id, T0 + 31);
        const otherUser = (await store.createUser(newUser('other'))).id;
        await store.createSession(newSession(otherUser, 'foreign', { createdAt: T0 + 40 }));
        const live = await store.listSessions(userId, now);
        expect(live).toEqual([newer, older]);
        expect((await store.listSessions(userId, now - 1)).map((s) => s.tokenHash)).toEqual([
          hashOf('ends-now'),
          hashOf('newer'),
          hashOf('older'),
        ]);
        expect(await store.listSessions(randomUUID(), now)).toEqual([]);
      });

      it('AS-S6: deleteSessionsBefore drops sessions expired or revoked at or before the cutoff', async () => {
        const cutoff = T0 + 2 * HOUR;
        await store.createSession(newSession(userId, 'expired', { expiresAt: cutoff }));
        const revokedEarly = await store.createSession(newSession(userId, 'revoked-early'));
        await store.revokeSession(revokedEarly.id, cutoff - 1);
        const revokedLate = await store.createSession(newSession(userId, 'revoked-late'));
        await store.revokeSession(revokedLate.id, cutoff + 1);
        const live = await store.createSession(newSession(userId, 'live', { expiresAt: cutoff + 1 }));
        expect(await store.deleteSessionsBefore(cutoff)).toBe(2);
        expect(await store.findSessionByHash(hashOf('expired'))).toBeNull();
        expect(await store.getSession(revokedEarly.id)).toBeNull();
        expect((await store.getSession(revokedLate.id))?.revokedAt).toBe(cutoff + 1);
        expect(await store.getSession(live.id)).toEqual(live);
        expect(await store.deleteSessionsBefore(cutoff)).toBe(0);
      });
    });

    describe('display links', () => {
      it('AS-D1: createDisplayLink keeps teams (* for the floor), view and creator; found by hash and id', async () => {
        const admin = await store.createUser(newUser('admin', { role: 'admin' }));
        const floor = await store.createDisplayLink(newLink('floor', { createdBy: admin.id, expiresAt: T0 + HOUR }));
        expect(floor.id).toMatch(UUID);
        expect(floor).toEqual({
          id: floor.id,
          name: 'TV floor',
          tokenHash: hashOf('floor'),
          teams: ['*'],
          view: { density: 'compact', lang: 'zh', kiosk: '1' },
          createdBy: admin.id,
          createdAt: T0,
          expiresAt: T0 + HOUR,
          revokedAt: null,
          lastUsedAt: null,
        });
        expect(await store.findDisplayLinkByHash(hashOf('floor'))).toEqual(floor);
        expect(await store.getDisplayLink(floor.id)).toEqual(floor);
        const teams = await store.createDisplayLink(newLink('teams', { teams: ODD_TEAMS, view: {} }));
        expect(await store.getDisplayLink(teams.id)).toMatchObject({ teams: ODD_TEAMS, view: {}, createdBy: null, expiresAt: null });
        expect(await store.findDisplayLinkByHash(hashOf('nope'))).toBeNull();
      });

      it('AS-D2: listDisplayLinks newest first; revoke once; touch records last use; expired ones still found', async () => {
        const a = await store.createDisplayLink(newLink('a', { createdAt: T0 }));
        const b = await store.createDisplayLink(newLink('b', { createdAt: T0 + 10, expiresAt: T0 + 11 }));
        expect(await store.listDisplayLinks()).toEqual([b, a]);
        expect(await store.findDisplayLinkByHash(hashOf('b'))).toEqual(b);
        await store.touchDisplayLink(a.id, T0 + 60_000);
        expect(await store.revokeDisplayLink(a.id, T0 + 70_000)).toBe(true);
        expect(await store.revokeDisplayLink(a.id, T0 + 80_000)).toBe(false);
        expect(await store.findDisplayLinkByHash(hashOf('a'))).toEqual({ ...a, lastUsedAt: T0 + 60_000, revokedAt: T0 + 70_000 });
        expect(await store.revokeDisplayLink(randomUUID(), T0)).toBe(false);
        await store.touchDisplayLink(randomUUID(), T0);
        expect(await store.getDisplayLink(randomUUID())).toBeNull();
      });
    });

    describe('API tokens', () => {
      it('AS-T1: createApiToken keeps role, teams, access and creator; found by hash and id', async () => {
        const admin = await store.createUser(newUser('admin', { role: 'admin' }));
        const read = await store.createApiToken(newToken('scraper', { role: 'admin', createdBy: admin.id }));
        const act = await store.createApiToken(newToken('bot', { role: 'team_lead', teams: ODD_TEAMS, access: 'act', expiresAt: T0 + HOUR }));
        expect(read.id).toMatch(UUID);
        expect(read).toEqual({
          id: read.id,
          name: 'script scraper',
          tokenHash: hashOf('scraper'),
          role: 'admin',
          teams: [],
          access: 'read',
          createdBy: admin.id,
          createdAt: T0,
          expiresAt: null,
          revokedAt: null,
          lastUsedAt: null,
        });
        expect(act).toMatchObject({ role: 'team_lead', teams: ODD_TEAMS, access: 'act', expiresAt: T0 + HOUR, createdBy: null });
        expect(await store.findApiTokenByHash(hashOf('bot'))).toEqual(act);
        expect(await store.getApiToken(read.id)).toEqual(read);
        expect(await store.findApiTokenByHash(hashOf('nope'))).toBeNull();
      });

      it('AS-T2: listApiTokens newest first; revoke once; touch records last use', async () => {
        const a = await store.createApiToken(newToken('a', { createdAt: T0 + 10 }));
        const b = await store.createApiToken(newToken('b', { createdAt: T0 }));
        expect(await store.listApiTokens()).toEqual([a, b]);
        await store.touchApiToken(b.id, T0 + 5);
        expect(await store.revokeApiToken(b.id, T0 + 6)).toBe(true);
        expect(await store.revokeApiToken(b.id, T0 + 7)).toBe(false);
        expect(await store.getApiToken(b.id)).toEqual({ ...b, lastUsedAt: T0 + 5, revokedAt: T0 + 6 });
        expect(await store.getApiToken(a.id)).toEqual(a);
        expect(await store.revokeApiToken(randomUUID(), T0)).toBe(false);
        await store.touchApiToken(randomUUID(), T0);
      });
    });

    describe('login failures', () => {
      it('AS-F1: counts failures under a key, restarting after a quiet spell', async () => {
        const key = 'user:alice';
        expect(await store.getFailure(key)).toBeNull();
        expect(await store.recordFailure(key, T0, T0 - HOUR)).toEqual({ key, failures: 1, firstAt: T0, lastAt: T0 });
        expect(await store.recordFailure(key, T0 + 10, T0 - HOUR)).toEqual({ key, failures: 2, firstAt: T0, lastAt: T0 + 10 });
        // The last failure exactly at resetBefore still counts.
        expect(await store.recordFailure(key, T0 + 20, T0 + 10)).toEqual({ key, failures: 3, firstAt: T0, lastAt: T0 + 20 });
        expect(await store.getFailure(key)).toEqual({ key, failures: 3, firstAt: T0, lastAt: T0 + 20 });
        // Older than resetBefore: starts again.
        expect(await store.recordFailure(key, T0 + HOUR, T0 + 21)).toEqual({ key, failures: 1, firstAt: T0 + HOUR, lastAt: T0 + HOUR });
      });

      it('AS-F2: keys are independent; clearFailure forgets one', async () => {
        await store.recordFailure('user:alice', T0, T0 - HOUR);
        await store.recordFailure('ip:10.0.0.5', T0, T0 - HOUR);
        await store.recordFailure('ip:10.0.0.5', T0 + 1, T0 - HOUR);
        await store.clearFailure('user:alice');
        await store.clearFailure('user:nobody');
        expect(await store.getFailure('user:alice')).toBeNull();
        expect(await store.getFailure('ip:10.0.0.5')).toMatchObject({ failures: 2 });
        expect(await store.recordFailure('user:alice', T0 + 2, T0 - HOUR)).toMatchObject({ failures: 1, firstAt: T0 + 2 });
      });

      it('AS-F3: concurrent recordFailure calls each count once (atomic, including the first insert)', async () => {
        const n = 40;
        const rows = await Promise.all(
          Array.from({ length: n }, (_, i) => store.recordFailure(i % 2 ? 'user:race' : 'ip:race', T0 + i, T0 - HOUR)),
        );
        const counts = (key: string) => rows.filter((r) => r.key === key).map((r) => r.failures).sort((a, b) => a - b);
        const expected = Array.from({ length: n / 2 }, (_, i) => i + 1);
        expect(counts('user:race')).toEqual(expected);
        expect(counts('ip:race')).toEqual(expected);
        expect(await store.getFailure('user:race')).toMatchObject({ failures: n / 2, firstAt: expect.any(Number) });
        expect((await store.getFailure('ip:race'))?.failures).toBe(n / 2);
      });
    });

    describe('secrets', () => {
      it('AS-H1: tokens are kept only as the SHA-256 given; ids are not derived from them', async () => {
        const u = await store.createUser(newUser('owner', { passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA' }));
        const secrets = {
          session: 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5',
          display: 'fbd_ZGlzcGxheWRpc3BsYXlkaXNwbGF5ZGlzcGxheWRpc3A',
          token: 'fbt_dG9rZW50b2tlbnRva2VudG9rZW50b2tlbnRva2VudG9r',
        };
        const s = await store.createSession(newSession(u.id, secrets.session));
        const l = await store.createDisplayLink(newLink(secrets.display, { name: 'TV 3F' }));
        const t = await store.createApiToken(newToken(secrets.token, { name: 'exporter' }));
        const dump = await target.dump();
        for (const [row, secret] of [
          [s, secrets.session],
          [l, secrets.display],
          [t, secrets.token],
        ] as const) {
          expect(row.tokenHash).toBe(hashOf(secret));
          expect(dump).toContain(hashOf(secret));
          expect(dump).not.toContain(secret);
          expect(row.id).toMatch(UUID);
          expect(row.id.replaceAll('-', '')).not.toBe(hashOf(secret).slice(0, 32));
        }
        // A lookup by the secret itself finds nothing: the caller hashes, the store does not.
        expect(await store.findSessionByHash(secrets.session)).toBeNull();
        expect(await store.findDisplayLinkByHash(secrets.display)).toBeNull();
        expect(await store.findApiTokenByHash(secrets.token)).toBeNull();
        expect((await store.findSessionByHash(hashOf(secrets.session)))?.id).toBe(s.id);
        expect((await store.findDisplayLinkByHash(hashOf(secrets.display)))?.id).toBe(l.id);
        expect((await store.findApiTokenByHash(hashOf(secrets.token)))?.id).toBe(t.id);
      });
    });

    describe('ids', () => {
      it('AS-I1: unknown or malformed ids find nothing and change nothing (no error)', async () => {
        const u = await store.createUser(newUser('someone'));
        const s = await store.createSession(newSession(u.id, 's'));
        const bad = ['', 'nope', '1; DROP TABLE users', randomUUID(), u.id.toUpperCase(), `${u.id} `];
        for (const id of bad) {
          expect(await store.getUser(id)).toBeNull();
          expect(await store.updateUser(id, { role: 'admin' }, T0)).toBeNull();
          expect(await store.deleteUser(id)).toBe(false);
          expect(await store.getSession(id)).toBeNull();
          expect(await store.revokeSession(id, T0)).toBe(false);
          await store.touchSession(id, T0);
          expect(await store.revokeUserSessions(id, T0)).toEqual([]);
          expect(await store.listSessions(id, T0)).toEqual([]);
          expect(await store.getDisplayLink(id)).toBeNull();
          expect(await store.revokeDisplayLink(id, T0)).toBe(false);
          await store.touchDisplayLink(id, T0);
          expect(await store.getApiToken(id)).toBeNull();
          expect(await store.revokeApiToken(id, T0)).toBe(false);
          await store.touchApiToken(id, T0);
        }
        // A malformed exceptId excepts nothing.
        expect(await store.revokeUserSessions(u.id, T0, 'nope')).toEqual([s.id]);
        expect(await store.getUser(u.id)).toEqual(u);
      });
    });
  });
}
