/**
 * The control path's settings, parsed once from the environment (house style 10). Kept apart
 * from server/config.ts so the lead can merge the schema in or call this beside it; a bad value
 * fails fast naming the variable.
 */
import { z } from 'zod';
import type { CallSystemClientOptions } from './call-system-client';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const path = z.string().trim().regex(/^\/[^\s?#]*$/, 'must be a path starting with /');
const paramName = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a plain parameter name');

export const controlConfigSchema = z.object({
  /** Where the agent's token goes on REST calls: query | header | cookie. */
  CALL_SYSTEM_TOKEN_IN: z.enum(['query', 'header', 'cookie']).default('query'),
  /** Its name; defaults: query/cookie access_token, header Authorization (sent as "Bearer <token>"). */
  CALL_SYSTEM_TOKEN_NAME: optionalString.pipe(paramName.optional()),
  /** Body encoding of REST calls: form | json. */
  CALL_SYSTEM_BODY: z.enum(['form', 'json']).default('form'),
  CALL_SYSTEM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The administrator token for announcements. */
  CALL_SYSTEM_ADMIN_TOKEN: optionalString,
  ANNOUNCE_PATH: path.default('/admin/message/send'),
  ANNOUNCE_MSG_PARAM: paramName.default('msg'),
  ANNOUNCE_EXTNOS_PARAM: paramName.default('extnos'),
  /** A whole-floor announcement sends an empty extnos list ("every agent") instead of listing everyone. */
  ANNOUNCE_FLOOR_AS_EMPTY_LIST: z.stringbool().default(false),
  /** Per user: CONTROL_RATE_LIMIT actions per CONTROL_RATE_WINDOW_MS. */
  CONTROL_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  CONTROL_RATE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Rows the in-memory audit trail keeps. */
  AUDIT_MEMORY_ROWS: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  /** How long after a send `message` frames count as receipts. */
  ANNOUNCE_RECEIPT_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
});

export type ControlConfig = Readonly<z.output<typeof controlConfigSchema>>;

export function parseControlConfig(env: Record<string, string | undefined> = process.env): ControlConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = controlConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      // Never echo a token back, even into a config error.
      const value = name.includes('TOKEN') && name !== 'CALL_SYSTEM_TOKEN_IN' ? '(hidden)' : JSON.stringify(env[name]);
      return `  ${name}=${value}: ${issue.message}`;
    });
    throw new Error(`Invalid control configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

/** Client options from the parsed config and the call system's base URL. */
export function clientOptionsFrom(config: ControlConfig, baseUrl: string): CallSystemClientOptions {
  return {
    baseUrl,
    tokenIn: config.CALL_SYSTEM_TOKEN_IN,
    ...(config.CALL_SYSTEM_TOKEN_NAME ? { tokenName: config.CALL_SYSTEM_TOKEN_NAME } : {}),
    bodyEncoding: config.CALL_SYSTEM_BODY,
    timeoutMs: config.CALL_SYSTEM_TIMEOUT_MS,
    ...(config.CALL_SYSTEM_ADMIN_TOKEN ? { adminToken: config.CALL_SYSTEM_ADMIN_TOKEN } : {}),
    paths: { announce: config.ANNOUNCE_PATH },
    announceParams: { msg: config.ANNOUNCE_MSG_PARAM, extnos: config.ANNOUNCE_EXTNOS_PARAM },
  };
}
