/**
 * PW-1..PW-3: scrypt hashes with their salt and parameters, constant-time verification, the
 * first admin.
 */
import { describe, expect, it } from 'vitest';
import { ensureInitialAdmin } from '@/server/auth/bootstrap';
import { MemoryAuthStore } from '@/server/auth/memory-store';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword } from '@/server/auth/password';
import { FAST_SCRYPT, makeAuth } from './helpers';

describe('passwords', () => {
  it('PW-1: the hash carries scheme, parameters and a random salt; only the right password verifies', async () => {
    const a = await hashPassword('s3cret-passphrase', FAST_SCRYPT);
    const b = await hashPassword('s3cret-passphrase', FAST_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret-passphrase', a)).toBe(true);
    expect(await verifyPassword('s3cret-passphrasE', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('PW-1: a malformed or tampered stored hash never verifies (and never allocates wildly)', async () => {
    const h = await hashPassword('pw-123456', FAST_SCRYPT);
    const parts = h.split('$');
    expect(await verifyPassword('pw-123456', null)).toBe(false);
    expect(await verifyPassword('pw-123456', 'plain:pw-123456')).toBe(false);
    expect(await verifyPassword('pw-123456', [...parts.slice(0, 5), 'AAAA'].join('$'))).toBe(false);
    expect(await verifyPassword('pw-123456', ['scrypt', String(2 ** 30), '8', '1', parts[4], parts[5]].join('$'))).toBe(false);
    expect(await verifyPassword('pw-123456', ['scrypt', '1000', '8', '1', parts[4], parts[5]].join('$'))).toBe(false);
  });

  it('PW-1: the default cost is about 32 MiB (N=2^15, r=8) and weaker hashes are re-hashed at sign-in', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    const weak = await hashPassword('pw-123456', FAST_SCRYPT);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, FAST_SCRYPT)).toBe(false);
    // The default parameters really run (maxmem is raised for them).
    const strong = await hashPassword('pw-123456');
    expect(await verifyPassword('pw-123456', strong)).toBe(true);
  });

  it('PW-2: first start creates admin with FLOORBOARD_ADMIN_PASSWORD, once', async () => {
    const store = new MemoryAuthStore();
    const first = await ensureInitialAdmin(store, { FLOORBOARD_ADMIN_PASSWORD: 'from-the-env-1' }, { scrypt: FAST_SCRYPT });
    expect(first).toEqual({ created: true, username: 'admin' });
    const admin = await store.getUserByUsername('admin');
    expect(admin?.role).toBe('admin');
    expect(await verifyPassword('from-the-env-1', admin!.passwordHash)).toBe(true);
    expect(await ensureInitialAdmin(store, { FLOORBOARD_ADMIN_PASSWORD: 'other-password' }, { scrypt: FAST_SCRYPT })).toEqual({ created: false, username: 'admin' });
  });

  it('PW-2: without the variable a random password is returned for the boot to print once', async () => {
    const store = new MemoryAuthStore();
    const r = await ensureInitialAdmin(store, {}, { scrypt: FAST_SCRYPT });
    expect(r.created).toBe(true);
    expect(r.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await verifyPassword(r.password!, (await store.getUserByUsername('admin'))!.passwordHash)).toBe(true);
    await expect(ensureInitialAdmin(new MemoryAuthStore(), { FLOORBOARD_ADMIN_PASSWORD: 'short' })).rejects.toThrow(/at least 8/);
  });

  it('PW-3: sign-in answers the same for an unknown user and a wrong password', async () => {
    const { auth } = makeAuth();
    await auth.users.create({ username: 'lin', displayName: 'Lin', role: 'viewer', teams: [], password: 'right-password' });
    const wrong = await auth.users.authenticate('lin', 'wrong-password', '10.0.0.1');
    const unknown = await auth.users.authenticate('nobody', 'wrong-password', '10.0.0.1');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
    expect(await auth.users.authenticate('LIN', 'right-password', '10.0.0.1')).toMatchObject({ ok: true });
  });
});
