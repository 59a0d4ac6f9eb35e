/** The AuthStore contract, lockout counters, no secret stored in the clear, malformed ids (AS-F*, AS-H1, AS-I1). */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore } from '@/server/auth/store';
import type { ContractTarget } from '../auth-store-contract';
import { hashOf } from '../helpers';
import { HOUR, newLink, newSession, newToken, newUser, T0, UUID } from './fixtures';

export function guardRules(get: () => AuthStore, target: ContractTarget): void {
  describe('login failures', () => {
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
}
