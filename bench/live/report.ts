/**
 * The live-path suite's Markdown report: number formatting, the targets table, the header
 * describing the setup, and the `--write` replacement of BENCHMARKS.md's live-path section.
 */
import { replaceSection } from '../benchmarks-file';
import { cpus, totalmem } from 'node:os';
import type { LiveOptions } from './options';

export const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
export const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
export const pct = (n: number): string => `${f1(n)}%`;
export const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
export const table = (rows: [string, string][]): string => ['| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
export const loadText = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');

export interface Target {
  scenario: string;
  target: string;
  measured: string;
  met: boolean;
}

/** What the scenarios add to as they run; rendered once at the end. */
export class Report {
  readonly targets: Target[] = [];
  /** One Markdown section per scenario, each starting with `### A.`, `### B.` or `### C.`. */
  readonly sections: string[] = [];
  /** Parts of the run that failed (with the error), listed in the report instead of their figures. */
  readonly failures: string[] = [];
  /** CPU profile summaries (with --profile), printed on stderr. */
  readonly profiles: string[] = [];

  render(opts: LiveOptions, startLoad: number[]): string {
    const order = ['### A.', '### B.', '### C.'];
    const sections = [...this.sections].sort((a, b) => order.findIndex((o) => a.startsWith(o)) - order.findIndex((o) => b.startsWith(o)));
    const failed = this.failures.length === 0 ? [] : ['### Not measured', '', ...this.failures.map((f) => `- ${f}`), ''];
    return [header(opts, startLoad), '', this.summary(), '', ...failed, ...sections.flatMap((s) => [s, ''])].join('\n').trimEnd() + '\n';
  }

  private summary(): string {
    return [
      '### Targets',
      '',
      '| scenario | target | measured | met |',
      '|---|---|---|---|',
      ...this.targets.map((t) => `| ${t.scenario} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    ].join('\n');
  }
}

function header(opts: LiveOptions, startLoad: number[]): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const scope = opts.teamBoards
    ? 'Each sink shows one team (round robin over the teams); the probes show all teams.'
    : 'Every board shows all teams, so each one receives every change (the worst case).';
  const history =
    opts.history === 'off' ? 'HISTORY=off (the live path alone; the recorder would share its thread)' : 'HISTORY=on (embedded PGlite in a temporary DATA_DIR)';
  return [
    '## Live path (issue 3)',
    '',
    `Command: \`${opts.command}\` (run ending ${date} UTC; the flags are listed at the top of \`bench/live/options.ts\`).`,
    'Scenarios A, B, C of issue 3: the whole live path on loopback, call-system',
    'simulator -> upstream links -> decode -> reducer -> broadcaster -> Socket.IO -> boards, each role',
    'in its own process: the simulator (a child running `startSimulator`, streaming every status change',
    'with its time), Floorboard (a child running `startFloorboard({web:false})` with `CALL_SYSTEM_URL`',
    'and `ROSTER_FILE` pointing at the simulator), the sink boards (two children: real socket.io-client',
    'connections, WebSocket only, that read only the `seq` of each packet and check it is consecutive),',
    'and the bench process with the probe boards (full socket.io-client decode, applying snapshot and',
    `deltas by the protocol's rules C1-C4, resuming by replay after a reconnect, C6). ${scope} Latency is end to end: from the`,
    'moment the simulator moves an agent to the moment a probe holds the decoded delta carrying the new',
    'status (both `Date.now()` on one host, ms resolution). CPU is `process.cpuUsage` over the window,',
    'one core = 100%.',
    '',
    `Parameters: ${thousands(opts.agents)} agents in ${opts.teams} teams, seed 1, 1 Hz notice ticks, simulator speed ${opts.speed}`,
    `(tuned for ~10% of agents changing state per second), ${opts.boards} boards (${opts.probes} of them probes), ${history},`,
    `boards signed in with a display link when the server has sign-in, broadcast batch ${opts.effectiveBatchMs} ms${opts.batchMs === null ? ' (default)' : ''},`,
    `upstream connect rate ${opts.connectRate}/s (default 200/s; raised so that ${thousands(opts.holdAgents)} links come up in seconds),`,
    `${opts.seconds} s measured per scenario after a ${opts.warmupSeconds} s warm-up (the floor's staggered sign-in).`,
    '',
    `Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. **Shared and noisy**:`,
    `other work was running on the same 2 cores (load average ${loadText(startLoad)} at the start, 1 / 5 / 15 min),`,
    'and the five processes of the bench compete for them too: read CPU and latency figures as upper bounds.',
  ].join('\n');
}

/** Replace the "## Live path (issue 3)" section of BENCHMARKS.md (up to the next `## `), or append it. */
export async function writeBenchmarks(file: string, section: string): Promise<void> {
  await replaceSection(file, '## Live path (issue 3)', section);
}
