/** The AuthStore contract, sessions: create, touch, revoke, list, expire (AS-S*). */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore } from '@/server/auth/store';
import { hashOf } from '../helpers';
import { HOUR, newSession, newUser, T0, UUID } from './fixtures';

export function sessionRows(get: () => AuthStore): void {
  describe('sessions', () => {
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
}
