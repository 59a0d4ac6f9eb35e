/**
 * Entry of a cluster test node: server/main.ts without the Next.js pages (the unit-test stage
 * runs before `next build`), so a child process is a real gateway or web node that kill -9 ends.
 */
import { parseConfig } from '@/server/config';
import { startFloorboard } from '@/server/index';
import { createLogger } from '@/server/log';

const config = parseConfig();
const log = createLogger({ level: config.LOG_LEVEL });
const app = await startFloorboard({ config, log, web: false });
log.info({ url: app.url }, `Floorboard listening on ${app.url}`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
