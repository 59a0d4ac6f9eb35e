import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatHms, noticeFrame } from '@/server/simulator/notice';
import { monitorUrl, openMonitor, refusedStatus, startSim, useCleanup } from './helpers';

const HMS = /^\d{2,}:[0-5]\d:[0-5]\d$/;
const track = useCleanup();

afterEach(() => {
  vi.useRealTimers();
});

/** Fake the clock and timers only: socket I/O and setImmediate stay real. */
function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

describe('monitor socket: authentication', () => {
  it('refuses the upgrade with 401 for an unknown token', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false });
    expect(await refusedStatus(monitorUrl(sim, 'not-a-token'))).toBe(401);
  });

  it('refuses the upgrade with 401 when the query string (the token) is missing', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false });
    expect(await refusedStatus(`${sim.url.replace('http', 'ws')}/agent/monitor`)).toBe(401);
    expect(await refusedStatus(`${sim.url.replace('http', 'ws')}/agent/monitor?`)).toBe(401);
  });

  it('does not accept the token as a name=value parameter: the whole query string is the token', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false });
    const token = sim.roster[0]?.token ?? '';
    expect(await refusedStatus(`${sim.url.replace('http', 'ws')}/agent/monitor?access_token=${token}`)).toBe(401);
  });

  it('answers 404 to an upgrade on another path', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false });
    const token = sim.roster[0]?.token ?? '';
    expect(await refusedStatus(`${sim.url.replace('http', 'ws')}/agent/other?${token}`)).toBe(404);
  });
});

describe('monitor socket: notices', () => {
  it('sends the current status on connect', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    sim.control.signIn('1002');
    const c = track(await openMonitor(sim, '1002'));
    const first = await c.frameAt(0);
    expect(first).toEqual({ method: 'notice', status: 1, time: expect.stringMatching(HMS) });
  });

  it('sends a notice on every status change, to every socket of the agent', async () => {
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const a = track(await openMonitor(sim, '1001'));
    const b = track(await openMonitor(sim, '1001'));
    expect(sim.monitorSockets('1001')).toBe(2);
    sim.control.signIn('1001');
    sim.control.startCall('1001');
    sim.control.endCall('1001');
    sim.control.setStatus('1001', 1);
    sim.control.signOut('1001');
    for (const c of [a, b]) {
      await c.waitForCount(7);
      const statuses = c.frames.filter((f) => f.method === 'notice').map((f) => f.status);
      expect(statuses).toEqual([0, 1, 2, 3, 1, 0]);
      // The screen pop comes before the on-call notice.
      expect(c.frames.map((f) => f.method)).toEqual(['notice', 'notice', 'info', 'notice', 'notice', 'notice', 'notice']);
    }
  });

  it('ticks a notice to every connected agent once per tickMs', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 10, dynamics: false, tickMs: 1000 });
    const clients = [track(await openMonitor(sim, '1001')), track(await openMonitor(sim, '1005'))];
    for (const c of clients) await c.waitForCount(1);
    vi.advanceTimersByTime(3000);
    for (const c of clients) {
      await c.roundTrip();
      expect(c.received).toHaveLength(4);
      expect(c.frames.slice(1).every((f) => f.method === 'notice' && f.status === 0)).toBe(true);
    }
    // `time` is the real time in the state: the floor started signed out when the simulator did.
    expect(clients[0]?.frames.map((f) => f.time)).toEqual(['00:00:00', '00:00:00', '00:00:01', '00:00:02']);
  });

  it('spreads the per-second ticks across the second in slices instead of one burst', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 10, dynamics: false, tickMs: 1000 });
    const clients = [];
    for (let i = 0; i < 10; i++) clients.push(track(await openMonitor(sim, String(1001 + i))));
    for (const c of clients) await c.waitForCount(1);
    // 1000 ms in 50 slices of 20 ms: after 100 ms, five slices (five agents) have ticked.
    vi.advanceTimersByTime(100);
    for (const c of clients) await c.roundTrip();
    const ticked = clients.filter((c) => c.received.length === 2).length;
    const untouched = clients.filter((c) => c.received.length === 1).length;
    expect([ticked, untouched]).toEqual([5, 5]);
    vi.advanceTimersByTime(900);
    for (const c of clients) await c.roundTrip();
    expect(clients.every((c) => c.received.length === 2)).toBe(true);
  });

  it('with tickMs 0 sends notices on change only', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 0 });
    const c = track(await openMonitor(sim, '1001'));
    await c.waitForCount(1);
    vi.advanceTimersByTime(10_000);
    await c.roundTrip();
    expect(c.received).toHaveLength(1);
    sim.control.signIn('1001');
    await c.waitForCount(2);
    await c.roundTrip();
    expect(c.frames).toEqual([
      { method: 'notice', status: 0, time: '00:00:00' },
      { method: 'notice', status: 1, time: '00:00:00' },
    ]);
  });

  it('reports real elapsed time in `time`, whatever the speed', async () => {
    fakeClock();
    const sim = await startSim(track, { agents: 3, dynamics: false, tickMs: 1000, speed: 10 });
    sim.control.signIn('1001');
    const c = track(await openMonitor(sim, '1001'));
    await c.waitForCount(1);
    // 1001 is in the first tick slice (every 1000 ms from +20 ms): its sixth tick is at +5020 ms.
    vi.advanceTimersByTime(5020);
    await c.roundTrip();
    expect(c.frames.at(-1)).toEqual({ method: 'notice', status: 1, time: '00:00:05' });
  });

  it('formats hours past 99 without truncating', () => {
    expect(formatHms(0)).toBe('00:00:00');
    expect(formatHms(3599.9)).toBe('00:59:59');
    expect(formatHms(99 * 3600 + 61)).toBe('99:01:01');
    expect(formatHms(123 * 3600 + 4 * 60 + 5)).toBe('123:04:05');
    expect(JSON.parse(noticeFrame(3, 257_000))).toEqual({ method: 'notice', status: 3, time: '00:04:17' });
  });
});

describe('monitor socket: screen pop', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
  const HAN = /[\u4e00-\u9fff]/;

  it('sends an info frame in the document\'s exact shape when a call connects', async () => {
    const sim = await startSim(track, { agents: 20, dynamics: false, tickMs: 0 });
    sim.control.signIn('1003');
    const c = track(await openMonitor(sim, '1003'));
    const owners = new Set<string>();
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      const sessionId = sim.control.startCall('1003');
      sim.control.endCall('1003', { wrapUp: false });
      await c.waitForCount(1 + 3 * (i + 1));
      const frame = c.frames.filter((f) => f.method === 'info').at(-1) as Record<string, unknown>;
      expect(Object.keys(frame).sort()).toEqual(['city', 'extno', 'info', 'method', 'sessionId']);
      expect(frame.sessionId).toBe(sessionId);
      expect(frame.sessionId).toMatch(UUID);
      expect(frame.city).toMatch(/^[\u4e00-\u9fff]+-[\u4e00-\u9fff]+$/);
      expect(frame.extno).toBe('1003');
      const info = frame.info as Record<string, unknown>;
      expect(Object.keys(info).sort()).toEqual(
        ['admin_id', 'edit_stamp', 'extno', 'fields', 'group', 'import_stamp', 'name', 'project_id', 'status', 'task_id', 'telephone', 'uuid'],
      );
      expect(info).toMatchObject({
        admin_id: expect.any(Number),
        project_id: expect.any(Number),
        status: expect.any(Number),
        task_id: expect.any(Number),
        group: expect.stringMatching(/^销售.+组$/),
        telephone: expect.stringMatching(/^1[3-9]\d{9}$/),
        edit_stamp: expect.stringMatching(STAMP),
        import_stamp: expect.stringMatching(STAMP),
        uuid: expect.stringMatching(UUID),
      });
      expect(info.edit_stamp as string >= (info.import_stamp as string)).toBe(true);
      // `fields` is a JSON-encoded STRING of an object of strings and string arrays.
      expect(typeof info.fields).toBe('string');
      const fields = JSON.parse(info.fields as string) as Record<string, unknown>;
      expect(Object.keys(fields).length).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(fields)) {
        expect(k).toMatch(HAN);
        expect(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))).toBe(true);
      }
      expect(fields).toHaveProperty('年龄');
      expect(fields).toHaveProperty('意向');
      owners.add(info.extno as string);
      names.push(info.name as string);
    }
    // The record's owner is sometimes another agent; the name is sometimes empty, else Chinese.
    expect(owners.has('1003')).toBe(true);
    expect(owners.size).toBeGreaterThan(1);
    expect(names.some((n) => n === '')).toBe(true);
    expect(names.filter((n) => n !== '').every((n) => HAN.test(n))).toBe(true);
  });

  it('sends info as a JSON string when infoAsString is set', async () => {
    const sim = await startSim(track, { agents: 2, dynamics: false, tickMs: 0, infoAsString: true });
    const c = track(await openMonitor(sim, '1001'));
    sim.control.signIn('1001');
    const sessionId = sim.control.startCall('1001');
    const frame = await c.frameAt(2);
    expect(frame).toMatchObject({ method: 'info', sessionId, extno: '1001' });
    expect(typeof frame.info).toBe('string');
    const record = JSON.parse(frame.info as string) as Record<string, unknown>;
    expect(record.uuid).toBe(sim.control.call('1001')?.infoUuid);
    expect(typeof record.fields).toBe('string');
  });
});
