/**
 * Playwright fixtures: a real Floorboard server (production Next build, real Socket.IO) with the
 * embedded simulator, started inside the test worker so tests can drive the simulator's control
 * and fault knobs directly.
 */
import { test as base, type Page } from '@playwright/test';
import { parseConfig } from '@/server/config';
import { type Floorboard, type StartOptions, startFloorboard } from '@/server/index';
import { createLogger } from '@/server/log';

export const ADMIN_PASSWORD = 'e2e-admin-password-1';

export interface FloorboardFixtureOptions {
  env: Record<string, string>;
  start: Omit<StartOptions, 'config'>;
}

export async function startE2eServer(env: Record<string, string>, start: Omit<StartOptions, 'config'> = {}): Promise<Floorboard> {
  // The auth and control settings are read from the process environment at boot.
  process.env.FLOORBOARD_ADMIN_PASSWORD = ADMIN_PASSWORD;
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SIM_AGENTS: '60',
    SIM_TEAMS: '4',
    HISTORY: 'off',
    NODE_ENV: 'production',
    ...env,
  });
  return startFloorboard({ config, web: true, dev: false, log: createLogger({ level: 'warn' }), ...start });
}

/** Sign the page's browser context in as the initial admin (a session cookie, as a person would get). */
export async function signIn(page: Page, app: Floorboard, username = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  const res = await page.request.post(`${app.url}/api/auth/login`, {
    data: { username, password },
    headers: { origin: app.url },
  });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

export const test = base.extend<FloorboardFixtureOptions & { floorboard: Floorboard }>({
  env: [{}, { option: true }],
  start: [{}, { option: true }],
  floorboard: async ({ env, start }, use) => {
    const app = await startE2eServer(env, start);
    await use(app);
    await app.close();
  },
});

export { expect } from '@playwright/test';
