/**
 * Test databases for the store tests: the same suite runs against PGlite (in memory) and the
 * real PostgreSQL server. Each test file gets its own schema on the server (dropped at the
 * end), so parallel runs and other helpers' tests never see each other's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { openDb, type Db, type OpenDbOptions } from '@/server/store/db';
import { migrate } from '@/server/store/migrate';
import { createLogger } from '@/server/log';
import type { AgentStatus } from '@/lib/domain/status';
import type { RecordItem } from '@/server/store/record-items';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const silentLog = createLogger({ level: 'silent' });

export const DRIVERS = ['pglite', 'postgres'] as const;
export type DriverName = (typeof DRIVERS)[number];

export interface TestDb {
  db: Db;
  schema: string | null;
  /** Drop the schema (server) and close. */
  close(): Promise<void>;
}

export function randomSchema(): string {
  return `fb_test_${randomBytes(6).toString('hex')}`;
}

export async function openTestDb(
  driver: DriverName,
  options: { migrate?: boolean; databaseUrl?: string } & Partial<OpenDbOptions> = {},
): Promise<TestDb> {
  const schema = driver === 'postgres' ? randomSchema() : null;
  const db = await openDb({
    dataDir: 'memory://',
    log: silentLog,
    ...options,
    databaseUrl: driver === 'postgres' ? (options.databaseUrl ?? PG_URL) : undefined,
    schema: schema ?? undefined,
  });
  if (options.migrate ?? true) await migrate(db, silentLog);
  return {
    db,
    schema,
    async close() {
      try {
        if (schema) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/** Drop a schema through a separate short-lived connection (when the test's own pool is broken). */
export async function dropSchema(schema: string): Promise<void> {
  const admin = await openDb({ databaseUrl: PG_URL, dataDir: 'memory://', log: silentLog });
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.close();
  }
}

const HISTORY_TABLES = [
  'agent_transitions',
  'agent_last_state',
  'calls',
  'team_minute_rollups',
  'audit_log',
  'alert_history',
  'announcement_receipts',
  'announcements',
  'settings',
  'roster_overrides',
  'sessions',
  'login_failures',
  'display_links',
  'api_tokens',
  'users',
];

/** Empty every data table between tests sharing one database. */
export async function truncateAll(db: Db): Promise<void> {
  await db.exec(`TRUNCATE ${HISTORY_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}

/** SHA-256 hex of a made-up token: what the auth layer stores (token_hash columns refuse anything else). */
export function hashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Epoch ms of a local wall-clock time in Asia/Shanghai (UTC+8, no DST). */
export function shanghai(local: string): number {
  return Date.parse(`${local.replace(' ', 'T')}+08:00`);
}

/** Poll until `check` is true (real timers), failing after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An agent's path as [Shanghai local time, status entered]; emits transitions with durations (KPI tests). */
export function steps(extno: string, team: string, path: [string, AgentStatus][]): RecordItem[] {
  const items: RecordItem[] = [];
  let prev: { status: AgentStatus; at: number } = { status: 'unknown', at: shanghai(path[0]![0]) };
  for (const [local, status] of path) {
    const at = shanghai(local);
    items.push({ kind: 'transition', extno, team, from: prev.status, to: status, at, prevDurationMs: at - prev.at });
    prev = { status, at };
  }
  return items;
}

/** A call connected at a Shanghai local time (KPI tests). */
export function connect(sessionId: string, extno: string, team: string, local: string): RecordItem {
  return { kind: 'call', phase: 'connect', sessionId, extno, team, at: shanghai(local), projectId: 1, taskId: 1, city: null, recordUuid: null };
}
