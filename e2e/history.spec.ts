/**
 * The history page against a real Floorboard with history on (PGlite in memory) and the
 * simulator running fast: charts drawn from recorded intervals, the per-agent table, sorting,
 * a CSV download (BOM and header), and the agent detail's timeline of today.
 * With HISTORY_SCREENSHOTS=<dir> it also writes the page at 1366x768 and 1920x1080 there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Floorboard } from '@/server/index';
import { expect, signIn, test } from './fixtures';

const AGENTS = 40;

/** Let the floor run until the database holds calls of every team (the simulator at speed 30). */
async function recorded(app: Floorboard, minCalls: number): Promise<void> {
  await app.history!.ready;
  await expect
    .poll(
      async () => {
        const store = app.history!.store()!;
        await store.recorder.flush(5_000);
        const r = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
        return r.rows[0]!.n;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBeGreaterThanOrEqual(minCalls);
  // The day's summary counts whole minutes (per-minute rollups, "until HH:MM"): wait until the
  // minute of the first call has ended, or a run that began less than a minute ago shows 0.
  const first = await app.history!.store()!.db.query<{ ms: number }>('SELECT (extract(epoch FROM min(connected_at)) * 1000)::float8 AS ms FROM calls');
  const minuteEnds = (Math.floor(first.rows[0]!.ms / 60_000) + 1) * 60_000;
  const wait = minuteEnds - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 500));
}

test.describe('history', () => {
  test.describe.configure({ timeout: 180_000 });
  test.use({ env: { HISTORY: 'on', DATA_DIR: 'memory://', SIM_AGENTS: String(AGENTS), SIM_TEAMS: '4', SIM_SPEED: '30', SIM_TICK_MS: '0' } });

  test('HI1: charts from real intervals, the per-agent table sorted, and the agents CSV with a BOM', async ({ page, floorboard }, testInfo) => {
    await recorded(floorboard, 60);
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/history?lang=en`);

    // Summary cards: today so far has calls.
    const calls = page.locator('[data-figure="history.col.callsConnected"]');
    await expect(calls).toBeVisible();
    await expect.poll(async () => Number((await calls.locator('.text-2xl').innerText()).replace(/[^\d]/g, ''))).toBeGreaterThan(0);

    // Stacked areas and bars drawn from data (recharts SVG with real geometry).
    const area = page.locator('[data-chart="chart-agents"] path.recharts-area-area');
    await expect(area).toHaveCount(3);
    await expect.poll(async () => ((await area.first().getAttribute('d')) ?? '').length).toBeGreaterThan(20);
    await expect.poll(() => page.locator('[data-chart="chart-calls"] .recharts-bar-rectangle path').count()).toBeGreaterThan(0);
    // A line chart holds a drawn curve, or, while the run has filled a single interval, its dot.
    for (const chart of ['chart-handle', 'chart-occupancy']) {
      const lines = page.locator(`[data-chart="${chart}"]`);
      await expect
        .poll(async () => (await lines.locator('path.recharts-line-curve[d^="M"]').count()) + (await lines.locator('.recharts-line-dot').count()), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
    }

    // Every agent who signed in is a row; sorting by calls puts the busiest first.
    const table = page.getByTestId('history-agents');
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(AGENTS / 2);
    await table.getByRole('button', { name: 'Calls', exact: true }).click();
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('Calls');
    const callsColumn = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[4]?.textContent?.replace(/[^\d]/g, '') ?? '')));
    expect(callsColumn).toEqual([...callsColumn].sort((a, b) => b - a));

    // The CSV: UTF-8 with a BOM, English header, one line per agent.
    const downloading = page.waitForEvent('download');
    await page.getByTestId('csv-agents').click();
    const download = await downloading;
    const file = testInfo.outputPath('agents.csv');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Extension,Name,Team,Signed in (s),Calls,Talk (s),Wrap-up (s),Idle (s),Avg talk (s),Occupancy (%),Longest wrap-up (s),Longest idle (s)');
    expect(lines.length - 1).toBe(await rows.count());

    const dir = process.env.HISTORY_SCREENSHOTS;
    if (dir) {
      for (const [width, height, theme] of [
        [1366, 768, 'light'],
        [1920, 1080, 'dark'],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${floorboard.url}/history?lang=${width === 1366 ? 'zh-CN' : 'en'}&theme=${theme}`);
        await expect(page.locator('[data-chart="chart-agents"] path.recharts-area-area')).toHaveCount(3);
        await page.screenshot({ path: path.join(dir, `history-${width}x${height}-${theme}.png`) });
      }
    }
  });

  test('HI2: the agent detail shows today as a timeline of recorded states, zh-CN', async ({ page, floorboard }) => {
    await recorded(floorboard, 20);
    const extno = floorboard.simulator!.roster[0]!.extno;
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/agent/${extno}?lang=zh-CN`);
    const bar = page.getByTestId('agent-timeline');
    await expect.poll(() => bar.locator('li').count()).toBeGreaterThan(1);
    // Focus shows the same line as a hover (narrow neighbours overlap a pointer at 1 px).
    await bar.locator('li[data-status="on_call"]').first().focus();
    await expect(page.getByText(/^通话中：\d\d:\d\d:\d\d–/)).toBeVisible();
  });
});
