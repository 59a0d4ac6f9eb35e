/**
 * The wall-board against the real server and simulator (issue: the wall-board).
 */
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { STATUS_BY_CODE } from '@/lib/domain/status';
import { expect, signIn, test } from './fixtures';

test.describe('floor board', () => {
  test.use({ start: { simulator: { dynamics: false } }, env: { SIM_AGENTS: '24', SIM_TEAMS: '3' } });

  test('W1: tiles match the server states and a status change reaches its tile', async ({ page, floorboard }) => {
    const sim = floorboard.simulator!;
    const roster = sim.roster;
    for (const [i, r] of roster.entries()) {
      if (i % 3 === 0) sim.control.signIn(r.extno, { keep: true });
      if (i % 3 === 1) {
        sim.control.signIn(r.extno, { keep: true });
        sim.control.startCall(r.extno, { keep: true });
      }
    }
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=en`);
    await expect(page.locator('a.tile')).toHaveCount(roster.length);
    await expect
      .poll(async () => {
        const tiles = await page.locator('a.tile').evaluateAll((els) => els.map((e) => [e.getAttribute('data-extno'), e.getAttribute('data-status')]));
        return tiles.filter(([extno, status]) => status !== floorboard.floor.agent(extno!)?.status).length;
      })
      .toBe(0);
    for (const r of roster) expect(floorboard.floor.agent(r.extno)?.status).toBe(STATUS_BY_CODE[sim.control.status(r.extno)]);

    const target = roster[3]!.extno; // i % 3 === 0: signed in, idle
    const tile = page.locator(`a.tile[data-extno="${target}"]`);
    await expect(tile).toHaveAttribute('data-status', 'idle');
    sim.control.startCall(target, { keep: true });
    await expect(tile).toHaveAttribute('data-status', 'on_call', { timeout: 3_000 });
    sim.control.endCall(target, { wrapUp: true, keep: true });
    await expect(tile).toHaveAttribute('data-status', 'wrap_up', { timeout: 3_000 });
  });

  test('W2: time in state ticks every second', async ({ page, floorboard }) => {
    const extno = floorboard.simulator!.roster[0]!.extno;
    floorboard.simulator!.control.signIn(extno, { keep: true });
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=en`);
    const timer = page.locator(`a.tile[data-extno="${extno}"] .tile-timer`);
    await expect(timer).toHaveText(/\d\d:\d\d/);
    const first = await timer.textContent();
    await expect.poll(() => timer.textContent(), { timeout: 4_000 }).not.toBe(first);
  });

  test('W3: the team filter in the URL shows only that team', async ({ page, floorboard }) => {
    const team = floorboard.simulator!.roster[0]!.team;
    const members = floorboard.simulator!.roster.filter((r) => r.team === team).length;
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?team=${encodeURIComponent(team)}&lang=en`);
    await expect(page.locator('a.tile')).toHaveCount(members);
  });

  test('W4: zh-CN and English both render', async ({ page, floorboard }) => {
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=zh-CN`);
    await expect(page.locator('a.tile').first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', /zh/);
    await expect(page.getByText('签入').first()).toBeVisible();
    await page.goto(`${floorboard.url}/?lang=en`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByText('Signed in').first()).toBeVisible();
  });

  test('W5: axe finds no serious accessibility violation on the board', async ({ page, floorboard }) => {
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=en`);
    await expect(page.locator('a.tile').first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test.describe('honest freshness', () => {
  test.use({
    start: { simulator: { dynamics: false }, floor: { links: { backoff: { baseMs: 100, capMs: 500 } } } },
    env: { SIM_AGENTS: '12', SIM_TEAMS: '2' },
  });

  test('W6: when the call system stops the tiles go grey with their age, and recover when it returns', async ({ page, floorboard }) => {
    const sim = floorboard.simulator!;
    for (const r of sim.roster) sim.control.signIn(r.extno, { keep: true });
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=en`);
    await expect(page.locator('a.tile[data-link="live"]')).toHaveCount(sim.roster.length);

    await sim.faults.stopServer({ mode: 'terminate' });
    await expect(page.locator('a.tile[data-link="off"]')).toHaveCount(sim.roster.length, { timeout: 10_000 });
    // The last known status is kept (never shown as signed out).
    await expect(page.locator('a.tile[data-status="signed_out"]')).toHaveCount(0);
    await expect(page.locator('.tile-nodata').first()).not.toBeEmpty({ timeout: 5_000 });

    await sim.faults.restartServer();
    await expect(page.locator('a.tile[data-link="live"]')).toHaveCount(sim.roster.length, { timeout: 15_000 });
  });

  test('W7: when the board loses its own server the whole board says so', async ({ page, floorboard }) => {
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=en`);
    await expect(page.locator('a.tile').first()).toBeVisible();
    // Cut every board socket from the server side.
    floorboard.floor.realtime.io.disconnectSockets(true);
    await page.context().setOffline(true);
    await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 10_000 });
    await page.context().setOffline(false);
    await expect(page.locator('a.tile').first()).toBeVisible();
  });
});

test('W8: without a session the board redirects to sign-in', async ({ page, floorboard }) => {
  await page.goto(`${floorboard.url}/`);
  await expect(page).toHaveURL(/\/login/);
});

/**
 * A tile or section a person can see: visible and inside the grid's box. (The staged next page of
 * a kiosk is laid out and visible but moved out of that box, rule V9.) Runs in the page: see
 * showOnScreen.
 */
function isOnScreen(e: Element): boolean {
  const r = e.getBoundingClientRect();
  const box = document.querySelector('#agents')!.getBoundingClientRect();
  return e.checkVisibility({ checkVisibilityCSS: true }) && r.bottom > box.top && r.top < box.bottom && r.right > box.left && r.left < box.right;
}

declare global {
  interface Window {
    fbOnScreen(e: Element): boolean;
  }
}

/** Gives the page's own functions isOnScreen, as `window.fbOnScreen` (before the page loads). */
async function showOnScreen(page: Page): Promise<void> {
  await page.addInitScript(`window.fbOnScreen = ${isOnScreen.toString()}`);
}

test.describe('kiosk paging', () => {
  test.use({
    start: { simulator: { dynamics: false } },
    env: { SIM_AGENTS: '400', SIM_TEAMS: '4' },
    viewport: { width: 1366, height: 768 },
  });

  test('W9: a kiosk that cannot fit everyone pages on a timer, one page on screen at a time, every agent on a page', async ({ page, floorboard }) => {
    test.setTimeout(120_000);
    await signIn(page, floorboard);
    await showOnScreen(page);
    // By extension: the attention sort would move agents between pages as their idle time grows.
    await page.goto(`${floorboard.url}/board?lang=en&page=12&sort=extno`);
    await expect(page.getByRole('status').filter({ hasText: /Page 1 of 2/ })).toBeVisible({ timeout: 30_000 });
    const shown = () =>
      page.locator('#agents a.tile').evaluateAll((els) => els.filter((e) => window.fbOnScreen(e)).map((e) => e.getAttribute('data-extno')));
    // The fit settles once the header and the page indicator have taken their space.
    let first = await shown();
    await expect
      .poll(
        async () => {
          const now = await shown();
          const same = now.join() === first.join();
          first = now;
          return same;
        },
        { intervals: [700] },
      )
      .toBe(true);
    expect(first.length).toBeGreaterThan(100);
    expect(first.length).toBeLessThan(400);
    // The other page is mounted (ready to show) but not on screen.
    await expect(page.locator('#agents a.tile')).toHaveCount(400);
    await expect(page.getByRole('status').filter({ hasText: /Page 2 of 2/ })).toBeVisible({ timeout: 30_000 });
    const second = await shown();
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect(new Set([...first, ...second]).size).toBe(400);
  });

  test('V13: a turn shows the new page one section per frame, top first, and the old page is gone from the first frame', async ({ page, floorboard }) => {
    test.setTimeout(120_000);
    await signIn(page, floorboard);
    await showOnScreen(page);
    await page.goto(`${floorboard.url}/board?lang=en&page=6&sort=extno`);
    await expect(page.getByRole('status').filter({ hasText: /Page 1 of 2/ })).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('#agents .fb-page[data-stage]')).toHaveCount(1, { timeout: 10_000 });
    // Per frame from the turn on: how many of the new page's sections, and of the old page's
    // tiles, are on screen. The first reading is taken in the turn's commit, before it paints.
    const frames = await page.evaluate(
      () =>
        new Promise<{ shown: number; sections: number; oldTiles: number }[]>((resolve) => {
          const area = document.querySelector('#agents')!;
          const old = area.querySelector('.fb-page[data-current]')!;
          const out: { shown: number; sections: number; oldTiles: number }[] = [];
          const read = () => {
            const current = area.querySelector('.fb-page[data-current]')!;
            const sections = [...current.children].filter((el) => el.tagName === 'SECTION');
            out.push({
              shown: sections.filter((s) => window.fbOnScreen(s)).length,
              sections: sections.length,
              oldTiles: [...old.querySelectorAll('a.tile')].filter((t) => window.fbOnScreen(t)).length,
            });
          };
          const observer = new MutationObserver(() => {
            if (area.querySelector('.fb-page[data-current]') === old) return;
            observer.disconnect();
            read();
            const next = () => {
              read();
              if (out.length < 20) requestAnimationFrame(next);
              else resolve(out);
            };
            requestAnimationFrame(next);
          });
          observer.observe(area, { subtree: true, attributes: true, attributeFilter: ['data-current'] });
        }),
    );
    const sections = frames[0]!.sections;
    expect(sections).toBeGreaterThanOrEqual(2);
    expect(frames[0]!.shown).toBe(1);
    for (const [i, f] of frames.entries()) {
      expect(f.oldTiles).toBe(0);
      if (i > 0) expect(f.shown - frames[i - 1]!.shown).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(f.shown - frames[i - 1]!.shown).toBeLessThanOrEqual(1);
    }
    expect(frames.at(-1)!.shown).toBe(sections);
  });

  test('V9: Tab from the last tile of a page moves onto the next page, which turns to show it, and focus holds the page', async ({ page, floorboard }) => {
    test.setTimeout(120_000);
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/board?lang=en&page=8&sort=extno`);
    const indicator = (n: number) => page.getByRole('status').filter({ hasText: new RegExp(`Page ${n} of 2`) });
    await expect(indicator(1)).toBeVisible({ timeout: 30_000 });
    // The next page is staged a second after a turn: its tiles are then laid out and focusable.
    await expect(page.locator('#agents .fb-page[data-stage]')).toHaveCount(1, { timeout: 10_000 });
    await page.locator('#agents .fb-page[data-current] a.tile').last().focus();
    await page.keyboard.press('Tab');
    await expect(indicator(2)).toBeVisible();
    const focused = page.locator('#agents a.tile:focus');
    await expect(focused).toHaveCount(1);
    expect(await focused.evaluate(isOnScreen)).toBe(true);
    // The page timer (8 s) does not turn away from the focused tile.
    await page.waitForTimeout(9_000);
    await expect(indicator(2)).toBeVisible();
    expect(await focused.evaluate(isOnScreen)).toBe(true);
  });
});

test.describe('4K legibility', () => {
  test.use({
    start: { simulator: { dynamics: false } },
    env: { SIM_AGENTS: '800', SIM_TEAMS: '8' },
    viewport: { width: 3840, height: 2160 },
  });

  test('V1 V3: a 4K kiosk keeps text at 1/90 of the screen height and pages the rest by whole team', async ({ page, floorboard }) => {
    test.setTimeout(120_000);
    await signIn(page, floorboard);
    await showOnScreen(page);
    // Not grouped in the URL: the kiosk pages by team all the same (V3).
    await page.goto(`${floorboard.url}/board?lang=en&page=8&sort=extno`);
    const indicator = page.getByRole('status').filter({ hasText: /Page 1 of 2/ });
    await expect(indicator).toBeVisible({ timeout: 30_000 });
    const teams = floorboard.simulator!.roster.map((r) => r.team);
    const firstTeam = teams[0]!;
    await expect(indicator).toContainText(firstTeam);

    // V1: the grid's base font is at least 2160 / 90 = 24 px.
    const fontPx = await page.locator('.fb-grid').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(24);

    // The teams on screen and the page the indicator names, read in one go (a page may turn between two reads).
    const onScreen = () =>
      page.evaluate(() => ({
        page: /Page (\d+) of/.exec(document.querySelector('[role=status] .tabular')?.textContent ?? '')?.[1] ?? '',
        teams: [...document.querySelectorAll('#agents section')]
          .filter((e) => window.fbOnScreen(e))
          .map((e) => [e.getAttribute('aria-label'), e.querySelectorAll('a.tile').length] as const),
      }));
    // The fit settles once the header and the page indicator have taken their space.
    let first = await onScreen();
    await expect
      .poll(
        async () => {
          const now = await onScreen();
          const same = JSON.stringify(now) === JSON.stringify(first);
          first = now;
          return same && now.teams.length > 0;
        },
        { intervals: [700] },
      )
      .toBe(true);
    // Whole teams only: each team on the page shows all of its agents.
    const teamSize = (team: string | null) => teams.filter((t) => t === team).length;
    expect(first.teams.length).toBeGreaterThan(1);
    for (const [team, count] of first.teams) expect(count).toBe(teamSize(team));

    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The other page: the rest of the teams, none twice.
    let second = first;
    await expect.poll(async () => (second = await onScreen()).page !== first.page && second.teams.length > 0, { timeout: 30_000 }).toBe(true);
    const all = [...first.teams, ...second.teams].map(([label]) => label);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(new Set(teams).size);
  });
});
