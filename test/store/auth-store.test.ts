/**
 * PgAuthStore: the shared AuthStore contract (auth-store-contract.ts) on MemoryAuthStore (the
 * reference), on PGlite in memory and on the PostgreSQL server (own random schema, dropped at
 * the end); then what only the database adds (AS-P*): constraints, foreign keys, how rows are
 * stored, concurrency across processes, pruning, transactions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '@/server/auth/memory-store';
import { PgAuthStore } from '@/server/store/auth-store';
import { openDb } from '@/server/store/db';
import { authStoreContract } from './auth-store-contract';
import { DRIVERS, hashOf, openTestDb, PG_URL, silentLog, truncateAll, type TestDb } from './helpers';

const AUTH_TABLES = ['users', 'sessions', 'display_links', 'api_tokens', 'login_failures'];
const T0 = Date.UTC(2025, 0, 6, 9) + 456;
const HOUR = 3_600_000;

/** Every row of the auth tables as text (row_to_json), to look for secrets in. */
async function dumpTables(t: TestDb): Promise<string> {
  const parts = await Promise.all(
    AUTH_TABLES.map(async (table) => {
      const r = await t.db.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table} x`);
      return r.rows.map((x) => x.j).join('\n');
    }),
  );
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The contract, three times

let memory = new MemoryAuthStore();
authStoreContract('MemoryAuthStore', {
  setup: async () => {},
  fresh: async () => (memory = new MemoryAuthStore()),
  // The private maps, as the "storage" of this implementation.
  dump: async () =>
    JSON.stringify(Object.values(memory as unknown as Record<string, unknown>).flatMap((v) => (v instanceof Map ? [...v.values()] : []))),
  teardown: async () => {},
});

for (const driver of DRIVERS) {
  let t: TestDb;
  authStoreContract(`PgAuthStore on ${driver}`, {
    setup: async () => {
      // A pool wider than the default so AS-F3's concurrent upserts really overlap on the server.
      t = await openTestDb(driver, { poolSize: 8 });
    },
    fresh: async () => {
      await truncateAll(t.db);
      return new PgAuthStore(t.db);
    },
    dump: () => dumpTables(t),
    teardown: async () => {
      await t?.close();
    },
  });
}

// ---------------------------------------------------------------------------------------------
// What the database adds

describe.each(DRIVERS)('PgAuthStore on %s: the database side', (driver) => {
  let t: TestDb;
  let store: PgAuthStore;
  beforeAll(async () => {
    t = await openTestDb(driver);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await truncateAll(t.db);
    store = new PgAuthStore(t.db);
  });

  const user = (username: string) =>
    store.createUser({ username, displayName: username, role: 'admin', teams: [], passwordHash: null, createdAt: T0 });

  it('AS-P1: a duplicate username fails as `username taken` with SQLSTATE 23505', async () => {
    await user('Admin');
    await expect(user('admin')).rejects.toMatchObject({ message: 'username taken: admin', code: '23505' });
  });

  it('AS-P2: token_hash columns accept only SHA-256 hex; a display link needs at least one team', async () => {
    const u = await user('admin');
    const base = { createdAt: T0, expiresAt: T0 + HOUR, lastUsedAt: T0, ip: null, userAgent: null, userId: u.id };
    const raw = 'fbt_dG9rZW50b2tlbnRva2VudG9rZW50b2tlbnRva2VudG9r';
    for (const bad of [raw, hashOf('x').toUpperCase(), hashOf('x').slice(1), '']) {
      await expect(store.createSession({ ...base, tokenHash: bad })).rejects.toMatchObject({ code: '23514' });
      await expect(
        store.createDisplayLink({ name: 'tv', tokenHash: bad, teams: ['*'], view: {}, createdBy: null, createdAt: T0, expiresAt: null }),
      ).rejects.toMatchObject({ code: '23514' });
      await expect(
        store.createApiToken({ name: 't', tokenHash: bad, role: 'viewer', teams: [], access: 'read', createdBy: null, createdAt: T0, expiresAt: null }),
      ).rejects.toMatchObject({ code: '23514' });
    }
    await expect(
      store.createDisplayLink({ name: 'tv', tokenHash: hashOf('tv'), teams: [], view: {}, createdBy: null, createdAt: T0, expiresAt: null }),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      store.createApiToken({ name: 't', tokenHash: hashOf('t'), role: 'viewer', teams: [], access: 'write' as 'act', createdBy: null, createdAt: T0, expiresAt: null }),
    ).rejects.toMatchObject({ code: '23514' });
    expect(await dumpTables(t)).not.toContain('fbt_');
  });

  it('AS-P8: users.phone (migration 004) accepts only a dialable number: digits, + and -, 3-20 characters', async () => {
    for (const bad of ['12', '138 0000 1111', '1'.repeat(21), 'tel:8001', '']) {
      await expect(store.createUser({ username: `u${bad.length}x`, displayName: 'x', role: 'team_lead', teams: [], passwordHash: null, createdAt: T0, phone: bad })).rejects.toMatchObject({
        code: '23514',
      });
    }
    const u = await user('lead');
    await expect(store.updateUser(u.id, { phone: 'abc' }, T0)).rejects.toMatchObject({ code: '23514' });
    expect((await store.updateUser(u.id, { phone: '+86-800' }, T0))?.phone).toBe('+86-800');
  });

  it('AS-P3: how rows are stored: {*} teams, the view in options, access, exact timestamptz, hash-only columns', async () => {
    const u = await user('admin');
    const s = await store.createSession({
      tokenHash: hashOf('c'),
      userId: u.id,
      createdAt: T0,
      expiresAt: T0 + HOUR,
      lastUsedAt: T0 + 7,
      ip: null,
      userAgent: null,
    });
    const l = await store.createDisplayLink({
      name: 'tv',
      tokenHash: hashOf('tv'),
      teams: ['*'],
      view: { density: 'compact' },
      createdBy: u.id,
      createdAt: T0,
      expiresAt: null,
    });
    const k = await store.createApiToken({
      name: 't',
      tokenHash: hashOf('t'),
      role: 'manager',
      teams: ['A'],
      access: 'act',
      createdBy: u.id,
      createdAt: T0,
      expiresAt: T0 + HOUR,
    });
    const link = await t.db.query<{ star: boolean; options: unknown }>(
      `SELECT teams = ARRAY['*']::text[] AS star, options FROM display_links WHERE id = $1`,
      [l.id],
    );
    expect(link.rows[0]).toEqual({ star: true, options: { density: 'compact' } });
    const token = await t.db.query<{ access: string; exact: boolean }>(
      `SELECT access, created_at = $2::timestamptz AND expires_at = $3::timestamptz AS exact FROM api_tokens WHERE id = $1`,
      [k.id, new Date(T0).toISOString(), new Date(T0 + HOUR).toISOString()],
    );
    expect(token.rows[0]).toEqual({ access: 'act', exact: true });
    const session = await t.db.query<{ used: boolean }>(`SELECT last_used_at = $2::timestamptz AS used FROM sessions WHERE id = $1`, [
      s.id,
      new Date(T0 + 7).toISOString(),
    ]);
    expect(session.rows[0]?.used).toBe(true);
    // No column that could hold a secret in clear: only *_hash columns for credentials.
    const cols = await t.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ANY($1::text[])
         AND (column_name LIKE '%token%' OR column_name LIKE '%secret%' OR column_name LIKE '%password%')
       ORDER BY table_name, column_name`,
      [['users', 'sessions', 'display_links', 'api_tokens']],
    );
    expect(cols.rows.map((c) => `${c.table_name}.${c.column_name}`)).toEqual([
      'api_tokens.token_hash',
      'display_links.token_hash',
      'sessions.token_hash',
      'users.password_hash',
    ]);
  });

  it('AS-P4: foreign keys: a session needs its user; deleting a user clears createdBy on links and tokens', async () => {
    const u = await user('admin');
    await expect(
      store.createSession({ tokenHash: hashOf('s'), userId: '00000000-0000-4000-8000-000000000000', createdAt: T0, expiresAt: T0 + 1, lastUsedAt: T0, ip: null, userAgent: null }),
    ).rejects.toMatchObject({ code: '23503' });
    const l = await store.createDisplayLink({ name: 'tv', tokenHash: hashOf('tv'), teams: ['A'], view: {}, createdBy: u.id, createdAt: T0, expiresAt: null });
    const k = await store.createApiToken({ name: 't', tokenHash: hashOf('t'), role: 'viewer', teams: [], access: 'read', createdBy: u.id, createdAt: T0, expiresAt: null });
    expect(await store.deleteUser(u.id)).toBe(true);
    expect(await store.getDisplayLink(l.id)).toEqual({ ...l, createdBy: null });
    expect(await store.getApiToken(k.id)).toEqual({ ...k, createdBy: null });
  });

  it('AS-P5: recordFailure is atomic across two processes (two pools on one database)', async () => {
    if (driver !== 'postgres') return; // PGlite is one process by construction
    const other = await openDb({ databaseUrl: PG_URL, dataDir: 'memory://', log: silentLog, schema: t.schema ?? undefined, poolSize: 8 });
    try {
      const stores = [store, new PgAuthStore(other)];
      const n = 60;
      const rows = await Promise.all(Array.from({ length: n }, (_, i) => stores[i % 2]!.recordFailure('user:shared', T0 + i, T0 - HOUR)));
      expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(await store.getFailure('user:shared')).toEqual({ key: 'user:shared', failures: n, firstAt: expect.any(Number), lastAt: T0 + n - 1 });
    } finally {
      await other.close();
    }
  });

  it('AS-P6: last_at never moves backwards; stale counters are pruned every N failures', async () => {
    await store.recordFailure('ip:a', T0 + 100, T0);
    expect(await store.recordFailure('ip:a', T0 + 50, T0)).toMatchObject({ failures: 2, lastAt: T0 + 100 });

    const pruning = new PgAuthStore(t.db, { pruneFailuresEvery: 3 });
    await pruning.recordFailure('user:old', T0, T0 - HOUR);
    await pruning.recordFailure('user:recent', T0 + HOUR, T0);
    expect(await pruning.getFailure('user:old')).not.toBeNull();
    // Third call: prunes everything whose last failure is before this call's resetBefore.
    await pruning.recordFailure('user:new', T0 + 2 * HOUR, T0 + 1000);
    expect(await pruning.getFailure('user:old')).toBeNull();
    expect(await pruning.getFailure('ip:a')).toBeNull();
    expect((await pruning.getFailure('user:recent'))?.failures).toBe(1);
    expect((await pruning.getFailure('user:new'))?.failures).toBe(1);
    expect(await pruning.pruneFailures(T0 + 2 * HOUR)).toBe(1);
  });

  it('AS-P7: works inside a transaction, and a rollback leaves nothing', async () => {
    const id = await t.db.transaction(async (tx) => {
      const inner = new PgAuthStore(tx);
      const u = await inner.createUser({ username: 'tx', displayName: 'tx', role: 'viewer', teams: [], passwordHash: null, createdAt: T0 });
      await inner.createSession({ tokenHash: hashOf('tx'), userId: u.id, createdAt: T0, expiresAt: T0 + 1, lastUsedAt: T0, ip: null, userAgent: null });
      return u.id;
    });
    expect((await store.getUser(id))?.username).toBe('tx');
    await expect(
      t.db.transaction(async (tx) => {
        const inner = new PgAuthStore(tx);
        await inner.createUser({ username: 'rolled', displayName: 'r', role: 'viewer', teams: [], passwordHash: null, createdAt: T0 });
        await inner.recordFailure('user:rolled', T0, T0);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.getUserByUsername('rolled')).toBeNull();
    expect(await store.getFailure('user:rolled')).toBeNull();
  });
});
