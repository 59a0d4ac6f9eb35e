/**
 * Command-line arguments of `npm run sim`, parsed strictly: an unknown flag or a bad
 * value is an error with a message, never silently ignored.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z
  .object({
    agents: int(1, 50_000).default(200),
    teams: int(1, 999).default(8),
    seed: z.coerce.number().int().default(1),
    speed: z.coerce.number().positive().max(100_000).default(1),
    tick: int(0, 3_600_000).default(1000),
    port: int(0, 65_535).default(4000),
    host: z.string().min(1).default('127.0.0.1'),
    'extno-start': int(0, 99_999_999).default(1001),
    roster: z.string().min(1).optional(),
    'admin-token': z.string().min(8).optional(),
    'token-prefix': z.string().optional(),
    'no-dynamics': z.boolean().default(false),
    'info-as-string': z.boolean().default(false),
  })
  .strict();

export type CliArgs = z.infer<typeof schema>;

export const USAGE = `usage: npm run sim -- [--agents 200] [--teams 8] [--seed 1] [--speed 1] [--tick 1000]
                    [--port 4000] [--host 127.0.0.1] [--extno-start 1001] [--roster roster.csv]
                    [--admin-token T] [--token-prefix P] [--no-dynamics] [--info-as-string]`;

const STRING_FLAGS = ['agents', 'teams', 'seed', 'speed', 'tick', 'port', 'host', 'extno-start', 'roster', 'admin-token', 'token-prefix'] as const;

/** Parses argv (without node and the script); throws an Error with a readable message. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
      'no-dynamics': { type: 'boolean' },
      'info-as-string': { type: 'boolean' },
    },
  });
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(issues);
  }
  return parsed.data;
}
