/**
 * A cluster web node in the browser (issue 8, rule CL3): a gateway process and a web node (this
 * worker, production Next build) joined by a private redis-server. When the web node loses Redis
 * the board shows the feed-down banner across its width; it clears when Redis is back.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Floorboard } from '@/server/index';
import { startSimulator } from '@/server/simulator/index';
import { type NodeProcess, startNode } from '../test/cluster/cluster-kit';
import { startPrivateRedis } from '../test/cluster/redis-server';
import { expect, signIn, startE2eServer, test } from './fixtures';

test('CL3: a web node that lost Redis shows the feed-down banner over the board, and it clears when Redis returns', async ({ page }) => {
  test.setTimeout(150_000);
  const [sim, redis, dir] = await Promise.all([
    startSimulator({ agents: 12, teams: 2, seed: 9, dynamics: false, tickMs: 1000 }),
    startPrivateRedis(),
    mkdtemp(path.join(os.tmpdir(), 'fb-e2e-cluster-')),
  ]);
  for (const r of sim.roster) sim.control.signIn(r.extno);
  const rosterFile = path.join(dir, 'roster.csv');
  await writeFile(rosterFile, ['extno,name,team,token', ...sim.roster.map((r) => `${r.extno},${r.name},${r.team},${r.token}`)].join('\n'));
  const common = { CALL_SYSTEM_URL: sim.url, ROSTER_FILE: rosterFile, REDIS_URL: redis.url, LEASE_TTL_MS: '4000' };
  let gateway: NodeProcess | null = null;
  let web: Floorboard | null = null;
  try {
    gateway = await startNode('g1', { ...common, FLOORBOARD_ROLE: 'gateway', GATEWAY_ID: 'g1', HISTORY: 'off', DATA_DIR: path.join(dir, 'g1') });
    web = await startE2eServer({ ...common, FLOORBOARD_ROLE: 'web', DATA_DIR: path.join(dir, 'web') });
    await signIn(page, web);
    await page.goto(`${web.url}/?lang=en`);
    await expect(page.locator('a.tile[data-status="idle"]')).toHaveCount(sim.roster.length, { timeout: 30_000 });
    const banner = page.getByTestId('feed-down-banner');
    await expect(banner).toHaveCount(0);

    await redis.stop();
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(banner).toContainText('SERVER DATA FEED LOST');
    const box = await banner.boundingBox();
    expect(box!.width).toBeGreaterThan(1800); // across the whole 1920-pixel board

    await redis.start();
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
  } finally {
    await web?.close();
    await gateway?.stop();
    await redis.stop();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
});
