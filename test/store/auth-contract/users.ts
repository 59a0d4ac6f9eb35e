/** The AuthStore contract, users: create, read, update, delete, list (AS-U*). */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore } from '@/server/auth/store';
import { hashOf } from '../helpers';
import { newSession, newUser, ODD_TEAMS, T0, UUID } from './fixtures';

export function userRows(get: () => AuthStore): void {
  describe('users', () => {
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
}
