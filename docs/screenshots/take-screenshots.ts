/**
 * Re-takes the board's screenshots in this folder against the real server (production build)
 * and its embedded simulator, in Debian Chromium: 200, 500 and 2,000 agents on 1080p and 4K
 * walls and a 1366x768 laptop. The floor runs at 4x speed for a while first, so tiles show a
 * working mix of states, timers and colour tiers rather than a floor that just signed in.
 *
 *   npx next build && npx tsx docs/screenshots/take-screenshots.ts      (AGENTS=200,500 for some only)
 *
 * Needs a CJK font (Debian: fonts-wqy-microhei or fonts-noto-cjk), or names and labels in
 * zh-CN show as empty boxes.
 */
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { Floorboard } from '@/server/index';
import { signIn, startE2eServer } from '../../e2e/fixtures';
import { CHROMIUM_ARGS } from '../../playwright.config';

const OUT = import.meta.dirname;
const WARM_S = Number(process.env.WARM_S ?? 30);

interface Shot {
  file: string;
  path: string;
  width: number;
  height: number;
}

const SHOTS: Record<number, Shot[]> = {
  200: [
    { file: 'kiosk-1920x1080-200.png', path: '/board', width: 1920, height: 1080 },
    { file: 'kiosk-3840x2160-200.png', path: '/board', width: 3840, height: 2160 },
    { file: 'floor-1366x768-200-light.png', path: '/?theme=light', width: 1366, height: 768 },
  ],
  500: [
    { file: 'kiosk-1920x1080-500.png', path: '/board', width: 1920, height: 1080 },
    { file: 'kiosk-3840x2160-500.png', path: '/board', width: 3840, height: 2160 },
    { file: 'floor-1366x768-500-light.png', path: '/?theme=light', width: 1366, height: 768 },
  ],
  2000: [
    { file: 'kiosk-3840x2160-2000.png', path: '/board', width: 3840, height: 2160 },
    { file: 'kiosk-1920x1080-2000-paging.png', path: '/board?group=team', width: 1920, height: 1080 },
  ],
};

function start(agents: number): Promise<Floorboard> {
  return startE2eServer({ SIM_AGENTS: String(agents), SIM_TEAMS: String(Math.max(4, Math.round(agents / 100))), SIM_SEED: '1', SIM_SPEED: '4' });
}

async function shoot(browser: Browser, app: Floorboard, shot: Shot): Promise<void> {
  const context = await browser.newContext({ viewport: { width: shot.width, height: shot.height }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await signIn(page, app);
    await page.goto(`${app.url}${shot.path}`);
    await page.waitForFunction(() => document.querySelectorAll('#agents a.tile').length > 0, null, { timeout: 60_000 });
    // Let fonts, the fit and a few clock ticks settle.
    await page.waitForTimeout(4000);
    const jpeg = shot.file.endsWith('.jpg');
    await page.screenshot({ path: join(OUT, shot.file), type: jpeg ? 'jpeg' : 'png', quality: jpeg ? 85 : undefined });
    console.error(`wrote ${shot.file}`);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const only = process.env.AGENTS?.split(',');
    for (const [agents, shots] of Object.entries(SHOTS)) {
      if (only && !only.includes(agents)) continue;
      const app = await start(Number(agents));
      try {
        await new Promise((r) => setTimeout(r, WARM_S * 1000));
        for (const shot of shots) await shoot(browser, app, shot);
      } finally {
        await app.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
