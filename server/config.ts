/**
 * Configuration, parsed once at boot from the environment and frozen.
 * A bad value fails fast with a message naming the variable (create-t3-app's env schema habit).
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
/** Blank means unset, so `VAR=` in a shell or an .env file behaves like no variable. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const optionalUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional());
const optionalString = z.preprocess(blankToUndefined, z.string().optional());

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** The call system's base URL. Unset: start the embedded simulator and use it. */
  CALL_SYSTEM_URL: optionalUrl,
  /** Monitor socket URL template; {scheme} {host} {token} {extno} are filled in. */
  MONITOR_URL_TEMPLATE: z.string().trim().min(1).default('ws://{host}/agent/monitor?{token}'),
  /** CSV with header extno,name,team,token. Required with CALL_SYSTEM_URL; with the simulator, defaults to its roster. */
  ROSTER_FILE: optionalString,
  /** Where the embedded database and other files live. */
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** PostgreSQL for history (postgres://user@host:5432/db); unset: the embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.preprocess(blankToUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  /** `on` records history; `off` runs the live board only (no database at all). */
  HISTORY: z.enum(['on', 'off']).default('on'),
  /** Days of history kept (0 keeps everything). */
  RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /** Records waiting for the database before new ones are dropped (and counted). */
  HISTORY_QUEUE_SIZE: z.coerce.number().int().min(1000).max(10_000_000).default(200_000),
  /** The call centre's time zone: day boundaries and KPI intervals. */
  TZ: z
    .string()
    .trim()
    .default('Asia/Shanghai')
    .refine((tz) => isTimeZone(tz), 'not a known IANA time zone'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Staleness limit in ms for a ticking feed; 0 derives it from the observed notice interval (at least 10 s). */
  STALE_AFTER_MS: z.coerce.number().int().min(0).default(0),
  /** Upstream monitor links: new connections per second after a mass disconnect. */
  UPSTREAM_CONNECT_RATE: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Broadcast batching window (ms). */
  BROADCAST_BATCH_MS: z.coerce.number().int().min(10).max(2_000).default(50),

  // Several processes joined by Redis (docs/deploy.md).
  /** `all` runs everything in one process; `gateway` holds upstream links; `web` serves boards. */
  FLOORBOARD_ROLE: z.enum(['all', 'gateway', 'web']).default('all'),
  /** Redis joining gateways and web nodes (required unless FLOORBOARD_ROLE=all). */
  REDIS_URL: z.preprocess(blankToUndefined, z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional()),
  /** Prefix of every Redis key, so several floors can share one Redis. */
  REDIS_PREFIX: z.string().trim().min(1).max(64).default('fb:'),
  /** A gateway's name in the membership set; unset: host name and process id. */
  GATEWAY_ID: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'letters, digits and ._:- only').optional()),
  /** Lifetime of a gateway's slot leases and membership heartbeat (ms). */
  LEASE_TTL_MS: z.coerce.number().int().min(500).max(60_000).default(6000),

  // The embedded simulator (only when CALL_SYSTEM_URL is unset).
  SIM_AGENTS: z.coerce.number().int().min(1).max(10_000).default(200),
  SIM_TEAMS: z.coerce.number().int().min(1).max(500).default(8),
  SIM_SEED: z.coerce.number().int().default(1),
  SIM_SPEED: z.coerce.number().positive().max(1_000).default(1),
  SIM_TICK_MS: z.coerce.number().int().min(0).default(1000),
  SIM_PORT: port.default(0),
});

export type Config = Readonly<z.infer<typeof schema>>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" for variables with defaults.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = env[String(issue.path[0])];
      return `  ${name}=${value === undefined ? '(unset)' : JSON.stringify(value)}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.CALL_SYSTEM_URL && !config.ROSTER_FILE) {
    throw new ConfigError(
      'Invalid configuration:\n  ROSTER_FILE=(unset): required when CALL_SYSTEM_URL points at a real call system (CSV extno,name,team,token)',
    );
  }
  if (config.FLOORBOARD_ROLE !== 'all' && (!config.REDIS_URL || !config.CALL_SYSTEM_URL)) {
    throw new ConfigError(
      `Invalid configuration:\n  FLOORBOARD_ROLE=${config.FLOORBOARD_ROLE}: needs REDIS_URL and CALL_SYSTEM_URL (every node of a cluster talks to the same call system)`,
    );
  }
  return Object.freeze(config);
}
