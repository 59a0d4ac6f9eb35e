/**
 * The executable entry (npm start / npm run dev): parse the configuration, start, stop cleanly
 * on SIGINT/SIGTERM.
 */
import { ConfigError, parseConfig } from './config';
import { parseControlConfig } from './control/config';
import { createLogger } from './log';
import { startFloorboard } from './index';

let config;
try {
  config = parseConfig();
  parseControlConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError || (err instanceof Error && err.message.startsWith('Invalid'))) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

const log = createLogger({ level: config.LOG_LEVEL });
const app = await startFloorboard({ config, log, dev: config.NODE_ENV === 'development' });
log.info(
  { url: app.url, callSystem: app.simulator ? 'embedded simulator' : 'external', agents: app.floor.size() },
  `Floorboard listening on ${app.url}`,
);

const admin = app.auth.initialAdmin;
if (admin.created && admin.password) {
  // Printed once, to the terminal only (not through the logger, so it never reaches log storage).
  process.stderr.write(
    `\n  First start: created user "${admin.username}" with password  ${admin.password}\n` +
      '  Sign in at /login and change it (or set FLOORBOARD_ADMIN_PASSWORD before the first start).\n\n',
  );
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  await app.close();
  process.exit(0);
}
process.on('SIGHUP', () => {
  app.reloadRoster().catch((err: unknown) => log.error({ err }, 'roster reload failed: the old roster stays'));
});
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
