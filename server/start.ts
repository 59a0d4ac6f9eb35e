/**
 * `npm start`: build the Next app when the build is missing or stale, then serve in production.
 */
import { spawnSync } from 'node:child_process';
import { buildIsStale } from './build-freshness';

const dir = process.cwd();
const { stale, reason } = buildIsStale(dir);
if (stale) {
  console.log(`[floorboard] building the web app (${reason})…`);
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('[floorboard] next build failed');
    process.exit(result.status ?? 1);
  }
}
Object.assign(process.env, { NODE_ENV: 'production' });
await import('./main');
