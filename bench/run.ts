/**
 * `npm run bench`: the benchmark suites, one after the other, Markdown reports on stdout and
 * progress on stderr.
 *
 *   npm run bench                         every suite below
 *   npm run bench -- --suite live         only the named suites (comma-separated: ingest, live, board, cluster)
 *   npm run bench -- --write              each suite also updates its section of BENCHMARKS.md
 *
 * Every other flag goes to the suites as given (the live path's are listed in
 * bench/live/options.ts, e.g. `--only A,C --batch-ms 50 --profile`).
 */
import { spawn } from 'node:child_process';
import { runIngestSuite } from './live/ingest-path';
import { runClusterSuite } from './cluster/suite';
import { runLiveSuite } from './live/suite';
import { choiceList } from './cli-flags';

type Suite = (argv: string[]) => Promise<void>;

/** A suite that is a script of its own, run in a child process with the same flags. */
function scriptSuite(file: string): Suite {
  return (argv) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', file, ...argv], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}`))));
    });
}

/** The suites, in the order they run; adding one is one line here. */
const SUITES: Record<string, Suite> = {
  ingest: runIngestSuite,
  live: runLiveSuite,
  // The board in Debian Chromium (issue 4); serves the production build (`npx next build` first).
  board: scriptSuite('bench/board-frames.ts'),
  // Gateways and web nodes joined by Redis (issue 8; bench/cluster/options.ts lists its flags).
  cluster: runClusterSuite,
};

function pickSuites(argv: string[]): { names: string[]; rest: string[] } {
  const rest = [...argv];
  const i = rest.findIndex((a) => a === '--suite' || a.startsWith('--suite='));
  if (i < 0) return { names: Object.keys(SUITES), rest };
  const [flag] = rest.splice(i, 1);
  const value = flag!.includes('=') ? flag!.slice(flag!.indexOf('=') + 1) : (rest.splice(i, 1)[0] ?? '');
  return { names: [...choiceList('suite', value, Object.keys(SUITES))], rest };
}

const { names, rest } = pickSuites(process.argv.slice(2));
try {
  for (const name of names) await SUITES[name]!(rest);
  process.exit(0);
} catch (err) {
  console.error(err);
  process.exit(1);
}
