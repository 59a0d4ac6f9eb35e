/**
 * `npm run sim -- --agents 200 --teams 8 --seed 7 --speed 1 --tick 1000 --port 4000 --roster roster.csv`
 * Runs the call-system simulator on its own, prints its URL and admin token, writes the
 * roster CSV when asked, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { writeFile } from 'node:fs/promises';
import { parseCliArgs, USAGE } from './cli-args';
import { rosterToCsv, startSimulator } from './index';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sim: ${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator({
    agents: args.agents,
    teams: args.teams,
    seed: args.seed,
    speed: args.speed,
    tickMs: args.tick,
    port: args.port,
    host: args.host,
    extnoStart: args['extno-start'],
    dynamics: !args['no-dynamics'],
    infoAsString: args['info-as-string'],
    adminToken: args['admin-token'],
    tokenPrefix: args['token-prefix'],
  });
  if (args.roster) await writeFile(args.roster, rosterToCsv(sim.roster), 'utf8');

  console.log(`call-system simulator listening on ${sim.url}`);
  console.log(`  monitor:      ${sim.url.replace(/^http/, 'ws')}/agent/monitor?<token>`);
  console.log(`  agents:       ${sim.roster.length} (${sim.roster[0]?.extno}-${sim.roster.at(-1)?.extno}), ${sim.options.teams} teams`);
  console.log(`  seed/speed:   ${sim.options.seed} / ${sim.options.speed}x, tick ${sim.options.tickMs} ms`);
  console.log(`  admin token:  ${sim.adminToken}  (POST /admin/message/send)`);
  if (args.roster) console.log(`  roster:       ${args.roster}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`sim: ${signal}, shutting down`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('sim: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('sim: failed to start', err);
  process.exit(1);
});
