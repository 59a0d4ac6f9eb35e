/**
 * Flags of the live-path suite (`npm run bench -- ...`), parsed once into a plain object.
 *
 *   --only A,B,C       scenarios to run (comma-separated; default all)
 *   --write            also replace "## Live path (issue 3)" in BENCHMARKS.md
 *   --profile          CPU profile of Floorboard per measured window (bench/out/, summarized on stderr)
 *   --team-boards      each sink board shows one team instead of all teams
 *   --history on       with the history recorder (embedded PGlite in a temp dir)
 *   --seconds 30 --warmup 25 --agents 5000 --teams 40 --speed 4.4 --boards 500 --probes 4
 *   --hold-agents 10000 --hold-seconds 20 --batch-ms N --connect-rate 2000 --max-minutes 9
 */
import { parseArgs } from 'node:util';
import { parseConfig } from '@/server/config';
import { choiceList, failFlag, numberFlag } from '../cli-flags';

export type Scenario = 'A' | 'B' | 'C';

export interface LiveOptions {
  only: ReadonlySet<Scenario>;
  write: boolean;
  profile: boolean;
  teamBoards: boolean;
  history: 'on' | 'off';
  seconds: number;
  warmupSeconds: number;
  agents: number;
  teams: number;
  speed: number;
  boards: number;
  probes: number;
  holdAgents: number;
  holdSeconds: number;
  /** BROADCAST_BATCH_MS given to Floorboard, or null for the server's default. */
  batchMs: number | null;
  /** The batch Floorboard actually uses (the flag, or the server's default). */
  effectiveBatchMs: number;
  connectRate: number;
  maxMinutes: number;
  /** The command line, as the report quotes it. */
  command: string;
}

/** Exits with status 2 and a message on a bad flag (the bench is a command-line tool). */
export function parseLiveOptions(argv: string[]): LiveOptions {
  const { values: flags } = parseArgs({
    args: argv,
    strict: true,
    options: {
      only: { type: 'string' },
      write: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'team-boards': { type: 'boolean', default: false },
      history: { type: 'string', default: 'off' },
      seconds: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '25' },
      agents: { type: 'string', default: '5000' },
      teams: { type: 'string', default: '40' },
      speed: { type: 'string', default: '4.4' },
      boards: { type: 'string', default: '500' },
      probes: { type: 'string', default: '4' },
      'hold-agents': { type: 'string', default: '10000' },
      'hold-seconds': { type: 'string', default: '20' },
      'batch-ms': { type: 'string' },
      'connect-rate': { type: 'string', default: '2000' },
      'max-minutes': { type: 'string', default: '9' },
    },
  });
  const num = (name: keyof typeof flags): number => numberFlag(name, flags[name]);
  const only = choiceList<Scenario>('only', flags.only ?? 'A,B,C', ['A', 'B', 'C'], (s) => s.toUpperCase());
  if (flags.history !== 'on' && flags.history !== 'off') failFlag('--history: on or off');
  const boards = num('boards');
  const batchMs = flags['batch-ms'] === undefined ? null : num('batch-ms');
  return {
    only,
    write: flags.write === true,
    profile: flags.profile === true,
    teamBoards: flags['team-boards'] === true,
    history: flags.history === 'on' ? 'on' : 'off',
    seconds: num('seconds'),
    warmupSeconds: num('warmup'),
    agents: num('agents'),
    teams: num('teams'),
    speed: num('speed'),
    boards,
    probes: Math.min(num('probes'), boards),
    holdAgents: num('hold-agents'),
    holdSeconds: num('hold-seconds'),
    batchMs,
    effectiveBatchMs: batchMs ?? parseConfig({}).BROADCAST_BATCH_MS,
    connectRate: num('connect-rate'),
    maxMinutes: num('max-minutes'),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  };
}
