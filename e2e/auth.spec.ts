/**
 * Who may see and do what, in a real browser against the real server (docs/security.md):
 * a team lead created through the admin API sees only the team's tiles and acts on an agent
 * (over the board's socket, the three-way number prefilled with the lead's own); a display link
 * opens the board without a sign-in and, when an admin revokes it from the admin page, gives way
 * within seconds to a full-screen "link revoked" notice (AUTH_SCREENSHOTS=<dir> saves it);
 * the board and the admin pages run under the CSP without a single violation.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN_PASSWORD, expect, signIn, test } from './fixtures';

const LEAD_PASSWORD = 'team-lead-password-1';

/** Records CSP violations the page reports (the event fires for blocked scripts, styles, connects). */
const CSP_SPY = () => {
  const w = window as unknown as { __csp: string[] };
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
};

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

test.describe('sign-in, roles and display links', () => {
  test.use({ start: { simulator: { dynamics: false } }, env: { SIM_AGENTS: '24', SIM_TEAMS: '3' } });

  test('AU-E1: a team lead sees only the team, acts on an agent over the live socket, with the three-way number prefilled', async ({ page, browser, floorboard }) => {
    test.setTimeout(120_000);
    const sim = floorboard.simulator!;
    const team = sim.roster[0]!.team;
    const members = sim.roster.filter((r) => r.team === team).map((r) => r.extno);
    const [agent, onCall] = members as [string, string];
    // Next call takes an agent out of wrap-up; the three-way needs a call in progress.
    sim.control.keepInWrapUp(agent);
    sim.control.signIn(onCall, { keep: true });
    sim.control.startCall(onCall, { keep: true });

    await signIn(page, floorboard);
    const created = await page.request.post(`${floorboard.url}/api/admin/users`, {
      headers: { origin: floorboard.url },
      data: { username: 'lead1', displayName: 'Lead One', role: 'team_lead', teams: [team], password: LEAD_PASSWORD, phone: '8001' },
    });
    expect(created.status()).toBe(201);

    const lead = await browser.newContext();
    const leadPage = await lead.newPage();
    await signIn(leadPage, floorboard, 'lead1', LEAD_PASSWORD);
    await leadPage.goto(`${floorboard.url}/?lang=en`);
    const tiles = leadPage.locator('a.tile[data-extno]');
    await expect(tiles).toHaveCount(members.length);
    expect((await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-extno')))).sort()).toEqual([...members].sort());

    // Actions go over the board's socket: no REST request to the control API is made.
    const restActions: string[] = [];
    leadPage.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/agents/')) restActions.push(r.url());
    });
    await leadPage.goto(`${floorboard.url}/agent/${agent}?lang=en`);
    const bar = leadPage.getByTestId('action-bar');
    await bar.locator('button[data-action="next_call"]').click();
    const result = leadPage.getByTestId('action-result');
    await expect(result).toHaveAttribute('data-result', 'ok');
    await expect(result).toHaveText('Next call: done.');
    expect(sim.records.requests.some((r) => r.path.endsWith('/nextCall'))).toBe(true);
    expect(restActions).toEqual([]);

    // Three-way: the dialog starts with the lead's own number, still editable.
    await leadPage.goto(`${floorboard.url}/agent/${onCall}?lang=en`);
    const meeting = bar.locator('button[data-action="meeting"]');
    await expect(meeting).toBeEnabled();
    await meeting.click();
    const field = leadPage.getByRole('dialog', { name: /Three-way call with/ }).getByLabel('Number or extension to bring in');
    await expect(field).toHaveValue('8001');
    await field.fill('8002');
    await expect(field).toHaveValue('8002');

    // An agent of another team is not the lead's: the server refuses to act on it.
    const other = sim.roster.find((r) => r.team !== team)!.extno;
    const refused = await leadPage.request.post(`${floorboard.url}/api/agents/${other}/next_call`, { headers: { origin: floorboard.url }, data: { requestId: crypto.randomUUID() } });
    expect(refused.status()).toBe(403);
    await lead.close();
  });

  test('DL-E1: a display link shows the board without a sign-in and drops to the "link revoked" screen within seconds of its revocation', async ({ page, browser, floorboard }) => {
    await signIn(page, floorboard);
    const name = `Wall TV ${Date.now()}`;
    const res = await page.request.post(`${floorboard.url}/api/admin/display-links`, { headers: { origin: floorboard.url }, data: { name, teams: '*', view: { lang: 'en' } } });
    expect(res.status()).toBe(201);
    const { path: linkPath } = ((await res.json()) as { data: { path: string } }).data;

    const tv = await browser.newContext();
    const tvPage = await tv.newPage();
    let sockets = 0;
    tvPage.on('websocket', () => sockets++);
    await tvPage.goto(`${floorboard.url}${linkPath}`);
    await expect(tvPage).toHaveURL(/\/board/);
    await expect(tvPage.locator('a.tile[data-extno]')).toHaveCount(24);
    const revoked = tvPage.getByTestId('dead-link');
    await expect(revoked).toHaveCount(0);

    await page.goto(`${floorboard.url}/admin?lang=en`);
    const row = page.locator('tr', { hasText: name });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('Revoked');

    // The board gives way to the notice: no tiles, no generic refusal banner.
    await expect(revoked).toBeVisible({ timeout: 10_000 });
    await expect(revoked).toHaveAttribute('data-code', 'LINK_REVOKED');
    await expect(revoked.getByRole('heading')).toHaveText('This display link has been revoked');
    await expect(revoked).toContainText('Ask an administrator for a new link.');
    await expect(tvPage.locator('a.tile[data-extno]')).toHaveCount(0);
    await expect(tvPage.getByRole('alert').filter({ hasText: 'The server refused this board' })).toHaveCount(0);
    const dir = process.env.AUTH_SCREENSHOTS;
    if (dir) await tvPage.screenshot({ path: path.join(dir, 'display-link-revoked.png') });
    // And it stops there: no further handshake (the server-close retry is 3 s).
    const opened = sockets;
    await tvPage.waitForTimeout(5_000);
    expect(sockets).toBe(opened);

    // A reload, or the link itself, shows the same message instead of a board or a sign-in form.
    const reload = await tvPage.reload();
    expect(reload?.status()).toBe(401);
    await expect(tvPage.getByRole('heading', { name: 'This display link has been revoked' })).toBeVisible();
    const again = await tv.request.get(`${floorboard.url}${linkPath}`, { maxRedirects: 0 });
    expect(again.status()).toBe(401);
    expect(await again.text()).toContain('此显示链接已被撤销');
    await tv.close();
  });

  test('HG-E1: the board and the admin pages run under the CSP with no violation and no console error', async ({ page, floorboard }) => {
    await page.addInitScript(CSP_SPY);
    const errors = consoleErrors(page);
    await signIn(page, floorboard, 'admin', ADMIN_PASSWORD);
    for (const path of ['/?lang=en', '/admin?lang=en', '/announcements?lang=en', '/audit?lang=en']) {
      const response = await page.goto(`${floorboard.url}${path}`);
      expect(response?.headers()['content-security-policy'], path).toContain("script-src 'self' 'nonce-");
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), path).toEqual([]);
    }
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
