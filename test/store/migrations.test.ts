import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError, schemaVersion } from '@/server/store/migrate';
import { MIGRATIONS, type Migration } from '@/server/store/migrations';

/** The newest version this build knows (versions run 1..n with no gap: server/store/migrate.ts checks it). */
const LATEST = MIGRATIONS.at(-1)!.version;
import { openDb } from '@/server/store/db';
import { DRIVERS, openTestDb, PG_URL, silentLog, type TestDb } from './helpers';

const EXPECTED_TABLES = [
  'agent_last_state',
  'agent_transitions',
  'alert_history',
  'announcement_receipts',
  'announcements',
  'api_tokens',
  'audit_log',
  'calls',
  'display_links',
  'login_failures',
  'meta',
  'roster_overrides',
  'schema_migrations',
  'sessions',
  'settings',
  'team_minute_rollups',
  'users',
];

async function tables(t: TestDb): Promise<string[]> {
  const r = await t.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return r.rows.map((x) => x.table_name);
}

describe.each(DRIVERS)('migrations on %s', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver, { migrate: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('H1: migrates an empty database to the latest version with every table', async () => {
    expect(await tables(t)).toEqual([]);
    const r = await migrate(t.db, silentLog);
    expect(r).toEqual({ from: 0, to: LATEST, applied: MIGRATIONS.map((m) => m.version) });
    expect(await tables(t)).toEqual(EXPECTED_TABLES);
    expect(await schemaVersion(t.db)).toBe(LATEST);
  });

  it('H2: running the migrations again changes nothing', async () => {
    const r = await migrate(t.db, silentLog);
    expect(r.applied).toEqual([]);
    expect(r.from).toBe(LATEST);
    const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM schema_migrations`);
    expect(rows.rows[0]?.n).toBe(MIGRATIONS.length);
  });

  it('H4: a failing migration is rolled back whole and the version stays', async () => {
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      sql: `CREATE TABLE half_done (id int); SELECT 1 / 0;`,
    };
    await expect(migrate(t.db, silentLog, [...MIGRATIONS, broken])).rejects.toThrow(/division by zero/);
    expect(await tables(t)).not.toContain('half_done');
    expect(await schemaVersion(t.db)).toBe(LATEST);
  });

  it('H3: refuses to start on a database newer than the code', async () => {
    await t.db.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`, [LATEST + 5]);
    try {
      await expect(migrate(t.db, silentLog)).rejects.toThrow(MigrationError);
      await expect(migrate(t.db, silentLog)).rejects.toThrow(/newer than this build/);
    } finally {
      await t.db.query(`DELETE FROM schema_migrations WHERE version = $1`, [LATEST + 5]);
    }
  });

  it('H1b: audit_log and agent_transitions refuse UPDATE (append-only)', async () => {
    await t.db.query(
      `INSERT INTO audit_log (event_id, at, action, result) VALUES (gen_random_uuid(), now(), 'logout', 'ok')`,
    );
    await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await t.db.query(
      `INSERT INTO agent_transitions (extno, team, from_status, to_status, at, prev_duration_ms) VALUES ('1', 'a', 'idle', 'on_call', now(), 5)`,
    );
    await expect(t.db.query(`UPDATE agent_transitions SET team = 'b'`)).rejects.toThrow(/append-only/);
  });
});

describe.each(DRIVERS)('migration 002 (auth store) on %s, over rows written at version 1', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver, { migrate: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('H1c: backfills sessions.last_used_at, adds api_tokens.access, keeps old rows, guards new ones', async () => {
    await migrate(t.db, silentLog, MIGRATIONS.slice(0, 1));
    await t.db.exec(`
      INSERT INTO users (id, username, display_name, role) VALUES ('11111111-1111-4111-8111-111111111111', 'old', 'Old', 'viewer');
      INSERT INTO sessions (token_hash, user_id, created_at, expires_at)
        VALUES ('legacy-hash', '11111111-1111-4111-8111-111111111111', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z');
      INSERT INTO display_links (name, token_hash) VALUES ('legacy tv', 'legacy-link');
      INSERT INTO api_tokens (name, token_hash, role) VALUES ('legacy token', 'legacy-token', 'manager');
    `);
    // Up to 002 only: later migrations are not what this test is about.
    const r = await migrate(t.db, silentLog, MIGRATIONS.slice(0, 2));
    expect(r.applied).toEqual([2]);
    const s = await t.db.query<{ same: boolean }>(`SELECT last_used_at = created_at AS same FROM sessions`);
    expect(s.rows).toEqual([{ same: true }]);
    const k = await t.db.query<{ access: string }>(`SELECT access FROM api_tokens`);
    expect(k.rows).toEqual([{ access: 'read' }]);
    expect((await t.db.query(`SELECT 1 FROM display_links WHERE teams = '{}'`)).rows).toHaveLength(1);
    await expect(
      t.db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('raw', '11111111-1111-4111-8111-111111111111', now())`),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(t.db.query(`INSERT INTO display_links (name, token_hash) VALUES ('x', repeat('a', 64))`)).rejects.toMatchObject({
      code: '23502',
    });
    await expect(t.db.query(`UPDATE sessions SET last_used_at = NULL`)).rejects.toMatchObject({ code: '23502' });
  });
});

describe.each(DRIVERS)('migration 003 (control records) on %s, over rows written at version 2', (driver) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(driver, { migrate: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("H1d: audit keeps the control's result model (an old 'error' row becomes 'failed'), ids become text, the log stays append-only", async () => {
    await migrate(t.db, silentLog, MIGRATIONS.slice(0, 2));
    await t.db.exec(`INSERT INTO audit_log (event_id, at, action, result) VALUES ('22222222-2222-4222-8222-222222222222', now(), 'hold', 'error')`);
    expect((await migrate(t.db, silentLog, MIGRATIONS.slice(0, 3))).applied).toEqual([3]);
    const rows = await t.db.query<{ event_id: string; result: string }>(`SELECT event_id, result FROM audit_log`);
    expect(rows.rows).toEqual([{ event_id: '22222222-2222-4222-8222-222222222222', result: 'failed' }]);
    await t.db.query(`INSERT INTO audit_log (event_id, at, action, result) VALUES ('not-a-uuid', now(), 'hold', 'refused')`);
    await expect(t.db.query(`INSERT INTO audit_log (event_id, at, action, result) VALUES ('x2', now(), 'hold', 'error')`)).rejects.toMatchObject({ code: '23514' });
    await expect(t.db.query(`UPDATE audit_log SET result = 'ok'`)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('migrations on postgres, concurrently', () => {
  it('H2b: two processes migrating one database at once apply each version exactly once', async () => {
    const a = await openTestDb('postgres', { migrate: false });
    // A second pool on the same schema, as a second process would have.
    const b = await openDb({ databaseUrl: PG_URL, dataDir: 'memory://', log: silentLog, schema: a.schema ?? undefined });
    try {
      const [ra, rb] = await Promise.all([migrate(a.db, silentLog), migrate(b, silentLog)]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await schemaVersion(a.db)).toBe(LATEST);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
