/** The AuthStore contract, display links and API tokens (AS-D*, AS-T*). */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthStore } from '@/server/auth/store';
import { hashOf } from '../helpers';
import { HOUR, newLink, newToken, newUser, ODD_TEAMS, T0, UUID } from './fixtures';

export function credentialRows(get: () => AuthStore): void {
  describe('display links', () => {
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
    let store: AuthStore;
    beforeEach(() => {
      store = get();
    });
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
}
