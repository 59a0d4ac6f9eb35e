/** The simulator's options, validated once by `startSimulator` (a bad option fails fast). */
import { z } from 'zod';
import { dynamicsModelSchema } from './model';

export const simulatorOptionsSchema = z
  .object({
    port: z.number().int().min(0).max(65_535).default(0),
    host: z.string().min(1).default('127.0.0.1'),
    agents: z.number().int().min(1).max(50_000).default(50),
    teams: z.number().int().min(1).max(999).default(5),
    seed: z.number().int().default(1),
    /** Divides simulated durations: at 10 a 90 s call lasts 9 s. `time` stays real. */
    speed: z.number().positive().max(100_000).default(1),
    /** Notice tick per agent in ms; 0 = notices on change only. */
    tickMs: z.number().int().min(0).max(3_600_000).default(1000),
    extnoStart: z.number().int().min(0).max(99_999_999).default(1001),
    /** false: agents stay signed out until a test moves them (control API or REST). */
    dynamics: z.boolean().default(true),
    /** Send `info` as a JSON string instead of an object (the document allows both). */
    infoAsString: z.boolean().default(false),
    /** Token of the announcement endpoint; random when absent. */
    adminToken: z.string().min(8).max(512).optional(),
    /** Prepended to every agent token (e.g. to tell simulator processes apart). */
    tokenPrefix: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9._~-]*$/, 'URL-safe characters only: the token is a query string')
      .default(''),
    /** Keep a log of every status change in `truth.transitions` (off by default: it grows). */
    logTransitions: z.boolean().default(false),
    /** REST request bodies larger than this are refused with 413. */
    bodyLimitBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
    /** Overrides of the dynamics model's parameters (docs/simulator.md). */
    model: dynamicsModelSchema.partial().optional(),
  })
  .strict()
  // A small test floor keeps the default team count working: never more teams than agents.
  .transform((o) => ({ ...o, teams: Math.min(o.teams, o.agents) }));

export type SimulatorOptions = z.input<typeof simulatorOptionsSchema>;
export type ResolvedSimulatorOptions = z.output<typeof simulatorOptionsSchema>;
