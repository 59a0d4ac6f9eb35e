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
  // Signal handlers first: a SIGTERM at any moment of start-up or after it shuts down cleanly
  // (exit 0), never by the default signal action.
  let sim: Awaited<ReturnType<typeof startSimulator>> | null = null;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`sim: ${signal}, shutting down`);
    (sim ? sim.close() : Promise.resolve()).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('sim: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  const started = await startSimulator({
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
  sim = started;
  if (stopping) {
    await started.close();
    return;
  }
  if (args.roster) await writeFile(args.roster, rosterToCsv(started.roster), 'utf8');

  console.log(`call-system simulator listening on ${started.url}`);
  console.log(`  monitor:      ${started.url.replace(/^http/, 'ws')}/agent/monitor?<token>`);
  console.log(`  agents:       ${started.roster.length} (${started.roster[0]?.extno}-${started.roster.at(-1)?.extno}), ${started.options.teams} teams`);
  console.log(`  seed/speed:   ${started.options.seed} / ${started.options.speed}x, tick ${started.options.tickMs} ms`);
  console.log(`  admin token:  ${started.adminToken}  (POST /admin/message/send)`);
  if (args.roster) console.log(`  roster:       ${args.roster}`);
}

main().catch((err: unknown) => {
  console.error('sim: failed to start', err);
  process.exit(1);
});
