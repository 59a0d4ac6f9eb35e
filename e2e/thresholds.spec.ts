/**
 * Per-team colour thresholds end to end (docs/board.md, "Colour thresholds"): an admin sets a
 * team's idle tiers on the admin page, and the board's tile of an idle agent of that team
 * deepens by them without a reload (the server pushes `settings:thresholds`).
 */
import { expect, signIn, test } from './fixtures';

test.describe('per-team colour thresholds', () => {
  test.use({ start: { simulator: { dynamics: false } }, env: { SIM_AGENTS: '6', SIM_TEAMS: '2' } });

  test("TH-UI1: an admin sets a team's idle tiers on the admin page and that team's idle tile deepens by them", async ({ page, floorboard }) => {
    // Two pages of a production build on a shared, loaded machine.
    test.setTimeout(180_000);
    const sim = floorboard.simulator!;
    const agent = sim.roster[0]!;
    sim.control.signIn(agent.extno);
    await signIn(page, floorboard);

    await page.goto(`${floorboard.url}/?lang=en`);
    const tile = page.locator(`a.tile[data-extno="${agent.extno}"]`);
    await expect(tile).toHaveAttribute('data-status', 'idle');
    // The defaults: an idle agent reaches tier 3 only after 300 s.
    await expect(tile).not.toHaveAttribute('data-tier', '3');

    const admin = await page.context().newPage();
    await admin.goto(`${floorboard.url}/admin?lang=en`);
    const section = admin.locator('#thresholds');
    await expect(section).toBeVisible({ timeout: 30_000 });
    for (const [i, seconds] of ['1', '2', '3'].entries()) {
      await section.getByLabel(`${agent.team}, Idle, tier ${i + 1} (seconds)`).fill(seconds);
    }
    await section.getByRole('button', { name: 'Save thresholds' }).click();
    await expect(section.getByRole('status')).toHaveText('Saved.');

    // The open board gets the new table over its socket: no reload.
    await expect(tile).toHaveAttribute('data-tier', '3', { timeout: 10_000 });
  });
});
