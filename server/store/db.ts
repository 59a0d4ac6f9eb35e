/**
 * One Postgres dialect, two drivers (docs/storage.md, H0):
 * - PGlite (embedded Postgres in WebAssembly) by default, its files under DATA_DIR/pglite,
 *   or in memory for tests (`dataDir: 'memory://'`);
 * - node-postgres (`pg.Pool`) when DATABASE_URL is set.
 *
 * Both return the same JavaScript types for the same SQL: int8 and numeric as `number`
 * (our counters stay far below 2^53), timestamptz as `Date`, jsonb parsed. Repositories only
 * see the small `Queryable` / `Db` interfaces below, never a driver.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Logger } from '@/server/log';

export interface QueryResult<T> {
  rows: T[];
  /** Rows returned or affected (INSERT/UPDATE/DELETE count). */
  rowCount: number;
}

/** What a repository needs: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Run one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** BEGIN, fn, COMMIT; ROLLBACK and rethrow when fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://... : use the PostgreSQL server; unset: embedded PGlite. */
  databaseUrl?: string;
  /** DATA_DIR: PGlite keeps its files in `<dataDir>/pglite`; `memory://` keeps nothing. */
  dataDir: string;
  log: Logger;
  /** Schema to create (if needed) and put first on the search_path (tests isolate themselves so). */
  schema?: string;
  /** node-postgres pool size. */
  poolSize?: number;
  /** node-postgres: give up connecting after this long (ms), so an outage fails a batch rather than hangs it. */
  connectTimeoutMs?: number;
  /** node-postgres: application_name shown in pg_stat_activity (default 'floorboard'). */
  applicationName?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

const INT8 = 20;
const NUMERIC = 1700;

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.schema !== undefined && !IDENT.test(options.schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(options.schema)}`);
  }
  return options.databaseUrl ? openPostgres(options, options.databaseUrl) : openPglite(options);
}

// ---------------------------------------------------------------------------------------------
// PGlite

async function openPglite(options: OpenDbOptions): Promise<Db> {
  let dir = 'memory://';
  if (options.dataDir !== 'memory://') {
    dir = path.resolve(options.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
  }
  const started = Date.now();
  const lite = await PGlite.create(dir, {
    // PGlite already parses int8 as number; numeric comes back as text like in pg.
    parsers: { [NUMERIC]: (v: string) => Number(v) },
  });
  options.log.info({ driver: 'pglite', dataDir: dir, startMs: Date.now() - started }, 'embedded database open');
  if (options.schema) {
    // One connection only, so a session-level SET holds for the life of the instance.
    await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema}`);
  }

  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(lite);
  return {
    driver: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// node-postgres

function parseInt8(v: string): number {
  return Number(v);
}

async function openPostgres(options: OpenDbOptions, url: string): Promise<Db> {
  const settings = ['-c TimeZone=UTC'];
  if (options.schema) settings.push(`-c search_path=${options.schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'floorboard',
    options: settings.join(' '),
    types: {
      // Per pool, not pg.types.setTypeParser: the global would change every other pg user in the process.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === NUMERIC) return Number;
        return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener an idle client's error (server restart, terminated backend) crashes the process.
  pool.on('error', (err) => options.log.warn({ err }, 'postgres idle connection lost'));
  // A checked-out client has no pool listener, and one can die before its borrower attaches its
  // own: the handshake's ReadyForQuery and a FATAL (pg_terminate_backend, shutdown) can arrive in
  // one read, so the error fires before `await pool.connect()` resumes. Every client gets a
  // permanent listener from birth; the failing query still rejects and is handled there.
  pool.on('connect', (client) => {
    client.on('error', (err) => options.log.debug({ err }, 'postgres connection error'));
  });

  if (options.schema) {
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
  }
  options.log.info({ driver: 'postgres', schema: options.schema ?? null }, 'postgres pool open');

  const wrap = (q: Pick<pg.Pool | pg.PoolClient, 'query'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await q.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      // No parameters: node-postgres uses the simple protocol, which accepts several statements.
      await q.query(sql);
    },
  });
  const base = wrap(pool);
  let closed = false;
  return {
    driver: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let discard = false;
      // A checked-out client reports a dead connection as an 'error' event; unheard, it would
      // crash the process. The pending query rejects as well, which is what we act on.
      const onError = (err: Error): void => {
        discard = true;
        options.log.warn({ err }, 'postgres connection lost during a transaction');
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isConnectionError(err)) {
          discard = true;
        } else {
          await client.query('ROLLBACK').catch(() => {
            discard = true;
          });
        }
        throw err;
      } finally {
        client.off('error', onError);
        // A broken client goes back destroyed, so the pool opens a fresh one next time.
        client.release(discard ? true : undefined);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Errors

function sqlState(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** No SQLSTATE (socket errors, timeouts) or a connection/shutdown class: the server, not the data. */
function isConnectionError(err: unknown): boolean {
  const state = sqlState(err);
  return state === undefined || state.startsWith('08') || state.startsWith('57P');
}

/**
 * Whether a failed write can never succeed as it is (bad data: SQLSTATE classes 21, 22, 23),
 * as opposed to a failure of the server or the connection, which a retry may cure.
 * Anything unknown counts as transient: retrying a bug is loud (the recorder alarms), dropping
 * data because of one is silent.
 */
export function isDataError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && /^(21|22|23)/.test(state);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
