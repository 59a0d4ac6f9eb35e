/**
 * The control path from the browser (docs/control-api.md): announcements with live receipts,
 * and an action from the agent detail page that leaves an audit record.
 */
import { expect, signIn, test } from './fixtures';

test.describe('controls', () => {
  test.use({ start: { simulator: { dynamics: false } }, env: { SIM_AGENTS: '24', SIM_TEAMS: '3' } });

  test('CT1: an announcement to one team reaches N of N, live on the page', async ({ page, floorboard }) => {
    const sim = floorboard.simulator!;
    const team = sim.roster[0]!.team;
    const members = sim.roster.filter((r) => r.team === team).map((r) => r.extno);
    const text = `E2E 公告 ${Date.now()}`;

    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/announcements?lang=en`);
    await page.getByLabel('Text', { exact: true }).fill(text);
    await page.getByRole('radio', { name: 'Teams' }).check();
    await page.locator(`input[name="team"][value="${team}"]`).check();
    await expect(page.getByTestId('preview-count')).toContainText(`Goes to ${members.length} agents`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const receipts = page.getByTestId('receipts');
    await expect(receipts).toHaveAttribute('data-total', String(members.length));
    await expect(receipts).toHaveAttribute('data-delivered', String(members.length));
    await expect(receipts.getByRole('status')).toHaveText(`Delivered ${members.length} of ${members.length}`);
    await expect(receipts).toContainText('Every recipient has it.');

    const sent = sim.records.announcements.at(-1)!;
    expect(sent.msg).toBe(text);
    expect([...(sent.extnos ?? [])].sort()).toEqual([...members].sort());
    await expect(page.getByTestId('history')).toContainText(text);
  });

  test('CT2: a three-way call from the agent detail succeeds and is on the audit page', async ({ page, floorboard }, testInfo) => {
    const sim = floorboard.simulator!;
    const extno = sim.roster[0]!.extno;
    sim.control.signIn(extno, { keep: true });
    sim.control.startCall(extno, { keep: true });

    await signIn(page, floorboard);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${floorboard.url}/agent/${extno}?lang=en`);
    const bar = page.getByTestId('action-bar');
    const meeting = bar.locator('button[data-action="meeting"]');
    await expect(meeting).toBeEnabled();
    await expect(bar.locator('button[data-action="hold"]')).toBeEnabled();
    await expect(bar.locator('button[data-action="logon"]')).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('agent-actions-1366x768.png') });

    await meeting.click();
    const dialog = page.getByRole('dialog', { name: /Three-way call with/ });
    await dialog.getByLabel('Number or extension to bring in').fill('8001');
    await dialog.getByRole('button', { name: 'Call in' }).click();

    const result = page.getByTestId('action-result');
    await expect(result).toHaveAttribute('data-result', 'ok');
    await expect(result).toHaveText('Three-way: done.');
    expect(sim.records.meetings.filter((m) => m.extno === extno).map((m) => m.tel)).toEqual(['8001']);

    await page.goto(`${floorboard.url}/audit?lang=en`);
    await page.getByLabel('Agent', { exact: true }).fill(extno);
    await page.getByLabel('Action', { exact: true }).selectOption('meeting');
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.locator('[data-testid="audit-table"] tbody tr[data-action="meeting"]');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-result', 'ok');
    await expect(row).toContainText(extno);
    await expect(page.getByTestId('audit-csv')).toHaveAttribute('href', `/api/audit.csv?extno=${extno}&action=meeting`);
  });
  test('CT3: hold toggles, sign-out after the call is pending and cancellable, SMS sends the edited template', async ({ page, floorboard }) => {
    const sim = floorboard.simulator!;
    const extno = sim.roster[1]!.extno;
    sim.control.signIn(extno, { keep: true });
    sim.control.startCall(extno, { keep: true });

    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/agent/${extno}?lang=en`);
    const bar = page.getByTestId('action-bar');
    const result = page.getByTestId('action-result');

    const hold = bar.locator('button[data-action="hold"]');
    await hold.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hold the call' }).click();
    await expect(result).toHaveText('The call is on hold.');
    await expect(hold).toHaveAttribute('aria-pressed', 'true');
    await expect(hold).toHaveText('Held: release');

    await bar.locator('button[data-action="logout"]').click();
    await page.getByRole('dialog').getByRole('button', { name: 'After this call' }).click();
    await expect(result).toHaveText('Sign-out requested: it happens when the call ends.');
    const pending = page.getByTestId('pending-signout');
    await expect(pending).toBeVisible();
    await pending.getByRole('button', { name: 'Cancel sign-out' }).click();
    await expect(pending).toBeHidden();
    await expect(result).toHaveText('Cancel sign-out: done.');

    await bar.locator('button[data-action="send_sms"]').click();
    const sms = page.getByRole('dialog', { name: /SMS to the customer/ });
    const box = sms.getByRole('textbox');
    await expect(box).not.toHaveValue('');
    await box.fill('E2E 短信');
    await sms.getByRole('button', { name: 'Send SMS' }).click();
    await expect(result).toHaveText('Send SMS: done.');
    expect(sim.records.sms.filter((r) => r.extno === extno).map((r) => r.msg)).toEqual(['E2E 短信']);
  });
});
