/**
 * Flags of the cluster suite (`npm run bench -- --suite cluster ...`), parsed once.
 *
 *   --write                 also replace "## Cluster (issue 8)" in BENCHMARKS.md
 *   --only compare,full     the phases to run (default both):
 *                           compare: one simulator, FLOORBOARD_ROLE=all, then the cluster, same
 *                                    agents and boards, the same probes (what Redis adds)
 *                           full:    SIMS simulator processes behind one call-system address,
 *                                    GATEWAYS gateways and WEB web nodes, BOARDS boards
 *   --agents 20000 --sims 4 --gateways 3 --web 2 --boards 1000 --probes 4
 *   --compare-agents 5000 --compare-boards 500
 *   --teams 40 (per simulator) --all-team-sinks (default: each sink board shows one team)
 *   --seconds 30 --warmup 25 --speed 4.4 --connect-rate 500 (per node) --lease-ttl-ms 6000
 *   --redis-url redis://127.0.0.1:6379 --max-minutes 30
 */
import { parseArgs } from 'node:util';
import { choiceList, numberFlag } from '../cli-flags';

export type ClusterPhase = 'compare' | 'full';

export interface ClusterOptions {
  only: ReadonlySet<ClusterPhase>;
  write: boolean;
  agents: number;
  sims: number;
  gateways: number;
  web: number;
  boards: number;
  probes: number;
  compareAgents: number;
  compareBoards: number;
  teams: number;
  teamSinks: boolean;
  seconds: number;
  warmupSeconds: number;
  speed: number;
  connectRate: number;
  leaseTtlMs: number;
  redisUrl: string;
  maxMinutes: number;
  command: string;
}

export function parseClusterOptions(argv: string[]): ClusterOptions {
  const { values: flags } = parseArgs({
    args: argv,
    strict: true,
    options: {
      only: { type: 'string', default: 'compare,full' },
      write: { type: 'boolean', default: false },
      agents: { type: 'string', default: '20000' },
      sims: { type: 'string', default: '4' },
      gateways: { type: 'string', default: '3' },
      web: { type: 'string', default: '2' },
      boards: { type: 'string', default: '1000' },
      probes: { type: 'string', default: '4' },
      'compare-agents': { type: 'string', default: '5000' },
      'compare-boards': { type: 'string', default: '500' },
      teams: { type: 'string', default: '40' },
      'all-team-sinks': { type: 'boolean', default: false },
      seconds: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '25' },
      speed: { type: 'string', default: '4.4' },
      // Per gateway: a 20,000-link burst at 2,000/s each starved the lease renewals on a loaded box.
      'connect-rate': { type: 'string', default: '500' },
      'lease-ttl-ms': { type: 'string', default: '6000' },
      'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      'max-minutes': { type: 'string', default: '30' },
    },
  });
  const int = (name: keyof typeof flags, min: number): number => numberFlag(name, flags[name], min);
  const only = choiceList<ClusterPhase>('only', String(flags.only), ['compare', 'full']);
  const boards = int('boards', 1);
  const compareBoards = int('compare-boards', 1);
  const web = int('web', 1);
  return {
    only,
    write: flags.write === true,
    agents: int('agents', 1),
    sims: int('sims', 1),
    gateways: int('gateways', 1),
    web,
    boards,
    // At least one probe per web node, so every node's path is timed.
    probes: Math.min(Math.max(int('probes', 1), web), boards, compareBoards),
    compareAgents: int('compare-agents', 1),
    compareBoards,
    teams: int('teams', 1),
    teamSinks: flags['all-team-sinks'] !== true,
    seconds: int('seconds', 1),
    warmupSeconds: int('warmup', 0),
    speed: int('speed', 0.01),
    connectRate: int('connect-rate', 1),
    leaseTtlMs: int('lease-ttl-ms', 500),
    redisUrl: String(flags['redis-url']),
    maxMinutes: int('max-minutes', 1),
    command: `npm run bench -- --suite cluster${argv.length ? ` ${argv.join(' ')}` : ''}`,
  };
}
