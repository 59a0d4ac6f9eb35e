/**
 * Whether the production Next build in .next/ is missing or older than the sources it was built
 * from, so `npm start` rebuilds only when needed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Inputs of `next build`: pages, components, shared code, styles and configuration. */
const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const st = statSync(entry);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === 'node_modules' || child.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function buildIsStale(dir: string): { stale: boolean; reason: string } {
  const buildId = path.join(dir, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return { stale: true, reason: 'no production build yet' };
  const builtAt = statSync(buildId).mtimeMs;
  const sources = [...SOURCE_DIRS, ...SOURCE_FILES].map((p) => path.join(dir, p));
  const newest = Math.max(...sources.map(newestMtime));
  if (newest > builtAt) return { stale: true, reason: 'sources changed since the last build' };
  return { stale: false, reason: 'build is up to date' };
}
