/**
 * Alerts on the wall-board against the real server and simulator (docs/alerts.md): a 2-second
 * wrap-up rule, an agent kept in wrap-up, the banner and the tile mark, the beep and the spoken
 * text on a display opened with `?sound=1&speech=1`, and the acknowledgement from the banner.
 */
import type { Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { alertRuleSchema } from '@/lib/alerts/rules';
import { SOCKET_PATH } from '@/lib/protocol';
import type { Floorboard } from '@/server/index';
import { expect, signIn, test } from './fixtures';

/** Counts unmuted HTMLMediaElement.play() calls and records speechSynthesis.speak utterances. */
const INSTRUMENT = () => {
  const w = window as unknown as { __plays: number; __spoken: { text: string; lang: string }[] };
  w.__plays = 0;
  w.__spoken = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (!this.muted) w.__plays += 1;
    return play.call(this);
  };
  const synth = {
    speak: (u: SpeechSynthesisUtterance) => w.__spoken.push({ text: u.text, lang: u.lang }),
    cancel: () => {},
    pause: () => {},
    resume: () => {},
    getVoices: () => [],
    speaking: false,
    pending: false,
    paused: false,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  if (typeof window.SpeechSynthesisUtterance === 'undefined') {
    (window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class {
      lang = '';
      constructor(public text: string) {}
    };
  }
};

test.describe('alerts on the board', () => {
  test.use({ start: { simulator: { dynamics: false } }, env: { SIM_AGENTS: '12', SIM_TEAMS: '2' } });
  // Each test walks through several pages and waits on real alert timings: on a shared, loaded
  // machine a full walk can pass the default minute without anything being wrong.
  test.describe.configure({ timeout: 150_000 });

  test('AL-UI1: a stuck wrap-up shows the banner and the tile mark, beeps, speaks, and is acknowledged from the banner', async ({ page, floorboard }) => {
    await floorboard.alerts.ready;
    const replaced = await floorboard.alerts.service.replaceRules(
      [alertRuleSchema.parse({ id: 'wrap-2s', kind: 'wrap_up_long', severity: 'warning', params: { thresholdSec: 2 } })],
      { id: 'test', name: 'test' },
    );
    expect(replaced.ok).toBe(true);
    const sim = floorboard.simulator!;
    const agent = sim.roster[0]!;

    await page.addInitScript(INSTRUMENT);
    await signIn(page, floorboard);
    await page.goto(`${floorboard.url}/?lang=en&sound=1&speech=1`);
    await expect(page.locator('a.tile').first()).toBeVisible();
    await page.getByTestId('enable-sound').click();
    await expect(page.getByText('Alert sound on')).toBeVisible();
    const playsBefore = await page.evaluate(() => (window as unknown as { __plays: number }).__plays);

    sim.control.keepInWrapUp(agent.extno);
    const banner = page.getByTestId('alert-banner');
    await expect(banner).toBeVisible({ timeout: 6_000 });
    await expect(banner).toHaveAttribute('data-severity', 'warning');
    await expect(banner).toContainText(`${agent.team}: 1 agent in wrap-up over 2 seconds`);
    const tile = page.locator(`a.tile[data-extno="${agent.extno}"]`);
    await expect(tile).toHaveAttribute('data-alert', 'warning');
    await expect(tile.locator('.tile-alert')).toBeVisible();

    // The beep played and the summary was spoken, in English.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __plays: number }).__plays)).toBeGreaterThan(playsBefore);
    await expect(page.getByTestId('alert-audio')).not.toHaveAttribute('data-plays', '0');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken))
      .toContainEqual({ text: `${agent.team}: 1 agent in wrap-up over 2 seconds`, lang: 'en-US' });

    // The admin acknowledges from the banner: the summary and the agent's alert are acknowledged.
    await banner.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(banner).toHaveAttribute('data-acked', '1');
    await expect(banner).toContainText('Acknowledged by');
    await expect(banner.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
    await expect(tile).toHaveAttribute('data-alert-ack', '1');
    expect(floorboard.alerts.service.open('*').every((a) => a.acknowledged !== null)).toBe(true);

    // The agent leaves wrap-up: the alerts close and the banner and mark go.
    sim.control.release(agent.extno);
    sim.control.setStatus(agent.extno, 1);
    await expect(banner).toHaveCount(0, { timeout: 6_000 });
    await expect(tile).not.toHaveAttribute('data-alert', /.+/);

    // The history page lists what happened, offers the CSV, and lets the admin edit the rule.
    await page.goto(`${floorboard.url}/alerts?lang=en`);
    const history = page.getByTestId('alerts-history');
    await expect(history).toContainText('Opened');
    await expect(history).toContainText('Acknowledged');
    await expect(history).toContainText('Closed');
    await expect(page.getByTestId('alerts-csv')).toHaveAttribute('href', '/api/alerts.csv');
    await page.getByLabel('wrap-2s Threshold').fill('3');
    await page.getByLabel('wrap-2s Severity').selectOption('critical');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    expect(floorboard.alerts.service.rules().rules[0]).toMatchObject({ id: 'wrap-2s', severity: 'critical', params: { thresholdSec: 3 } });
  });

  test('AL-UI2: a viewer and a display link see the alert but no Acknowledge button, and the server refuses their ack', async ({ page, browser, floorboard }) => {
    await useTwoSecondWrapUpRule(floorboard);
    const sim = floorboard.simulator!;
    const agent = sim.roster[0]!;
    await signIn(page, floorboard);
    await createUser(page, floorboard, 'viewer1', 'viewer', []);
    const link = await page.request.post(`${floorboard.url}/api/admin/display-links`, { headers: { origin: floorboard.url }, data: { name: 'TV', teams: '*', view: { lang: 'en' } } });
    const { path, token } = ((await link.json()) as { data: { path: string; token: string } }).data;

    const viewer = await browser.newContext();
    const viewerPage = await viewer.newPage();
    await signIn(viewerPage, floorboard, 'viewer1', PASSWORD);
    await viewerPage.goto(`${floorboard.url}/?lang=en`);
    const tv = await browser.newContext();
    const tvPage = await tv.newPage();
    await tvPage.goto(`${floorboard.url}${path}`);
    for (const p of [viewerPage, tvPage]) await expect(p.locator('a.tile').first()).toBeVisible();

    sim.control.keepInWrapUp(agent.extno);
    for (const p of [viewerPage, tvPage]) {
      const banner = p.getByTestId('alert-banner');
      await expect(banner).toContainText(`${agent.team}: 1 agent in wrap-up over 2 seconds`, { timeout: 6_000 });
      await expect(banner.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
    }

    const alertId = floorboard.alerts.service.open('*')[0]!.id;
    const byViewer = await viewerPage.request.post(`${floorboard.url}/api/alerts/${alertId}/ack`, { headers: { origin: floorboard.url }, data: {} });
    expect(byViewer.status()).toBe(403);
    const byTvHttp = await tvPage.request.post(`${floorboard.url}/api/alerts/${alertId}/ack`, { headers: { origin: floorboard.url }, data: {} });
    expect(byTvHttp.status()).toBe(403);
    const socket = io(floorboard.url, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, auth: { display: token }, extraHeaders: { origin: floorboard.url } });
    try {
      await new Promise<void>((resolve) => socket.once('alert:snapshot', () => resolve()));
      const reply = (await socket.timeout(5_000).emitWithAck('alert:ack', { alertId, requestId: crypto.randomUUID() })) as { ok: boolean; code?: string };
      expect(reply.ok).toBe(false);
      expect(['UNAUTHORIZED', 'FORBIDDEN']).toContain(reply.code);
    } finally {
      socket.close();
    }
    expect(floorboard.alerts.service.open('*').every((a) => a.acknowledged === null)).toBe(true);
    await viewer.close();
    await tv.close();
  });

  test('AL-UI3: a team lead who allowed notifications gets one, titled with the severity, while the board is in the background', async ({ page, floorboard }) => {
    await useTwoSecondWrapUpRule(floorboard);
    const sim = floorboard.simulator!;
    const agent = sim.roster[0]!;
    await page.context().grantPermissions(['notifications'], { origin: floorboard.url });
    await page.addInitScript(NOTIFICATION_SPY);
    await signIn(page, floorboard);
    await createUser(page, floorboard, 'lead1', 'team_lead', [agent.team]);
    await page.context().clearCookies();
    await signIn(page, floorboard, 'lead1', PASSWORD);
    await page.goto(`${floorboard.url}/?lang=en`);
    await expect(page.locator('a.tile').first()).toBeVisible();
    await expect(page.getByText('Alert notifications on')).toBeVisible();

    await page.evaluate(() => ((window as unknown as { __hidden: boolean }).__hidden = true));
    sim.control.keepInWrapUp(agent.extno);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes), { timeout: 8_000 })
      .toContainEqual({ title: 'Warning', body: `${agent.team}: 1 agent in wrap-up over 2 seconds` });
  });
});

const PASSWORD = 'e2e-user-password-1';

async function useTwoSecondWrapUpRule(floorboard: Floorboard): Promise<void> {
  await floorboard.alerts.ready;
  const replaced = await floorboard.alerts.service.replaceRules(
    [alertRuleSchema.parse({ id: 'wrap-2s', kind: 'wrap_up_long', severity: 'warning', params: { thresholdSec: 2 } })],
    { id: 'test', name: 'test' },
  );
  expect(replaced.ok).toBe(true);
}

async function createUser(page: Page, floorboard: Floorboard, username: string, role: string, teams: string[]): Promise<void> {
  const res = await page.request.post(`${floorboard.url}/api/admin/users`, {
    headers: { origin: floorboard.url },
    data: { username, displayName: username, role, teams, password: PASSWORD },
  });
  expect(res.status()).toBe(201);
}

/** Records every Notification constructed, and lets the test say the page is in the background. */
const NOTIFICATION_SPY = () => {
  const w = window as unknown as { __notes: { title: string; body: string }[]; __hidden: boolean; Notification: unknown };
  w.__notes = [];
  w.__hidden = false;
  Object.defineProperty(Document.prototype, 'hidden', { get: () => w.__hidden, configurable: true });
  const Real = window.Notification;
  function Spy(title: string, options?: NotificationOptions) {
    w.__notes.push({ title, body: options?.body ?? '' });
    try {
      return new Real(title, options);
    } catch {
      return {};
    }
  }
  Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
  (Spy as unknown as { requestPermission: typeof Notification.requestPermission }).requestPermission = (cb) => Real.requestPermission(cb);
  w.Notification = Spy;
};
